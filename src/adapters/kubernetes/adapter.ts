import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import { runPathsFrom } from '../shared/ci-yaml/run-scripts.js';
import { scriptPathsRun } from '../shell/scripts-run.js';
import { addScriptEnv } from '../shared/ci-yaml/script-env.js';
import {
  emptyFacts,
  type Definition,
  type FileFacts,
  type FileRole,
  type RawCredential,
  type Reference,
  type Span,
} from '../../model/raw-facts.js';
import { substitutedBinding, textBinding, type EnvBinding } from '../shared/values/binding.js';
import { loadCiYaml, failureProblem, type CiYamlDocument, type YamlNode } from '../shared/yaml-documents/document.js';
import { EmbeddedScript } from '../shared/embedded-shell/embedded-script.js';
import { fileSpan, mergeFacts, shellFactsOf } from '../shared/embedded-shell/shell-facts.js';
import { addEnvEntryFacts, endpointOfEntries, plainSpan, type EnvContext, type EnvEntry } from '../shared/env-entries/dbt-env.js';
import { isAnyTokenShaped, isCompleteToken, mentionsDatabricks } from '../../credentials/token-shapes.js';
import { isDbtTokenEntry } from '../../credentials/names.js';
import { imageEntrypoint, planArgv } from '../shared/embedded-shell/container-command.js';
import { identifierDescription } from '../../credentials/descriptions.js';
import { shellFactsAt } from '../shared/embedded-shell/embedded-shell.js';
import { dedupeFacts, tooLargeProblem } from '../shared/ci-yaml/yaml-steps.js';
import { helmLineScan } from '../shared/env-entries/helm-line-scan.js';
import { mergeUncovered } from '../shared/line-facts/merge-uncovered.js';
import { chartRootOf, chartValuesOf, productionValuesOf, valuesPath, wholeValuesPath, type ChartValues } from './chart-values.js';
import { chartSecretRef, kubernetesSecretRef } from '../shared/kubernetes-secrets.js';
import { chartFolder, helmValueRef } from '../shared/helm-values.js';
import { isKustomization, kustomizeSecretDefinitions } from './kustomize-secrets.js';

// Kubernetes manifests (any YAML stream with apiVersion/kind; also Argo and Tekton steps):
// every container's `env:` and `envFrom:` (literal values, Secret and ConfigMap references),
// its command/args or script through the shell, and Secret / ConfigMap objects that hold dbt
// tokens (`data:` is base64-decoded). Env entries named like dbt Cloud tokens are `config`
// call sites: the workload is configured with a token. Helm templates that are not valid YAML
// fall back to a line scan.

type Env = Map<string, EnvBinding>;

interface StoredValue {
  value: string;
  span: Span;
  /** A chart's Secret holding a value the install sets (`{{ .Values.dbtCloud.token | b64enc }}`): where its uses link. */
  ref?: Reference;
}

/** Secret and ConfigMap objects of the file, by name: key -> value. */
interface Objects {
  secrets: Map<string, Map<string, StoredValue>>;
  configMaps: Map<string, Map<string, StoredValue>>;
  /** A chart's Secret keys holding the chart's values: added once the line scan of the template has had its say. */
  chartSecrets: Definition[];
}

const MAX_BASE64 = 16_384;
/** A Secret named for dbt (`dbt-cloud`, `dbt-cloud-credentials`), whose generic keys hold its tokens. */
const DBT_NAMED = /dbt/i;
const GENERIC_SECRET_KEY = /^(?:api[-_]?(?:key|token)|token|key|secret|pat)$/i;
const MAX_WALK = 200_000;
const TEMPLATE = /\{\{.*\}\}/s;

