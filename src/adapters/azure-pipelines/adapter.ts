import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import type { FileFacts, Span } from '../../model/raw-facts.js';
import { substitutedBinding, textBinding, type EnvBinding } from '../shared/values/binding.js';
import { loadCiYaml, type CiYamlDocument, type YamlNode } from '../shared/yaml-documents/document.js';
import { EmbeddedScript } from '../shared/embedded-shell/embedded-script.js';
import { commandsOf, fileSpan, mergeFacts } from '../shared/embedded-shell/shell-facts.js';
import { powershellBodyFacts } from '../shared/embedded-shell/powershell-body.js';
import { pythonBodyFacts } from '../shell/inline-python.js';
import { looksLikeCredentialName } from '../../credentials/names.js';
import { mentionsDatabricks } from '../../credentials/token-shapes.js';
import { substituteCiSyntax } from '../shared/ci-yaml/ci-variables.js';
import { addCiVariableFacts } from '../shared/env-entries/dbt-env.js';
import { extractPipelineFile } from '../shared/ci-yaml/pipeline-file.js';
import type { ScriptRun } from '../shared/ci-yaml/script-env.js';
import { runCiScript } from '../shared/ci-yaml/yaml-steps.js';
import { mayHandOffDbtToken, TokenHandoffs } from '../shared/ci-yaml/token-handoff.js';
import { addScriptEnv } from '../shared/ci-yaml/script-env.js';
import { joinRelative } from '../shared/ci-yaml/script-location.js';
import { folderOf } from '../repo-path.js';
import { scriptsRunBy } from '../shared/ci-yaml/run-scripts.js';
import { isDbtCloudId } from '../../classify/endpoint.js';

// Azure Pipelines (azure-pipelines.yml, .azure-pipelines/*.yml): `script`, `bash` and the Bash,
// CmdLine and AzureCLI tasks' inline scripts go to the shell extractor. Variables come from
// `variables:` (map or list) at pipeline, stage and job level and the step's `env:`. Azure
// expands `$(X)` macros before the shell runs; a variable the file does not define is a secret
// variable or comes from a variable group, so it is bound as a CI-store secret.

type Env = Map<string, EnvBinding>;

interface Variable {
  name: string;
  binding?: EnvBinding;
}

/** Variables in scope, by lower-cased name (Azure names are case-insensitive). */
type Variables = Map<string, Variable>;

const MACRO = /\$\(([A-Za-z_][A-Za-z0-9_.]{0,127})\)/g;
const RUNTIME = /\$\[\s*variables\.([A-Za-z_][A-Za-z0-9_.]{0,127})\s*\]/g;
// In a value (not a script) `$(dbt-service-token)` is a macro: a Key Vault-linked variable group's
// secrets keep the vault's hyphenated names.
const PURE_VALUE_REF =
  /^\s*(?:\$\(([A-Za-z_][A-Za-z0-9_.-]{0,127})\)|\$\{\{\s*variables\.([A-Za-z_][A-Za-z0-9_.]{0,127})\s*\}\}|\$\[\s*variables\.([A-Za-z_][A-Za-z0-9_.]{0,127})\s*\])\s*$/;
/** A macro or template reference inside a value. */
const VALUE_REFERENCE = /\$\(([A-Za-z_][A-Za-z0-9_.-]{0,127})\)|\$\{\{\s*variables\.([A-Za-z_][A-Za-z0-9_.]{0,127})\s*\}\}/g;
const PREDEFINED = /^(build|system|agent|pipeline|release|environment|resources|tf_build|common|task|checks)(\.|_|$)/i;
const builtin = (name: string): boolean => PREDEFINED.test(name);
const WORKSPACE_PREFIX =
  /^\$\((?:System\.DefaultWorkingDirectory|Build\.SourcesDirectory|Build\.Repository\.LocalPath|Pipeline\.Workspace)\)\/+/i;
const MAX_NESTING = 6;
/** A template expression used as a key: `${{ if … }}:`, `${{ elseif … }}:`, `${{ else }}:`, `${{ each x in … }}:`. */
const TEMPLATE_EXPRESSION_KEY = /^\$\{\{[\s\S]*\}\}$/;

/**
 * The items of a list as Azure expands its templates: an item that is a `${{ if … }}:` or
 * `${{ each … }}:` insertion stands for the items under it (any branch may run, and a loop's
 * body is each of its iterations).
 */
