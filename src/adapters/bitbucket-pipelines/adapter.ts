import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import type { FileFacts } from '../../model/raw-facts.js';
import { textBinding, type EnvBinding } from '../shared/values/binding.js';
import type { CiYamlDocument, YamlNode } from '../shared/yaml-documents/document.js';
import { EmbeddedScript } from '../shared/embedded-shell/embedded-script.js';
import { fileSpan } from '../shared/embedded-shell/shell-facts.js';
import { looksLikeCredentialName } from '../../credentials/names.js';
import { extractPipelineFile } from '../shared/ci-yaml/pipeline-file.js';
import type { ScriptRun } from '../shared/ci-yaml/script-env.js';
import { runCiScript } from '../shared/ci-yaml/yaml-steps.js';
import { ciValueBinding } from '../shared/ci-yaml/ci-variables.js';
import { TokenHandoffs } from '../shared/ci-yaml/token-handoff.js';
import { mentionsDatabricks } from '../../credentials/token-shapes.js';

// Bitbucket Pipelines (bitbucket-pipelines.yml): every step of `pipelines.default`, `branches`,
// `pull-requests`, `custom` and `tags` (inside `parallel` and `stage` groups too, anchors from
// `definitions` followed) runs its `script` items as one shell and `after-script` as another.
// Repository, workspace and deployment variables are never in the file, so credential-named
// variables it does not define are bound as CI-store secrets. `pipe:` items are not shell: a
// dbt Cloud token in a pipe's `variables:` is handed to it (token-handoff.ts).

type Env = Map<string, EnvBinding>;

const SECTIONS = ['default', 'branches', 'pull-requests', 'custom', 'tags'];
const NAMED_SECTIONS = new Set(['branches', 'pull-requests', 'custom', 'tags']);
const MAX_NESTING = 6;
const builtin = (name: string): boolean => /^BITBUCKET_/.test(name);

interface FileScope {
  doc: CiYamlDocument;
  facts: FileFacts;
  runs: ScriptRun[];
}

/** Custom pipeline `variables:` (entered when the pipeline is run by hand). */
function customVariables(doc: CiYamlDocument, node: YamlNode | undefined, env: Env): void {
  for (const v of doc.items(node)) {
    const name = doc.str(doc.value(v, 'name'));
    if (!name) continue;
    const dflt = doc.value(v, 'default');
    const value = doc.str(dflt);
    const span = doc.valueSpan(dflt) ?? doc.span(v);
    if (value !== undefined && span) env.set(name, textBinding(value, fileSpan(span)));
    else if (looksLikeCredentialName(name) && span) env.set(name, { credential: { source: 'variable', name, span: fileSpan(span) } });
  }
}

function addScriptItems(doc: CiYamlDocument, script: EmbeddedScript, node: YamlNode | undefined): void {
  const items = doc.isSeq(doc.deref(node)) ? doc.items(node) : node ? [node] : [];
  for (const item of items) {
    if (doc.isScalar(item)) script.addScalar(doc, item);
    // `- pipe: atlassian/...` items run a container, not shell.
    else if (doc.str(doc.value(item, 'pipe')) === undefined) script.addColonSplitCommand(doc, item);
  }
}

async function runStep(scope: FileScope, step: YamlNode, env: Env): Promise<void> {
  const { doc } = scope;
  for (const key of ['script', 'after-script']) {
    const script = new EmbeddedScript();
    addScriptItems(doc, script, doc.value(step, key));
    scope.runs.push(...(await runCiScript(scope.facts, script, new Map(env), builtin)));
    pipeVariables(scope, doc.value(step, key), env, doc.str(doc.value(step, 'name')));
  }
}

/**
 * `- pipe: acme/dbt-cloud-run:1.0` runs a container with its `variables:` as its environment: a
 * dbt Cloud token among them is handed to the pipe, as a step's env to a program it runs.
 */
function pipeVariables(scope: FileScope, node: YamlNode | undefined, env: Env, label: string | undefined): void {
  const { doc } = scope;
  const handoffs = new TokenHandoffs();
  for (const item of doc.isSeq(doc.deref(node)) ? doc.items(node) : []) {
    const pipe = doc.str(doc.value(item, 'pipe'));
    const span = doc.span(item);
    if (pipe === undefined || !span) continue;
    const given: Env = new Map();
    for (const v of doc.entries(doc.value(item, 'variables'))) {
      const value = doc.str(v.value);
      const at = doc.valueSpan(v.value);
      const binding = value !== undefined && at ? ciValueBinding(value, at, (name) => env.get(name)) : undefined;
      if (binding) given.set(v.key, binding);
    }
    const around = { databricks: mentionsDatabricks(doc.text), env: given, names: [...given.keys()], ...(label ? { label } : {}) };
    handoffs.addStepSettings(given, around, fileSpan(span), pipe.replace(/:[^:/]*$/, ''));
  }
  handoffs.flush(scope.facts);
}

/** A pipeline's item list: `- step:`, `- parallel:`, `- stage:`, `- variables:`. */
async function runItems(scope: FileScope, list: YamlNode | undefined, env: Env, depth: number): Promise<void> {
  const { doc } = scope;
  if (depth > MAX_NESTING) return;
  for (const item of doc.items(list)) {
    for (const e of doc.entries(item)) {
      if (e.key === 'step') await runStep(scope, e.value!, env);
      else if (e.key === 'variables') customVariables(doc, e.value, env);
      else if (e.key === 'parallel') {
        const steps = doc.isSeq(e.value) ? e.value : doc.value(e.value, 'steps');
        await runItems(scope, steps, env, depth + 1);
      } else if (e.key === 'stage') await runItems(scope, doc.value(e.value, 'steps'), env, depth + 1);
    }
  }
}

async function extractDocument(scope: FileScope, root: YamlNode): Promise<void> {
  const { doc } = scope;
  const pipelines = doc.value(root, 'pipelines');
  for (const section of SECTIONS) {
    const node = doc.value(pipelines, section);
    if (!node) continue;
    if (NAMED_SECTIONS.has(section)) {
      for (const e of doc.entries(node)) await runItems(scope, e.value, new Map(), 0);
    } else await runItems(scope, node, new Map(), 0);
  }
}

export const adapter: LanguageAdapter = {
  id: 'bitbucket-pipelines',
  extract(file, ctx: AdapterContext) {
    return extractPipelineFile(file, ctx, {
      readDocument: (doc, root, facts, runs) => extractDocument({ doc, facts, runs }, root),
    });
  },
};