/** A base64 `data:` value as text; undefined when it is not printable text. */
function decodeBase64(v: string): string | undefined {
  const s = v.replace(/\s+/g, '');
  if (s.length === 0 || s.length > MAX_BASE64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return undefined;
  const text = Buffer.from(s, 'base64')
    .toString('utf8')
    .replace(/\r?\n$/, '');
  return /^[\x20-\x7e\t\n]*$/.test(text) ? text : undefined;
}

/** Secret / ConfigMap values, with a credential site for each that holds a dbt token. */
function readStore(
  doc: CiYamlDocument,
  obj: YamlNode,
  name: string,
  secret: boolean,
  facts: FileFacts,
  databricks: boolean,
  chart: string | undefined,
  chartSecrets: Definition[],
): Map<string, StoredValue> {
  const out = new Map<string, StoredValue>();
  // In file order: `stringData` and `data` (base64 in a Secret, plain in a ConfigMap).
  const sections = doc.entries(obj).filter((s) => s.key === 'data' || (secret && s.key === 'stringData'));
  for (const section of sections) {
    const base64 = secret && section.key === 'data';
    for (const e of doc.entries(section.value)) {
      const raw = doc.str(e.value);
      const span = doc.valueSpan(e.value);
      if (raw === undefined || !span) continue;
      // A chart's Secret holding one of the chart's values: that value, as the install sets it.
      const valuePath = secret && chart !== undefined ? wholeValuesPath(raw) : undefined;
      const helmRef = valuePath && helmValueRef(chart!, valuePath);
      const ref = helmRef && (kubernetesSecretRef(name, e.key) ?? chartSecretRef(chart!, name, e.key));
      if (helmRef && ref) {
        out.set(e.key, { value: '', span, ref });
        chartSecrets.push({
          ref,
          credential: { source: 'config', name: e.key, ref: helmRef, span: plainSpan(span) },
          span: plainSpan(span),
        });
        continue;
      }
      const value = base64 ? decodeBase64(raw) : raw;
      if (value === undefined || TEMPLATE.test(value)) continue;
      out.set(e.key, { value, span });
      // A dbt Secret's generic key (`api-key` of Secret `dbt-cloud`) holding a whole token, a bare 40-hex key too.
      const tokenName =
        isDbtTokenEntry(e.key, value, databricks) ||
        (secret && !databricks && DBT_NAMED.test(name) && GENERIC_SECRET_KEY.test(e.key) && isCompleteToken(value.trim(), true));
      if ((tokenName || isCompleteToken(value, false)) && value.trim() !== '' && !value.includes('\n')) {
        const credential: RawCredential = { source: 'literal', name: e.key, value, span: plainSpan(span) };
        facts.credentialSites.push({ span: plainSpan(span), credential, ...(base64 ? { encoded: true as const } : {}) });
        const ref = secret ? kubernetesSecretRef(name, e.key) : undefined;
        if (ref) facts.definitions.push({ ref, credential: { ...credential }, span: plainSpan(span) });
      }
    }
  }
  return out;
}

function readObjects(docs: CiYamlDocument[], facts: FileFacts, databricks: boolean, chart: string | undefined): Objects {
  const objects: Objects = { secrets: new Map(), configMaps: new Map(), chartSecrets: [] };
  for (const doc of docs) {
    for (const obj of resources(doc)) {
      const kind = doc.str(doc.value(obj, 'kind'));
      const name = doc.str(doc.value(doc.value(obj, 'metadata'), 'name')) ?? '';
      if (kind === 'Secret') objects.secrets.set(name, readStore(doc, obj, name, true, facts, databricks, chart, objects.chartSecrets));
      else if (kind === 'ConfigMap')
        objects.configMaps.set(name, readStore(doc, obj, name, false, facts, databricks, chart, objects.chartSecrets));
    }
  }
  return objects;
}

/**
 * What the workloads of a manifest are: an Argo workflow is scheduled work, a Tekton pipeline is
 * CI, and anything else that runs containers (a Deployment, a Job or CronJob, a Cloud Run or
 * Knative service) is a deployed application, whatever folder the manifest sits in.
 */
const ROLE_OF_KIND: Record<string, FileRole> = {
  Workflow: 'orchestrator',
  CronWorkflow: 'orchestrator',
  WorkflowTemplate: 'orchestrator',
  Pipeline: 'ci-cd',
  PipelineRun: 'ci-cd',
  Task: 'ci-cd',
  TaskRun: 'ci-cd',
  Deployment: 'application',
  StatefulSet: 'application',
  DaemonSet: 'application',
  ReplicaSet: 'application',
  Job: 'application',
  CronJob: 'application',
  Pod: 'application',
  Service: 'application',
  // What the cluster's workloads read: a token written here is one the deployed app uses.
  Secret: 'application',
  ConfigMap: 'application',
};

/** The document's resources: itself, or the items of a `kind: List`. */
function resources(doc: CiYamlDocument): YamlNode[] {
  const root = doc.root;
  if (!doc.isMap(root)) return [];
  const items = doc.value(root, 'items');
  return doc.str(doc.value(root, 'kind'))?.endsWith('List') && doc.isSeq(items) ? doc.items(items) : [root];
}

/** Container-like maps: any map with an `image` (Pod containers, init containers, Argo and Tekton steps). */
function containersOf(doc: CiYamlDocument, root: YamlNode): YamlNode[] {
  const out: YamlNode[] = [];
  const stack: YamlNode[] = [root];
  let visits = 0;
  while (stack.length > 0 && visits++ < MAX_WALK) {
    const n = stack.pop()!;
    if (doc.isMap(n)) {
      const entries = doc.entries(n);
      if (entries.some((e) => e.key === 'image' && doc.isScalar(e.value))) out.push(n);
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i]!;
        if (e.value && (doc.isMap(e.value) || doc.isSeq(e.value))) stack.push(e.value);
      }
    } else if (doc.isSeq(n)) {
      const items = doc.items(n);
      for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]!);
    }
  }
  return out;
}