function expandedItems(doc: CiYamlDocument, node: YamlNode | undefined, depth = 0): YamlNode[] {
  const out: YamlNode[] = [];
  for (const item of doc.items(node)) {
    const entries = doc.isMap(doc.deref(item)) ? doc.entries(item) : [];
    if (depth < MAX_NESTING && entries.length > 0 && entries.every((e) => TEMPLATE_EXPRESSION_KEY.test(e.key)))
      for (const e of entries) out.push(...expandedItems(doc, e.value, depth + 1));
    else out.push(item);
  }
  return out;
}

/** The entries of a map, those under `${{ if … }}:` keys included. */
function expandedEntries(doc: CiYamlDocument, node: YamlNode | undefined, depth = 0): ReturnType<CiYamlDocument['entries']> {
  const out: ReturnType<CiYamlDocument['entries']> = [];
  for (const e of doc.entries(node)) {
    if (!TEMPLATE_EXPRESSION_KEY.test(e.key)) out.push(e);
    else if (depth < MAX_NESTING) out.push(...expandedEntries(doc, e.value, depth + 1));
  }
  return out;
}

interface FileScope {
  doc: CiYamlDocument;
  facts: FileFacts;
  databricks: boolean;
  runs: ScriptRun[];
  /** The folder of the file, which the templates it includes are relative to. */
  dir: string;
  /** What each variables template the file includes (`variables: - template: vars/prod.yml`) sets, by the path as written. */
  variableTemplates: ReadonlyMap<string, readonly { name: string; value: string }[]>;
}

