import type { Definition, RawCredential, Reference, Span } from '../../model/raw-facts.js';
import { templateReference } from './airflow-connection/airflow-connection.js';

// A Kubernetes Secret's key is where a workload's `secretKeyRef` reads its token; the repository
// may set it in a Secret manifest or in a CI step (`kubectl create secret generic dbt-cloud
// --from-literal=token="${{ secrets.DBT_CLOUD_PAT }}"`). Both are definitions of `name/key`,
// which the manifests' uses link to (src/scan/link-references.ts). Namespaces are not told apart.

export function kubernetesSecretRef(name: string | undefined, key: string | undefined): Reference | undefined {
  const n = name?.trim();
  const k = key?.trim();
  if (!n || !k || !/^[\w.-]{1,253}$/.test(n) || !/^[\w.-]{1,253}$/.test(k)) return undefined;
  return { kind: 'kubernetes-secret', id: `${n}/${k}` };
}

/**
 * A Secret of a Helm chart named by a template (`{{ include "watch.fullname" . }}`), as the chart's
 * templates write the name: the chart's folder (src/adapters/shared/helm-values.ts) and that text.
 */
export function chartSecretRef(folder: string, name: string | undefined, key: string | undefined): Reference | undefined {
  const n = name?.replace(/\s+/g, ' ').trim();
  const k = key?.trim();
  if (!n || n.length > 300 || !k || !/^[\w.-]{1,253}$/.test(k)) return undefined;
  return { kind: 'kubernetes-secret', id: `${folder}:${n}/${k}` };
}

/** `kubectl [-n ns] create secret generic NAME (options…)` up to the end of its logical line. */
const CREATE_SECRET =
  /\bkubectl\b[^\n|;&]{0,200}?\bcreate[ \t]+secret[ \t]+generic[ \t]+["']?([\w.-]{1,253})["']?((?:[ \t]|\\\r?\n)(?:[^\n\\|;&]|\\(?!\r?\n)){0,2000}(?:\\\r?\n(?:[^\n\\|;&]|\\(?!\r?\n)){0,2000}){0,30})?/g;
/** One `--from-literal=KEY=VALUE` (or `--from-literal KEY=VALUE`), the value quoted or not. */
const FROM_LITERAL = /--from-literal(?:=|[ \t]+)(["']?)([\w.-]{1,253})=("[^"\n]{0,2000}"|'[^'\n]{0,2000}'|[^\s"'\\]{1,2000})\1/g;

/** A value written in quotes, without them (`--from-literal=token="…"`, a Kustomize literal). */
export const unquote = (v: string): string => (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]) ? v.slice(1, -1) : v);

/** The Secret keys a script's `kubectl create secret generic … --from-literal=key=value` commands set. */
export function kubectlCreatedSecrets(script: string, spanAt: (offset: number) => Span): Definition[] {
  if (!script.includes('from-literal')) return [];
  const out: Definition[] = [];
  for (const m of script.matchAll(CREATE_SECRET)) {
    const rest = m[2] ?? '';
    const restAt = m.index + m[0].length - rest.length;
    for (const o of rest.matchAll(FROM_LITERAL)) {
      const ref = kubernetesSecretRef(m[1], o[2]);
      const value = unquote(o[3]!);
      if (!ref || value.trim() === '') continue;
      const span = spanAt(restAt + o.index + o[0].length - o[3]!.length - o[1]!.length);
      const reference = templateReference(value, true);
      const credential: RawCredential = reference ? { ...reference, span } : { source: 'literal', name: o[2]!, value, span };
      out.push({ ref, credential, span });
    }
  }
  return out;
}