/** `value:` with Kubernetes' `$(VAR)` references to earlier variables of the same container. */
function valueBinding(value: string, span: Span, env: Env): EnvBinding | undefined {
  const pure = /^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(value.trim());
  if (pure) return env.get(pure[1]!);
  if (TEMPLATE.test(value)) return undefined;
  if (!value.includes('$(')) return textBinding(value, fileSpan(span));
  // A credential read inside a longer value is not followed: the value is not that token.
  return substitutedBinding(value, fileSpan(span), /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, ([, name]) => {
    const b = env.get(name!);
    return b && 'value' in b ? { name: name!, binding: b } : { name: name! };
  });
}

interface ContainerEnv {
  env: Env;
  entries: EnvEntry[];
}

function readContainerEnv(
  doc: CiYamlDocument,
  container: YamlNode,
  objects: Objects,
  chart: string | undefined,
  production: ChartValues | undefined,
): ContainerEnv {
  const out: ContainerEnv = { env: new Map(), entries: [] };
  const referred = (name: string): RawCredential | undefined => {
    const b = out.env.get(name);
    return b && 'credential' in b ? b.credential : undefined;
  };
  const push = (name: string, span: Span, binding: EnvBinding, raw?: string, rawSpan?: Span): void => {
    out.env.set(name, binding);
    out.entries.push({ name, span, binding, ...(raw !== undefined && rawSpan ? { raw, rawSpan, referred } : {}) });
  };
  for (const from of doc.items(doc.value(container, 'envFrom'))) {
    const prefix = doc.str(doc.value(from, 'prefix')) ?? '';
    const span = doc.span(from);
    if (!span) continue;
    const secretRef = doc.str(doc.value(doc.value(from, 'secretRef'), 'name'));
    const configRef = doc.str(doc.value(doc.value(from, 'configMapRef'), 'name'));
    if (secretRef !== undefined) {
      for (const [key, stored] of objects.secrets.get(secretRef) ?? []) {
        const credential: RawCredential = { source: 'secret', name: prefix + key, span: fileSpan(span) };
        if (stored.ref) credential.ref = stored.ref;
        push(prefix + key, span, { credential });
      }
    } else if (configRef !== undefined) {
      for (const [key, v] of objects.configMaps.get(configRef) ?? []) push(prefix + key, span, textBinding(v.value, fileSpan(v.span)));
    }
  }
  for (const item of doc.items(doc.value(container, 'env'))) {
    const name = doc.str(doc.value(item, 'name'));
    const span = doc.span(doc.value(item, 'name') ?? item);
    if (!name || !span) continue;
    const valueNode = doc.value(item, 'value');
    const value = doc.str(valueNode);
    const valueSpan = doc.valueSpan(valueNode);
    if (value !== undefined && valueSpan) {
      if (TEMPLATE.test(value)) {
        const credential: RawCredential = { source: 'config', name, span: fileSpan(valueSpan) };
        // `{{ .Values.dbtCloud.token | quote }}`: what the chart's install sets it to.
        const path = chart !== undefined ? wholeValuesPath(value) : undefined;
        const ref = path && helmValueRef(chart!, path);
        if (ref) credential.ref = ref;
        // A token the chart's values give it (values.yaml, or the production values file beside it): reported where it is written.
        const held = path && production?.(path);
        if (held !== undefined && isAnyTokenShaped(held.trim())) credential.value = held.trim();
        push(name, span, { credential });
        continue;
      }
      const b = valueBinding(value, valueSpan, out.env);
      if (b) push(name, span, b, value, valueSpan);
      continue;
    }
    const valueFrom = doc.value(item, 'valueFrom');
    const secretKey = doc.value(valueFrom, 'secretKeyRef');
    const configKey = doc.value(valueFrom, 'configMapKeyRef');
    if (secretKey) {
      const credential: RawCredential = { source: 'secret', name, span: fileSpan(doc.span(secretKey) ?? span) };
      // The Secret's own name (`dbt-cloud-service-token`) says what it holds, as a CI secret's does.
      const secretName = doc.value(secretKey, 'name');
      const at = doc.valueSpan(secretName);
      const description = at ? identifierDescription([doc.str(secretName), doc.str(doc.value(secretKey, 'key'))], at.line) : undefined;
      if (description) credential.description = description;
      // What the Secret holds under that key, where the repository sets it (a Secret manifest, a CI step's `kubectl create secret`).
      const key = doc.str(doc.value(secretKey, 'key'));
      const ref =
        kubernetesSecretRef(doc.str(secretName), key) ??
        (chart !== undefined ? chartSecretRef(chart, doc.str(secretName), key) : undefined);
      if (ref) credential.ref = ref;
      push(name, span, { credential });
    } else if (configKey) {
      const stored = objects.configMaps.get(doc.str(doc.value(configKey, 'name')) ?? '')?.get(doc.str(doc.value(configKey, 'key')) ?? '');
      if (stored) push(name, span, textBinding(stored.value, fileSpan(stored.span)));
      else push(name, span, { credential: { source: 'config', name, span: fileSpan(doc.span(configKey) ?? span) } });
    }
  }
  return out;
}