/** A `- template: …` item (variables, steps, jobs): the path as written. */
const TEMPLATE_ITEM = /^[ \t]*-[ \t]+template[ \t]*:[ \t]*["']?([\w./@-]{1,300}?\.ya?ml)["']?[ \t]*(?:#.*)?$/gm;

/**
 * The variables each variables template the file includes sets (its own `variables:`, a map or
 * a list of `name`/`value` items), read once; templates holding no variables are not kept.
 */
async function variableTemplatesOf(
  text: string,
  dir: string,
  ctx: AdapterContext,
): Promise<Map<string, { name: string; value: string }[]>> {
  const out = new Map<string, { name: string; value: string }[]>();
  for (const m of text.matchAll(TEMPLATE_ITEM)) {
    const written = m[1]!;
    if (out.has(written) || out.size >= 20) continue;
    const path = written.startsWith('/') ? written.slice(1) : joinRelative(dir, written);
    const file = path === undefined ? undefined : ctx.readRepoFile(path);
    if (!file || file.text.length > 1_000_000 || !/^variables[ \t]*:/m.test(file.text)) continue;
    const { docs } = await loadCiYaml(file.text);
    const doc = docs[0];
    const node = doc && doc.isMap(doc.root) ? doc.value(doc.root, 'variables') : undefined;
    if (!doc || !node) continue;
    const list: { name: string; value: string }[] = [];
    if (doc.isMap(node))
      for (const e of doc.entries(node)) {
        const value = doc.str(e.value);
        if (value !== undefined) list.push({ name: e.key, value });
      }
    else
      for (const item of doc.items(node)) {
        const name = doc.str(doc.value(item, 'name'));
        const value = doc.str(doc.value(item, 'value'));
        if (name && value !== undefined) list.push({ name, value });
      }
    if (list.length > 0) out.set(written, list.slice(0, 500));
  }
  return out;
}

/** The env variable Azure maps a pipeline variable to: upper case, dots as underscores. */
const envNameOf = (name: string): string => name.replace(/\./g, '_').toUpperCase();

function lookup(vars: Variables, name: string): EnvBinding | undefined {
  return vars.get(name.toLowerCase())?.binding;
}

/** What a variable or `env:` value binds to: a macro to another variable, or a literal. */
function valueBinding(value: string, span: Span, vars: Variables): EnvBinding | undefined {
  const pure = PURE_VALUE_REF.exec(value);
  if (pure) {
    const name = (pure[1] ?? pure[2] ?? pure[3])!;
    if (vars.has(name.toLowerCase())) return lookup(vars, name);
    if (builtin(name)) return undefined;
    return looksLikeCredentialName(name) ? { credential: { source: 'secret', name, span: fileSpan(span) } } : undefined;
  }
  if (!value.includes('$(') && !value.includes('${{')) return textBinding(value, fileSpan(span));
  return substitutedBinding(value, fileSpan(span), VALUE_REFERENCE, (m) => {
    const name = (m[1] ?? m[2])!;
    const bound = lookup(vars, name);
    if (bound) return { name, binding: bound };
    if (!vars.has(name.toLowerCase()) && !builtin(name) && looksLikeCredentialName(name))
      return { name, binding: { credential: { source: 'secret', name, span: fileSpan(span) } } };
    return { name };
  });
}

/** `variables:` as a map (`X: v`) or a list (`- name: X` / `value:`, `- group: g`, `- template: t`). */
function addVariables(scope: FileScope, node: YamlNode | undefined, vars: Variables): void {
  const { doc } = scope;
  const add = (name: string, valueNode: YamlNode | undefined, fallback: Span | undefined): void => {
    const value = doc.str(valueNode);
    const span = doc.valueSpan(valueNode) ?? fallback;
    const binding = value !== undefined && span ? valueBinding(value, span, vars) : undefined;
    vars.set(name.toLowerCase(), { name, ...(binding ? { binding } : {}) });
    addCiVariableFacts(scope.facts, name, binding, scope.databricks);
  };
  if (doc.isMap(doc.deref(node))) {
    // Of a name set in each branch of an `${{ if }}` / `${{ else }}`, the first branch's (usually the main branch's).
    const seen = new Set<string>();
    for (const e of expandedEntries(doc, node))
      if (!seen.has(e.key.toLowerCase()) && seen.add(e.key.toLowerCase())) add(e.key, e.value, doc.span(e.pair));
    return;
  }
  for (const item of expandedItems(doc, node)) {
    const name = doc.str(doc.value(item, 'name'));
    if (name) add(name, doc.value(item, 'value'), doc.span(item));
    // `- template: vars/prod.yml`: its variables, placed at the line that includes them (the template is reported on its own).
    const template = doc.str(doc.value(item, 'template'));
    const at = doc.span(item);
    for (const v of (template !== undefined ? scope.variableTemplates.get(template.trim()) : undefined) ?? []) {
      const binding = at ? valueBinding(v.value, at, vars) : undefined;
      vars.set(v.name.toLowerCase(), { name: v.name, ...(binding ? { binding } : {}) });
    }
  }
}

/** The env a step's shell sees: pipeline variables (as Azure maps them) and the step's `env:`. */
function stepEnv(scope: FileScope, step: YamlNode, vars: Variables): Env {
  const { doc } = scope;
  const env: Env = new Map();
  for (const v of vars.values()) {
    if (!v.binding) continue;
    env.set(v.name, v.binding);
    env.set(envNameOf(v.name), v.binding);
  }
  for (const e of doc.entries(doc.value(step, 'env'))) {
    const value = doc.str(e.value);
    const span = doc.valueSpan(e.value) ?? doc.span(e.pair);
    if (value === undefined || !span) continue;
    const binding = templateParameterBinding(e.key, value, span) ?? valueBinding(value, span, vars);
    if (binding) env.set(e.key, binding);
    else env.delete(e.key);
    addCiVariableFacts(scope.facts, e.key, binding, scope.databricks);
  }
  return env;
}

/** Replaces `$(X)` and `$[variables.X]` by shell variables bound to what X holds. */
function substituteMacros(script: EmbeddedScript, vars: Variables, env: Env): void {
  const replace = (name: string, span: Span): { text: string; isVariable: boolean } | undefined => {
    const known = vars.get(name.toLowerCase());
    // `$(pwd)`, `$(whoami)`: command substitution, not a macro.
    if (!known && !/[A-Z._]/.test(name)) return undefined;
    const varName = name.replace(/\./g, '_');
    if (known?.binding) env.set(varName, known.binding);
    else if (!known && !builtin(name) && looksLikeCredentialName(name) && !env.has(varName)) {
      env.set(varName, { credential: { source: 'secret', name, span: fileSpan(span) } });
    }
    return { text: `\${${varName}}`, isVariable: true };
  };
  substituteCiSyntax(script, MACRO, (m, span) => replace(m[1]!, span));
  substituteCiSyntax(script, RUNTIME, (m, span) => replace(m[1]!, span));
  // `$(dbt-cloud-pat)`: a Key Vault secret keeps the vault's hyphenated name; a command (`$(git-describe)`) names no credential.
  substituteCiSyntax(script, HYPHENATED_MACRO, (m, span) => {
    const name = m[1]!;
    const known = vars.get(name.toLowerCase());
    if (!known && !looksLikeCredentialName(name)) return undefined;
    const varName = name.replace(/[^A-Za-z0-9_]/g, '_');
    if (known?.binding) env.set(varName, known.binding);
    else if (!known && !env.has(varName)) env.set(varName, { credential: { source: 'secret', name, span: fileSpan(span) } });
    return { text: `\${${varName}}`, isVariable: true };
  });
  // A template's `${{ parameters.token }}`: what the pipeline including it passes (scan/link-references.ts).
  substituteCiSyntax(script, TEMPLATE_PARAMETER, (m, span) => {
    const name = m[1]!;
    const varName = `PARAMETERS_${name.replace(/\W/g, '_').toUpperCase()}`;
    if (looksLikeCredentialName(name) && !env.has(varName))
      env.set(varName, { credential: { source: 'unknown', name: `parameters.${name}`, span: fileSpan(span) } });
    return { text: `\${${varName}}`, isVariable: true };
  });
}

/**
 * A template's step env `DBT_TOKEN: ${{ parameters.dbtToken }}`: what the pipeline including the
 * template passes for that parameter (scan/link-references.ts), when the variable or the parameter
 * is named for a credential.
 */
function templateParameterBinding(envName: string, value: string, span: Span): EnvBinding | undefined {
  const m = /^\s*\$\{\{\s*parameters\.([A-Za-z_][\w-]{0,127})\s*\}\}\s*$/.exec(value);
  if (!m || !(looksLikeCredentialName(envName) || looksLikeCredentialName(m[1]!))) return undefined;
  return { credential: { source: 'unknown', name: `parameters.${m[1]}`, span: fileSpan(span) } };
}

const HYPHENATED_MACRO = /\$\(([A-Za-z_][A-Za-z0-9_.]*-[A-Za-z0-9_.-]{0,126})\)/g;
const TEMPLATE_PARAMETER = /\$\{\{\s*parameters\.([A-Za-z_][\w-]{0,127})\s*\}\}/g;

/**
 * `- template: templates/trigger-dbt.yml` with `parameters: { token: $(DBT_SERVICE_TOKEN) }`: the
 * template's `${{ parameters.token }}` holds that secret. Recorded as script env named
 * `parameters.token` for the template file (relative to this file; `/path` from the repository
 * root; `@other-repo` templates are not here), as a GitHub reusable workflow's secrets are.
 */
function templateParameters(scope: FileScope, item: YamlNode, vars: Variables): void {
  const { doc } = scope;
  const target = doc.str(doc.value(item, 'template'))?.trim();
  if (!target || target.includes('$')) return;
  if (target.includes('@')) return handToOtherRepositoryTemplate(scope, item, target, vars);
  const path = target.startsWith('/') ? joinRelative(target) : joinRelative(scope.dir, target);
  if (path === undefined) return;
  for (const e of doc.entries(doc.value(item, 'parameters'))) {
    const value = doc.str(e.value);
    const span = doc.valueSpan(e.value) ?? doc.span(e.pair);
    const binding = value === undefined || !span ? undefined : valueBinding(value, span, vars);
    if (binding && 'credential' in binding) addScriptEnv(scope.facts, path, new Map([[`parameters.${e.key}`, binding]]));
  }
}

/**
 * `- template: steps/dbt-cloud-run-job.yml@templates` (or `extends:`) with `parameters: { dbtCloudToken:
 * $(dbt-cloud-pat) }`: a template of another repository (`resources: repositories:`) is given the
 * token; what it runs is not here, so this item is where the token enters the run, its call site,
 * as a GitHub job handing a secret to another repository's reusable workflow is.
 */
function handToOtherRepositoryTemplate(scope: FileScope, item: YamlNode, target: string, vars: Variables): void {
  const { doc } = scope;
  const given = new Map<string, EnvBinding>();
  let at: Span | undefined;
  for (const e of doc.entries(doc.value(item, 'parameters'))) {
    const value = doc.str(e.value);
    const span = doc.valueSpan(e.value) ?? doc.span(e.pair);
    const binding = value === undefined || !span ? undefined : valueBinding(value, span, vars);
    if (!binding || !('credential' in binding)) continue;
    given.set(e.key, binding);
    at ??= span;
  }
  if (!at) return;
  const handoffs = new TokenHandoffs();
  handoffs.addStepSettings(given, { databricks: scope.databricks, env: given, names: [...given.keys()] }, at, target);
  handoffs.flush(scope.facts);
}

async function shellStep(scope: FileScope, scriptNode: YamlNode | undefined, step: YamlNode, vars: Variables): Promise<void> {
  const script = new EmbeddedScript();
  if (!script.addScalar(scope.doc, scriptNode)) return;
  const env = stepEnv(scope, step, vars);
  substituteMacros(script, vars, env);
  scope.runs.push(...(await runCiScript(scope.facts, script, env, builtin)));
  // A token handed on a command line (`python trigger.py --token $(DBT_CLOUD_SERVICE_TOKEN)`), or
  // in the step's own `env:` to a program that reads its environment, is the step's call site.
  if (mayHandOffDbtToken(env)) {
    const handoffs = new TokenHandoffs();
    const own = new Set(scope.doc.entries(scope.doc.value(step, 'env')).map((e) => e.key));
    handoffs.addCommands(await commandsOf(script, env), new Map([...env].filter(([name]) => own.has(name))), {
      databricks: scope.databricks,
      env,
    });
    handoffs.flush(scope.facts);
  }
}

/** A script file a task runs, with the step's environment (`env:`, which it hands on, and the pipeline's variables). */
function runFile(scope: FileScope, node: YamlNode | undefined, step: YamlNode, vars: Variables): void {
  const path = scope.doc.str(node)?.trim().replace(WORKSPACE_PREFIX, '');
  if (path && !path.includes('$(')) scope.runs.push({ path, env: stepEnv(scope, step, vars) });
}

/**
 * The task's `arguments:` (`--token $(DBT_CLOUD_SERVICE_TOKEN) --job 12`), read as the command
 * line `program` runs the script file with: a token handed on it is the step's call site.
 */
async function scriptArguments(
  scope: FileScope,
  node: YamlNode | undefined,
  step: YamlNode,
  vars: Variables,
  program: string,
): Promise<void> {
  const script = new EmbeddedScript();
  if (!script.addScalar(scope.doc, node) || script.isEmpty) return;
  const env = stepEnv(scope, step, vars);
  substituteMacros(script, vars, env);
  if (!mayHandOffDbtToken(env)) return;
  // The program and a stand-in for the script's path, before the first argument.
  script.substitute(/^\s*(?=\S)/g, (_m, lineIndex) => (lineIndex === 0 ? `${program} script ` : undefined));
  const handoffs = new TokenHandoffs();
  handoffs.addArguments(await commandsOf(script, env), { databricks: scope.databricks, env });
  handoffs.flush(scope.facts);
}

/**
 * A PowerShell body: a `$(X)` macro the pipeline does not define is a secret variable, as in a
 * bash step; `$env:X` is what the step's `env:` (or the pipeline's variables) bind X to.
 */
async function powershellStep(scope: FileScope, node: YamlNode | undefined, step: YamlNode, vars: Variables): Promise<void> {
  const script = new EmbeddedScript();
  if (!script.addScalar(scope.doc, node)) return;
  const env = stepEnv(scope, step, vars);
  // `- pwsh: ./scripts/Invoke-DbtJob.ps1 -JobId 612`: the script file runs with the step's environment.
  for (const path of scriptsRunBy(script.text)) if (!path.includes('$(')) scope.runs.push({ path, env });
  const facts = await powershellBodyFacts(script, (c) => {
    const bound = c.source === 'env' && c.name !== undefined ? env.get(c.name) : undefined;
    if (bound && 'credential' in bound) return { ...bound.credential };
    return c.source === 'variable' && c.name !== undefined && !lookup(vars, c.name) && !builtin(c.name) ? { ...c, source: 'secret' } : c;
  });
  mergeFacts(scope.facts, facts);
}

/** An inline Python body (`PythonScript@0` with `scriptSource: inline`), read as Python; `os.environ` is what the step binds. */
async function pythonStep(scope: FileScope, node: YamlNode | undefined, step: YamlNode, vars: Variables): Promise<void> {
  const script = new EmbeddedScript();
  if (!script.addScalar(scope.doc, node) || script.isEmpty) return;
  const env = stepEnv(scope, step, vars);
  substituteMacros(script, vars, env);
  mergeFacts(scope.facts, await pythonBodyFacts(script.text, (l, c) => script.toFile(l, c), env));
}

async function step(scope: FileScope, s: YamlNode, vars: Variables): Promise<void> {
  const { doc } = scope;
  templateParameters(scope, s, vars);
  const script = doc.value(s, 'script') ?? doc.value(s, 'bash');
  if (script) {
    await shellStep(scope, script, s, vars);
    return;
  }
  const powershell = doc.value(s, 'powershell') ?? doc.value(s, 'pwsh');
  if (powershell) {
    await powershellStep(scope, powershell, s, vars);
    return;
  }
  const task = doc.str(doc.value(s, 'task'))?.toLowerCase();
  if (!task) return;
  const inputs = doc.value(s, 'inputs');
  const input = (key: string): YamlNode | undefined => doc.entries(inputs).find((e) => e.key.toLowerCase() === key.toLowerCase())?.value;
  const inputStr = (key: string): string | undefined => doc.str(input(key))?.trim().toLowerCase();
  if (task.startsWith('bash@')) {
    if (inputStr('targetType') === 'inline') await shellStep(scope, input('script'), s, vars);
    else {
      runFile(scope, input('filePath'), s, vars);
      await scriptArguments(scope, input('arguments'), s, vars, 'bash');
    }
  } else if (task.startsWith('cmdline@')) {
    await shellStep(scope, input('script'), s, vars);
  } else if (task.startsWith('shellscript@')) {
    runFile(scope, input('scriptPath'), s, vars);
    await scriptArguments(scope, input('args'), s, vars, 'bash');
  } else if (task.startsWith('azurecli@')) {
    const type = inputStr('scriptType') ?? '';
    if (!/^(bash|sh)$/.test(type)) return;
    if (inputStr('scriptLocation') === 'inlinescript') await shellStep(scope, input('inlineScript'), s, vars);
    else runFile(scope, input('scriptPath'), s, vars);
  } else if (task.startsWith('powershell@')) {
    if (inputStr('targetType') === 'inline') await powershellStep(scope, input('script'), s, vars);
    else runFile(scope, input('filePath'), s, vars);
  } else if (TERRAFORM_TASK.test(task)) {
    await terraformTask(scope, s, input, inputStr, vars);
  } else if (task.startsWith('pythonscript@')) {
    if (inputStr('scriptSource') === 'inline') await pythonStep(scope, input('script'), s, vars);
    else runFile(scope, input('scriptPath'), s, vars);
    await scriptArguments(scope, input('arguments'), s, vars, 'python');
  }
}

/** The Terraform tasks (Microsoft DevLabs' `TerraformTaskV4@4`, `TerraformCLI@1`) and the commands that configure the providers. */
const TERRAFORM_TASK = /^(?:terraformtask(?:v\d+)?|terraformcli)@\d+$/;
const PROVIDER_COMMANDS = /^(?:plan|apply|destroy|import|refresh)$/;

/**
 * A Terraform task runs `terraform <command> <commandOptions>` in its `workingDirectory`:
 * read as that command line (`-var="dbt_token=$(dbt-cloud-pat)"`, the step's `TF_VAR_` env),
 * as a `- script: terraform -chdir=… apply …` step would be.
 */
async function terraformTask(
  scope: FileScope,
  step: YamlNode,
  input: (key: string) => YamlNode | undefined,
  inputStr: (key: string) => string | undefined,
  vars: Variables,
): Promise<void> {
  const command = inputStr('command');
  if (!command || !PROVIDER_COMMANDS.test(command)) return;
  const dir = scope.doc.str(input('workingDirectory'))?.trim().replace(WORKSPACE_PREFIX, '').replace(/\/+$/, '');
  const options = scope.doc.str(input('commandOptions'))?.replace(/\s+/g, ' ').trim() ?? '';
  if ((dir && /[\s'"]/.test(dir)) || options.length > 2000) return;
  const chdir = dir && !/^\$\((?:System\.DefaultWorkingDirectory|Build\.SourcesDirectory)\)$/i.test(dir) ? ` -chdir=${dir}` : '';
  const script = new EmbeddedScript();
  // Placed where the options are written: a token given there (`-var dbt_token=$(…)`) is on that line.
  script.addImpliedCommand(
    scope.doc,
    (options && input('commandOptions')) || step,
    `terraform${chdir} ${command}${options ? ` ${options}` : ''}`,
  );
  const env = stepEnv(scope, step, vars);
  substituteMacros(script, vars, env);
  scope.runs.push(...(await runCiScript(scope.facts, script, env, builtin)));
}

/**
 * A job's `strategy: matrix:` legs (`us: { accountId: 51020 }`, `emea: { accountId: 63118 }`), one
 * run each: a variable every leg sets alike is that value; dbt Cloud ids that differ are one per run
 * (an account id each, for the checks across accounts).
 */
function addMatrixVariables(doc: CiYamlDocument, matrix: YamlNode | undefined, vars: Variables): void {
  const byName = new Map<string, { name: string; values: string[] }>();
  const legs = doc.entries(matrix).slice(0, 50);
  for (const leg of legs) {
    for (const e of doc.entries(leg.value)) {
      const value = doc.str(e.value);
      if (value === undefined) continue;
      const entry = byName.get(e.key.toLowerCase()) ?? { name: e.key, values: [] };
      byName.set(e.key.toLowerCase(), entry);
      entry.values.push(value.trim());
    }
  }
  for (const [key, { name, values }] of byName) {
    if (values.length !== legs.length) continue;
    const distinct = [...new Set(values)];
    if (distinct.length === 1) vars.set(key, { name, binding: textBinding(distinct[0]!) });
    else if (distinct.every(isDbtCloudId)) vars.set(key, { name, binding: { value: [{ kind: 'unknown', name }], runs: distinct } });
  }
}

/** Steps of a job: `steps:`, and those under a deployment job's `strategy:` hooks. */
function jobSteps(doc: CiYamlDocument, job: YamlNode): YamlNode[] {
  const out = expandedItems(doc, doc.value(job, 'steps'));
  const stack: Array<{ node: YamlNode | undefined; depth: number }> = [{ node: doc.value(job, 'strategy'), depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    for (const e of doc.entries(node)) {
      if (e.key === 'steps') out.push(...expandedItems(doc, e.value));
      else if (depth < MAX_NESTING && doc.isMap(e.value)) stack.push({ node: e.value, depth: depth + 1 });
    }
  }
  return out;
}

async function jobs(scope: FileScope, node: YamlNode | undefined, outer: Variables): Promise<void> {
  const { doc } = scope;
  for (const job of expandedItems(doc, node)) {
    templateParameters(scope, job, outer);
    const vars: Variables = new Map(outer);
    addVariables(scope, doc.value(job, 'variables'), vars);
    addMatrixVariables(doc, doc.value(doc.value(job, 'strategy'), 'matrix'), vars);
    for (const s of jobSteps(doc, job)) await step(scope, s, vars);
  }
}

async function extractDocument(scope: FileScope, root: YamlNode): Promise<void> {
  const { doc } = scope;
  const vars: Variables = new Map();
  addVariables(scope, doc.value(root, 'variables'), vars);
  for (const stage of expandedItems(doc, doc.value(root, 'stages'))) {
    templateParameters(scope, stage, vars);
    const stageVars: Variables = new Map(vars);
    addVariables(scope, doc.value(stage, 'variables'), stageVars);
    await jobs(scope, doc.value(stage, 'jobs'), stageVars);
  }
  await jobs(scope, doc.value(root, 'jobs'), vars);
  for (const s of expandedItems(doc, doc.value(root, 'steps'))) await step(scope, s, vars);
  // `extends: { template: pipelines/dbt.yml@templates, parameters: … }`: the pipeline is that template, given these.
  const base = doc.value(root, 'extends');
  if (base && doc.isMap(base)) templateParameters(scope, base, vars);
}

export const adapter: LanguageAdapter = {
  id: 'azure-pipelines',
  extract(file, ctx: AdapterContext) {
    return extractPipelineFile(file, ctx, {
      rootMarkers: ['.azure-pipelines', '.azuredevops'],
      readDocument: async (doc, root, facts, runs) => {
        const dir = folderOf(file.path);
        const variableTemplates = /^[ \t]*-[ \t]+template[ \t]*:/m.test(file.text)
          ? await variableTemplatesOf(file.text, dir, ctx)
          : new Map();
        await extractDocument({ doc, facts, databricks: mentionsDatabricks(file.text), runs, dir, variableTemplates }, root);
      },
    });
  },
};
