import type { AdapterContext } from '../adapter.js';
import { loadCiYaml } from '../shared/yaml-documents/document.js';

// What a Helm chart template's `{{ .Values.dbtCloud.host }}` renders to with the chart's own
// values.yaml: the Secret a `secretKeyRef` names, the host a command's URL goes to. Only scalar
// values, by their dotted path; a value an install sets (`--set dbtCloud.token=…`) is linked to the
// template's read later (src/adapters/shared/helm-values.ts).

/** The scalar at a `.Values` path, as text. */
export type ChartValues = (path: readonly string[]) => string | undefined;

const MAX_VALUES_BYTES = 1024 * 1024;

/** The folder (with its `/`, '' at the top) of the chart whose `templates/` folder holds `path`, a `Chart.yaml` beside it; undefined elsewhere. */
export function chartRootOf(path: string, ctx: AdapterContext): string | undefined {
  const at = path.lastIndexOf('templates/');
  if (at < 0 || (at > 0 && path[at - 1] !== '/')) return undefined;
  const root = path.slice(0, at);
  return ctx.fileExists(`${root}Chart.yaml`) ? root : undefined;
}

/** The values of the chart whose `templates/` folder holds `path`; undefined elsewhere. */
export async function chartValuesOf(path: string, ctx: AdapterContext): Promise<ChartValues | undefined> {
  const root = chartRootOf(path, ctx);
  return root === undefined ? undefined : valuesFile(root, ['values.yaml', 'values.yml'], ctx);
}

/** Values files a chart keeps beside values.yaml for its production installs (`helm upgrade -f values-production.yaml`). */
const PRODUCTION_VALUES = ['values-production', 'values-prod', 'values.production', 'values.prod'].flatMap((n) => [
  `${n}.yaml`,
  `${n}.yml`,
]);

/**
 * What a production install of the chart holds at a path: its production values file's value,
 * else values.yaml's (a token written there types the templates' reads of it).
 */
export async function productionValuesOf(path: string, ctx: AdapterContext): Promise<ChartValues | undefined> {
  const root = chartRootOf(path, ctx);
  if (root === undefined) return undefined;
  const files = [await valuesFile(root, PRODUCTION_VALUES, ctx), await valuesFile(root, ['values.yaml', 'values.yml'], ctx)];
  return (segments) => {
    for (const f of files) {
      const v = f?.(segments);
      if (v !== undefined && v.trim() !== '') return v;
    }
    return undefined;
  };
}

/** The scalars of the first of `names` in the chart's folder, by dotted path. */
async function valuesFile(root: string, names: readonly string[], ctx: AdapterContext): Promise<ChartValues | undefined> {
  let file: { text: string } | undefined;
  for (const n of names) if ((file = ctx.readRepoFile(`${root}${n}`))) break;
  if (!file || file.text.length > MAX_VALUES_BYTES) return undefined;
  const { docs, problems } = await loadCiYaml(file.text);
  const doc = docs[0];
  if (!doc || problems.length > 0) return undefined;
  return (segments) => {
    let node = doc.root;
    for (const s of segments.slice(0, 20)) node = doc.value(node, s);
    const deref = doc.deref(node);
    return doc.isScalar(deref) ? doc.str(deref) : undefined;
  };
}

/** `.Values.dbtCloud.host | quote`: the path's segments, when the action is one `.Values` read (filters aside). */
export function valuesPath(action: string): string[] | undefined {
  const m = /^\s*\.Values((?:\.[A-Za-z_][\w-]*){1,20})\s*(?:\|[^|]*)*$/.exec(action);
  return m ? m[1]!.slice(1).split('.') : undefined;
}

/** `{{ .Values.dbtCloud.token | quote }}`, a whole value that is one `.Values` read: the path's segments. */
export function wholeValuesPath(value: string): string[] | undefined {
  const m = /^\s*\{\{-?\s*([^{}]*?)\s*-?\}\}\s*$/.exec(value);
  return m ? valuesPath(m[1]!) : undefined;
}