/**
 * A chart's Secret keys that hold the chart's values, as definitions; a site the line scan reports
 * on such a value (`DBT_CLOUD_SERVICE_TOKEN: {{ .Values.dbtCloud.serviceToken | quote }}`) holds
 * what the install sets too.
 */
function addChartSecrets(facts: FileFacts, chartSecrets: readonly Definition[]): void {
  for (const d of chartSecrets) {
    for (const c of facts.callSites)
      if (c.span.line === d.span.line && c.credential && !c.credential.ref) c.credential.ref = d.credential.ref;
    facts.definitions.push(d);
  }
}

/** Kubernetes expands `$(VAR)` in command and args from the container's env (`$$(VAR)` escapes). */
function substituteDependentVars(script: EmbeddedScript, env: Env): void {
  script.substitute(/\$\$\(|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m) => {
    if (m[0] === '$$(') return '$(';
    return env.has(m[1]!) ? `\${${m[1]}}` : undefined;
  });
}

async function runContainer(doc: CiYamlDocument, facts: FileFacts, container: YamlNode, env: Env, repo: AdapterContext): Promise<void> {
  const scripts: YamlNode[] = [];
  const command = doc.value(container, 'command');
  const items = [...doc.items(command), ...doc.items(doc.value(container, 'args'))];
  // Tekton `script:` and Argo `source:` bodies run with the container's shell, or its Python
  // (`command: [python]`), read as the inline Python of `python - <<'EOF'` would be.
  const python: YamlNode[] = [];
  for (const key of ['script', 'source']) {
    const body = doc.value(container, key);
    const first = doc.str(doc.items(command)[0]);
    if (!doc.isScalar(body)) continue;
    if (!first || /(^|\/)(ba|da|a|z)?sh$/.test(first)) scripts.push(body);
    else if (/(^|\/)python3?(?:\.\d+)?$/.test(first)) python.push(body);
  }
  for (const body of python) {
    const script = new EmbeddedScript();
    script.addImpliedCommand(doc, body, "python - <<'SCRIPT_SOURCE'");
    if (!script.addScalar(doc, body)) continue;
    script.addImpliedCommand(doc, body, 'SCRIPT_SOURCE');
    mergeFacts(facts, await shellFactsOf(script, new Map(env)));
  }
  // `image: curlimages/curl` with only `args:`: the image's curl takes them.
  const entrypoint = doc.items(command).length === 0 ? imageEntrypoint(doc.str(doc.value(container, 'image'))) : undefined;
  const plan = items.length > 0 ? planArgv(items, (i) => doc.str(i), entrypoint) : undefined;
  if (plan?.kind === 'shell') scripts.push(plan.item);
  for (const node of scripts) {
    const script = new EmbeddedScript();
    if (!script.addScalar(doc, node)) continue;
    substituteDependentVars(script, env);
    mergeFacts(facts, await shellFactsOf(script, new Map(env)));
  }
  if (plan?.kind === 'direct') {
    const at = doc.valueSpan(plan.first);
    const line = plan.commandLine.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n: string) => (env.has(n) ? `\${${n}}` : m));
    if (at) mergeFacts(facts, await shellFactsAt(line, at, new Map(env)));
  }
  // `command: ["python", "/job/run_daily.py"]` (or a shell body running it): the repository's script at
  // that path's longest tail, which the image copies there, reads the container's env; else the
  // file an image built from a folder of its own holds there (src/scan/image-paths.ts).
  const words = items.slice(0, 50).map((i) => doc.str(i));
  const commandLines = [...(words.every((w) => w !== undefined) ? [words.join(' ')] : []), ...scripts.map((n) => doc.str(n) ?? '')];
  // Handed on without where it is written: the manifest's env entry is its own config site, not a CI step's hand-off.
  const handed = new Map([...env].map(([k, b]) => [k, 'credential' in b ? { credential: { ...b.credential, span: undefined } } : b]));
  for (const line of commandLines)
    for (const p of runPathsFrom('', scriptPathsRun(line, true), (f) => repo.fileExists(f), true)) addScriptEnv(facts, p, handed);
}

