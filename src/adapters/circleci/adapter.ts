import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import type { FileFacts } from '../../model/raw-facts.js';
import type { EnvBinding } from '../shared/values/binding.js';
import type { CiYamlDocument, YamlNode } from '../shared/yaml-documents/document.js';
import { EmbeddedScript } from '../shared/embedded-shell/embedded-script.js';
import { commandsOf, fileSpan } from '../shared/embedded-shell/shell-facts.js';
import { mayHandOffDbtToken, TokenHandoffs } from '../shared/ci-yaml/token-handoff.js';
import { looksLikeCredentialName, namesUserKey } from '../../credentials/names.js';
import { mentionsDatabricks } from '../../credentials/token-shapes.js';
import { ciValueBinding, substituteCiSyntax, unassignedReferences } from '../shared/ci-yaml/ci-variables.js';
import { addCiVariableFacts } from '../shared/env-entries/dbt-env.js';
import { extractPipelineFile } from '../shared/ci-yaml/pipeline-file.js';
import type { ScriptRun } from '../shared/ci-yaml/script-env.js';
import { runCiScript } from '../shared/ci-yaml/yaml-steps.js';
import { isDbtCloudId } from '../../classify/endpoint.js';

// CircleCI `.circleci/config.yml`: every `run` step of every job (and of reusable `commands`)
// goes to the shell extractor with the executor, image, job and step `environment:` in effect.
// Variables the file never sets come from project settings or contexts: credential-named ones
// are bound as CI-store secrets. `<< parameters.x >>` is replaced before the shell reads the
// script. A step that hands a dbt Cloud token to a program (`python x.py --config "{\"token\":
// \"$DBT_CLOUD_SERVICE_TOKEN\"}"`) is a call site (shared/ci-yaml/token-handoff.ts). Orbs are out of scope.

type Env = Map<string, EnvBinding>;

const MAX_STEP_DEPTH = 8;
const PARAMETER = /<<\s*(pipeline\.)?parameters\.([A-Za-z0-9_-]{1,100})\s*>>/g;
const NON_SHELL = /python|node|ruby|pwsh|powershell|cmd\.exe/i;
const builtin = (name: string): boolean => /^CIRCLE_|^CIRCLECI$/.test(name);

interface Parameter {
  type?: string;
  default?: string;
  /** Account ids the job's uses give it, one per run (`matrix: parameters: account_id: [51020, 70402]`). */
  runs?: string[];
}

interface FileScope {
  doc: CiYamlDocument;
  facts: FileFacts;
  databricks: boolean;
  pipelineParams: Map<string, Parameter>;
  runs: ScriptRun[];
  handoffs: TokenHandoffs;
}

function parametersOf(doc: CiYamlDocument, node: YamlNode | undefined): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  for (const e of doc.entries(node)) {
    const type = doc.str(doc.value(e.value, 'type'));
    const d = doc.str(doc.value(e.value, 'default'));
    out.set(e.key, { ...(type ? { type } : {}), ...(d !== undefined ? { default: d } : {}) });
  }
  return out;
}

/** Adds an `environment:` map to `env` (later maps win), reporting literal dbt tokens. */
function addEnvironment(scope: FileScope, node: YamlNode | undefined, env: Env): void {
  const { doc } = scope;
  for (const e of doc.entries(node)) {
    const value = doc.str(e.value);
    if (value === undefined) continue;
    const span = doc.valueSpan(e.value) ?? doc.span(e.pair);
    if (!span) continue;
    const binding = ciValueBinding(value, span, (n) => env.get(n));
    if (binding) env.set(e.key, binding);
    else env.delete(e.key);
    addCiVariableFacts(scope.facts, e.key, binding, scope.databricks);
  }
}