/** A line that is only a template action (`{{- if .Values.x }}`, `{{- end }}`, `{{- include "x" . | nindent 4 }}`). */
const ACTION_LINE = /^\s*\{\{-?[^{}]*(?:\{\{[^{}]*\}\}[^{}]*)*-?\}\}\s*$/;
/** A value that starts with a template action (`name: {{ include "c.fullname" . }}-dbt`), which YAML reads as a flow mapping. */
const TEMPLATED_VALUE = /^(\s*(?:-\s+)?(?:[\w.-]+:\s+)?)(\{\{.*?)(\s+#.*)?$/;
/** A value that is one action in double quotes (`value: "{{ .Values.dbtCloud.token }}"`): read as the action alone. */
const QUOTED_ACTION = /^(\s*(?:-\s+)?(?:[\w.-]+:\s+)?)"(\{\{-?[^{}"]*-?\}\})"(\s+#.*)?$/;

/**
 * A Helm chart template as the YAML it renders to, near enough to read its structure: lines that
 * are only actions blanked, values that start with an action quoted (`'{{ … }}-dbt'`). Line
 * numbers stay the file's.
 */
function helmTemplateAsYaml(text: string, values: ChartValues | undefined): string {
  /** What a `.Values` action renders to with the chart's values.yaml, when it is a plain value. */
  const rendered = (expr: string): string | undefined => {
    const path = values && valuesPath(expr);
    // A token's own value stays the setting it is (`serviceToken`), reported where it is written.
    const key = path?.[path.length - 1];
    if (!path || (SECRET_VALUE_KEY.test(key!) && !NAMES_A_SECRET.test(key!))) return undefined;
    const v = values!(path);
    return v !== undefined && /^[^'"{}\n]{1,300}$/.test(v) && !isAnyTokenShaped(v) ? v : undefined;
  };
  return text
    .split('\n')
    .map((line) => {
      if (ACTION_LINE.test(line)) return '';
      const m = TEMPLATED_VALUE.exec(line) ?? QUOTED_ACTION.exec(line);
      const whole = m && /^\{\{-?\s*([^{}]*?)\s*-?\}\}\s*$/.exec(m[2]!);
      const value = whole ? rendered(whole[1]!) : undefined;
      if (m && value !== undefined) return `${m[1]}'${value}'${m[3] ?? ''}`;
      if (m && !m[2]!.includes("'")) return `${m[1]}'${m[2]!.replace(/\s+$/, '')}'${m[3] ?? ''}`;
      // Inside a longer value (a command's URL): what it renders to, its default or a placeholder.
      return line.replace(INLINE_ACTION, (_m, expr: string) => {
        const v = rendered(expr);
        if (v !== undefined) return v;
        const dflt = /\bdefault\s+"([^"{}]{1,200})"/.exec(expr)?.[1];
        if (dflt !== undefined) return dflt;
        const name = /([A-Za-z_]\w*)\s*(?:\|[^|]*)*$/.exec(expr.trim())?.[1];
        return `{${name ?? 'value'}}`;
      });
    })
    .join('\n');
}

/** A values key holding a secret itself (`serviceToken`, `apiKey`, `password`), not a name or an address. */
const SECRET_VALUE_KEY = /(?:token|password|secret|api[-_]?key|pat)$/i;
/** A value naming a Kubernetes Secret rather than holding one: charts' `existingSecret: dbt-cloud-pat`. */
const NAMES_A_SECRET = /^existing[-_]?secret$/i;

/** An action inside a line: `{{ .Values.dbtCloud.accountId }}`, `{{ .Values.host | default "cloud.getdbt.com" }}`. */
const INLINE_ACTION = /\{\{-?\s*([^{}]{0,300}?)\s*-?\}\}/g;

export const adapter: LanguageAdapter = {
  id: 'kubernetes',
  async extract(file, repo) {
    const facts = emptyFacts();
    const databricks = mentionsDatabricks(file.text);
    const ctx: EnvContext = { databricks, client: 'kubernetes' };
    const large = tooLargeProblem(file.text);
    if (large) {
      facts.problems.push(large);
      helmLineScan(file.text, facts, ctx);
      return facts;
    }
    try {
      let { docs, problems } = await loadCiYaml(file.text);
      // A Helm template is YAML once its actions are read as text: read so, it keeps its structure,
      // and what a line scan tells of its templated values (`{{ .Values.dbt.token | quote }}`) is added.
      let templated: FileFacts | undefined;
      // A chart's template is read rendered with the chart's values even when it happens to parse as it is.
      const values = file.text.includes('{{') ? await chartValuesOf(file.path, repo) : undefined;
      const root = file.text.includes('{{') ? chartRootOf(file.path, repo) : undefined;
      const chart = root === undefined ? undefined : chartFolder(root);
      const production = root === undefined ? undefined : await productionValuesOf(file.path, repo);
      if ((problems.length > 0 || values) && file.text.includes('{{')) {
        const asYaml = await loadCiYaml(helmTemplateAsYaml(file.text, values));
        if (asYaml.problems.length === 0) {
          ({ docs, problems } = asYaml);
          templated = emptyFacts();
          helmLineScan(file.text, templated, ctx);
          mergeUncovered(templated, (await import('../shared/line-facts/yaml-lines.js')).scanYamlLines(file.text));
        }
      }
      if (problems.length > 0) {
        // Helm templates and other text that is not YAML: what a line scan can tell.
        facts.problems.push(...problems);
        helmLineScan(file.text, facts, ctx);
        return facts;
      }
      const objects = readObjects(docs, facts, databricks, chart);
      if (isKustomization(file.path) && docs[0]) kustomizeSecretDefinitions(docs[0], file.path, repo, facts, databricks);
      for (const doc of docs) {
        for (const obj of resources(doc)) {
          facts.role ??= ROLE_OF_KIND[doc.str(doc.value(obj, 'kind')) ?? ''];
          for (const container of containersOf(doc, obj)) {
            const { env, entries } = readContainerEnv(doc, container, objects, chart, production);
            const endpoint = endpointOfEntries(entries);
            for (const e of entries) addEnvEntryFacts(facts, e, ctx, endpoint);
            await runContainer(doc, facts, container, env, repo);
          }
        }
      }
      if (templated) mergeUncovered(facts, templated);
      addChartSecrets(facts, objects.chartSecrets);
    } catch (err) {
      facts.problems.push(...failureProblem(err));
    }
    dedupeFacts(facts);
    return facts;
  },
};