async function runStep(scope: FileScope, run: YamlNode | undefined, env: Env, params: Map<string, Parameter>): Promise<void> {
  const { doc } = scope;
  let command: YamlNode | undefined = run;
  const stepEnv = new Map(env);
  if (doc.isMap(run)) {
    command = doc.value(run, 'command');
    const shell = doc.str(doc.value(run, 'shell'));
    if (shell && NON_SHELL.test(shell)) return;
    addEnvironment(scope, doc.value(run, 'environment'), stepEnv);
  }
  const script = new EmbeddedScript();
  if (!script.addScalar(doc, command)) return;
  substituteCiSyntax(script, PARAMETER, (m, span) => {
    const name = m[2]!;
    const p = (m[1] ? scope.pipelineParams : params).get(name);
    const varName = name.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
    if (p?.runs) {
      stepEnv.set(varName, { value: [{ kind: 'unknown', name: varName }], runs: p.runs });
      return { text: `\${${varName}}`, isVariable: true };
    }
    if (p?.default !== undefined && !/[\n'"`\\]/.test(p.default)) return { text: p.default, isVariable: false };
    // An `env_var_name` parameter is a variable's name (`${<< parameters.token-var >>}`): with none given, that parameter's variable.
    if (p?.type === 'env_var_name') {
      if (!stepEnv.has(varName))
        stepEnv.set(varName, { credential: { source: 'variable', name: `parameters.${name}`, span: fileSpan(span) } });
      return { text: varName, isVariable: false };
    }
    if (!stepEnv.has(varName) && looksLikeCredentialName(name)) {
      stepEnv.set(varName, { credential: { source: 'variable', name: `parameters.${name}`, span: fileSpan(span) } });
    }
    return { text: `\${${varName}}`, isVariable: true };
  });
  // What the file itself sets, before the variables of the project settings are bound.
  const declared = new Map(stepEnv);
  scope.runs.push(...(await runCiScript(scope.facts, script, stepEnv, builtin)));
  const names = [...stepEnv.keys(), ...unassignedReferences(script.lines).keys()];
  if (mayHandOffDbtToken(stepEnv))
    scope.handoffs.addCommands(await commandsOf(script, stepEnv), declared, { databricks: scope.databricks, env: declared, names });
}

async function runSteps(
  scope: FileScope,
  steps: YamlNode | undefined,
  env: Env,
  params: Map<string, Parameter>,
  depth: number,
): Promise<void> {
  const { doc } = scope;
  if (depth > MAX_STEP_DEPTH) return;
  for (const step of doc.items(steps)) {
    for (const e of doc.entries(step)) {
      if (e.key === 'run') await runStep(scope, e.value, env, params);
      else if (e.key === 'when' || e.key === 'unless') await runSteps(scope, doc.value(e.value, 'steps'), env, params, depth + 1);
    }
  }
}

/** Environment an executor reference brings: `executor: name` or `executor: {name: ...}`. */
function executorEnvironment(scope: FileScope, root: YamlNode, job: YamlNode, env: Env): void {
  const { doc } = scope;
  const ref = doc.value(job, 'executor');
  const name = doc.str(ref) ?? doc.str(doc.value(ref, 'name'));
  if (!name) return;
  const executor = doc.value(doc.value(root, 'executors'), name);
  if (!executor) return;
  const image = doc.items(doc.value(executor, 'docker'))[0];
  if (image) addEnvironment(scope, doc.value(image, 'environment'), env);
  addEnvironment(scope, doc.value(executor, 'environment'), env);
}

async function extractDocument(scope: FileScope, root: YamlNode): Promise<void> {
  const { doc } = scope;
  scope.pipelineParams = parametersOf(doc, doc.value(root, 'parameters'));
  const jobs = doc.entries(doc.value(root, 'jobs'));
  const commands = doc.entries(doc.value(root, 'commands'));
  // Jobs are given their parameters where workflows run them; commands, where steps call them.
  const workflowJobs = doc.entries(doc.value(root, 'workflows')).flatMap((w) => doc.items(doc.value(w.value, 'jobs')));
  const commandCalls = jobs
    .flatMap((j) => doc.items(doc.value(j.value, 'steps')))
    .concat(commands.flatMap((c) => doc.items(doc.value(c.value, 'steps'))));
  for (const job of jobs) {
    if (!doc.isMap(job.value)) continue;
    const env: Env = new Map();
    executorEnvironment(scope, root, job.value, env);
    const image = doc.items(doc.value(job.value, 'docker'))[0];
    if (image) addEnvironment(scope, doc.value(image, 'environment'), env);
    addEnvironment(scope, doc.value(job.value, 'environment'), env);
    const params = givenParameters(doc, parametersOf(doc, doc.value(job.value, 'parameters')), invocations(doc, workflowJobs, job.key));
    await runSteps(scope, doc.value(job.value, 'steps'), env, params, 0);
  }
  for (const command of commands) {
    const params = givenParameters(
      doc,
      parametersOf(doc, doc.value(command.value, 'parameters')),
      invocations(doc, commandCalls, command.key),
    );
    await runSteps(scope, doc.value(command.value, 'steps'), new Map(), params, 0);
  }
  scope.handoffs.flush(scope.facts);
}

/** The arguments each use of `name` gives it: a workflow's `- trigger: { job-id: "77" }`, a step's `- run-dbt: { token-var: X }`. */
function invocations(doc: CiYamlDocument, items: readonly YamlNode[], name: string): YamlNode[] {
  return items.flatMap((item) =>
    doc
      .entries(item)
      .filter((e) => e.key === name && doc.isMap(e.value))
      .map((e) => e.value!),
  );
}

/**
 * Parameters with what a use gives them over their defaults. Of several uses, the one giving an
 * `env_var_name` parameter a personal or legacy key's variable (`token-var: DBT_PAT_RELEASE_BOT`:
 * the runs it makes use that key), else the first.
 */
function givenParameters(doc: CiYamlDocument, declared: Map<string, Parameter>, uses: readonly YamlNode[]): Map<string, Parameter> {
  if (uses.length === 0 || declared.size === 0) return declared;
  const given = (use: YamlNode): Map<string, string> => {
    const out = new Map<string, string>();
    for (const e of doc.entries(use)) {
      const v = doc.str(e.value);
      if (declared.has(e.key) && v !== undefined) out.set(e.key, v);
    }
    return out;
  };
  const all = uses.slice(0, 50).map(given);
  const givesUserKey = (args: Map<string, string>): boolean =>
    [...args].some(([k, v]) => declared.get(k)?.type === 'env_var_name' && namesUserKey(v));
  const chosen = all.find(givesUserKey) ?? all[0]!;
  const out = new Map(declared);
  for (const [k, v] of chosen) out.set(k, { ...declared.get(k), default: v });
  // Ids that differ from run to run (a `matrix: parameters:` list, or uses giving each its own): one per run.
  const values = new Map<string, Set<string>>();
  for (const use of uses.slice(0, 50)) {
    for (const [k, v] of given(use)) values.set(k, (values.get(k) ?? new Set()).add(v.trim()));
    for (const e of doc.entries(doc.value(doc.value(use, 'matrix'), 'parameters'))) {
      if (!declared.has(e.key)) continue;
      for (const item of doc.items(e.value).slice(0, 50)) {
        const v = doc.str(item);
        if (v !== undefined) values.set(e.key, (values.get(e.key) ?? new Set()).add(v.trim()));
      }
    }
  }
  for (const [k, set] of values) {
    const runs = [...set];
    // An account parameter only: another id (a job's) is shown as the use the checks look at gives it.
    if (runs.length > 1 && /account/i.test(k) && runs.every(isDbtCloudId)) out.set(k, { ...declared.get(k), runs });
    else if (runs.length === 1 && !chosen.has(k)) out.set(k, { ...declared.get(k), default: runs[0]! });
  }
  return out;
}

export const adapter: LanguageAdapter = {
  id: 'circleci',
  extract(file, ctx: AdapterContext) {
    return extractPipelineFile(file, ctx, {
      rootMarkers: ['.circleci'],
      isPipeline: (doc, root) =>
        doc.value(root, 'jobs') !== undefined || doc.value(root, 'workflows') !== undefined || doc.value(root, 'version') !== undefined,
      readDocument: (doc, root, facts, runs) =>
        extractDocument(
          { doc, facts, databricks: mentionsDatabricks(file.text), pipelineParams: new Map(), runs, handoffs: new TokenHandoffs() },
          root,
        ),
    });
  },
};
