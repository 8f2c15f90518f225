import { withRenames } from '../shared/ci-yaml/yaml-steps.js';
import { typeFromDescription } from '../../credentials/descriptions.js';
import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import { pastDeadline } from '../extraction-limits.js';
import type { SourceFile } from '../../discover/source-file.js';
import { type Description, emptyFacts, type FileFacts, type RawCredential, type Span } from '../../model/raw-facts.js';
import { bindingLiteral, type EnvBinding } from '../shared/values/binding.js';
import { loadCiYaml, failureProblem, type CiYamlDocument, type YamlNode } from '../shared/yaml-documents/document.js';
import { EmbeddedScript, insideSingleQuotes } from '../shared/embedded-shell/embedded-script.js';
import { commandsOf, fileSpan, mergeFacts, shellFactsOf } from '../shared/embedded-shell/shell-facts.js';
import { GHA_EXPRESSION, bindingForGhaString, resolveExpression, type GhaScope } from './github-expressions.js';
import { actionName, dbtCloudActionCalls, type ActionInput } from './dbt-cloud-actions.js';
import { readLocalAction, readReusableWorkflow } from './local-action.js';
import { secretActionEnv } from './secret-actions.js';
import { labelTerraformRuns } from '../shared/ci-yaml/terraform-jobs.js';
import { isDbtTokenName } from '../../credentials/names.js';
import { mentionsDatabricks } from '../../credentials/token-shapes.js';
import { tokenShapedLiteral } from '../../credentials/placeholders.js';
import { addScriptEnv, terraformRootKey } from '../shared/ci-yaml/script-env.js';
import { folderAbove, joinRelative, resolveRunScripts } from '../shared/ci-yaml/script-location.js';
import { folderOf } from '../repo-path.js';
import { ACTION_MARK, ROOT_MARK, scriptsRunBy } from '../shared/ci-yaml/run-scripts.js';
import { mayHandOffDbtToken, TokenHandoffs } from '../shared/ci-yaml/token-handoff.js';
import { addUnparsedEnvHandoffs } from './unparsed-env.js';
import { handToRunScripts, handToTasks } from '../shared/ci-yaml/wrapped-scripts.js';
import { commandLineRuns, variableIn } from '../shared/ci-yaml/command-line-values.js';
import { pythonBodyFacts } from '../shell/inline-python.js';
import { secretStoreRead } from '../shell/secret-store-reads.js';
import { powershellBodyFacts } from '../shared/embedded-shell/powershell-body.js';

// GitHub Actions workflows (.github/workflows/*.yml) and composite actions (action.yml):
// `run:` bodies go to the shell extractor with the workflow/job/step env merged (step wins);
// `uses:` steps (and reusable-workflow jobs) that hand a dbt Cloud token to an action are
// `ci-step` call sites, and so are steps that hand a dbt Cloud token to any other program through
// `env:` or their command line (shared/ci-yaml/token-handoff.ts). The file is CI, so its role is 'ci-cd'.

/** Shells whose `run:` body is shell; others (python, pwsh, cmd) are not ours to read. */
const SHELL_NAMES = /^(?:bash|sh|zsh|ksh|dash)\b/;
const POWERSHELL_NAMES = /^(?:pwsh|powershell)\b/i;
/** `shell: python` (also `python {0}`, `python3`): the body is a Python program. */
const PYTHON_SHELL = /^python(?:\d+(?:\.\d+)?)?\b/;

interface FileScope {
  doc: CiYamlDocument;
  ctx: AdapterContext;
  facts: FileFacts;
  repoRoot: string;
  /** The folder of a composite action (for `${{ github.action_path }}`), relative to the scan root. */
  actionDir?: string;
  inputDefaults: Map<string, { value: string; span: Span }>;
  handoffs: TokenHandoffs;
  /** The file mentions Databricks, so `DBT_TOKEN` may be the warehouse token of dbt Core. */
  databricks: boolean;
  inputDescriptions: Map<string, Description>;
  secretDescriptions: Map<string, Description>;
  /** Outputs of the current job's earlier steps (GhaScope.stepOutputs). */
  stepOutputs: Map<string, EnvBinding>;
  /** The current job's matrix values (GhaScope.matrix). */
  matrix?: ReadonlyMap<string, { values: readonly string[]; line: number }>;
}

interface Defaults {
  workdir?: string;
  shell?: string;
}

export const adapter: LanguageAdapter = {
  id: 'github-actions',
  async extract(file, ctx) {
    const facts = emptyFacts();
    try {
      const { docs, problems } = await loadCiYaml(file.text);
      facts.problems.push(...problems);
      for (const doc of docs) await extractDocument(doc, file, ctx, facts);
      if (facts.role === 'ci-cd' && problems.some((p) => p.startsWith('YAML parse error')))
        addUnparsedEnvHandoffs(file.text, facts, mentionsDatabricks(file.text));
    } catch (err) {
      facts.problems.push(...failureProblem(err));
    }
    return facts;
  },
};

async function extractDocument(doc: CiYamlDocument, file: SourceFile, ctx: AdapterContext, facts: FileFacts): Promise<void> {
  const root = doc.root;
  if (!doc.isMap(root)) return;
  const runs = doc.value(root, 'runs');
  const isAction = doc.isMap(runs);
  const isWorkflow = doc.get(root, 'jobs') !== undefined || doc.get(root, 'on') !== undefined;
  if (!isAction && !isWorkflow) return;
  facts.role = 'ci-cd';

  const repoRoot = folderAbove(file.path, '.github') ?? (isAction ? '' : folderOf(file.path));
  const scope: FileScope = {
    doc,
    ctx,
    facts,
    repoRoot,
    inputDefaults: new Map(),
    handoffs: new TokenHandoffs(),
    databricks: mentionsDatabricks(doc.text),
    inputDescriptions: new Map(),
    secretDescriptions: new Map(),
    stepOutputs: new Map(),
  };

  if (isAction) {
    scope.actionDir = folderOf(file.path);
    collectInputDefaults(scope, doc.value(root, 'inputs'));
    describeInputs(scope);
    const steps = doc.items(doc.value(runs, 'steps'));
    await extractSteps(scope, steps, new Map(), {});
    scope.handoffs.flush(facts);
    return;
  }

  const on = doc.value(root, 'on');
  for (const trigger of ['workflow_call', 'workflow_dispatch']) collectInputDefaults(scope, doc.value(doc.value(on, trigger), 'inputs'));
  for (const secret of doc.entries(doc.value(doc.value(on, 'workflow_call'), 'secrets'))) {
    const description = doc.value(secret.value, 'description');
    const text = doc.str(description);
    const at = doc.valueSpan(description);
    if (text !== undefined && at) scope.secretDescriptions.set(secret.key.toLowerCase(), { text, line: at.line });
  }
  const workflowEnv = envBlock(scope, doc.value(root, 'env'), new Map());
  const workflowDefaults = defaultsOf(doc, root, {});
  for (const job of doc.entries(doc.value(root, 'jobs'))) {
    if (!doc.isMap(job.value)) continue;
    scope.matrix = matrixValues(doc, doc.value(doc.value(job.value, 'strategy'), 'matrix'));
    // A container job's `container: { env: … }` is the environment its steps run in, under the job's own.
    const container = doc.value(job.value, 'container');
    const containerEnv = doc.isMap(container) ? envBlock(scope, doc.value(container, 'env'), workflowEnv) : workflowEnv;
    const jobEnv = envBlock(scope, doc.value(job.value, 'env'), containerEnv);
    const usesEntry = doc.get(job.value, 'uses');
    const uses = doc.str(usesEntry?.value);
    const jobUsesSpan = doc.span(usesEntry?.pair);
    if (uses && jobUsesSpan) {
      const inputs = [
        ...actionInputs(scope, doc.value(job.value, 'with'), jobEnv),
        ...actionInputs(scope, doc.value(job.value, 'secrets'), jobEnv),
      ];
      const { calls, repeated } = dbtCloudActionCalls(
        uses,
        jobUsesSpan,
        inputs,
        await readReusableWorkflow(uses, scope.repoRoot, scope.ctx),
      );
      facts.callSites.push(...calls);
      facts.credentialSites.push(...repeated);
      handToReusableWorkflow(scope, uses, doc.value(job.value, 'with'), doc.value(job.value, 'secrets'), jobEnv);
    }
    const environment = doc.value(job.value, 'environment');
    const jobNames = [
      job.key,
      doc.str(doc.value(job.value, 'name')),
      doc.isMap(environment) ? doc.str(doc.value(environment, 'name')) : doc.str(environment),
    ];
    const envNames = [...envKeys(doc, root), ...envKeys(doc, job.value)];
    const before = facts.callSites.length;
    await extractSteps(
      scope,
      doc.items(doc.value(job.value, 'steps')),
      jobEnv,
      defaultsOf(doc, job.value, workflowDefaults),
      jobNames,
      envNames,
    );
    oneTerraformSitePerEnvLine(facts, before);
  }
  scope.handoffs.flush(facts);
}

/**
 * `terraform plan` then `terraform apply` in one job, both given the token the job's (or the
 * workflow's) `env:` sets: one token line hands the token to Terraform, one call site, at the
 * first step that runs it. Tokens set in each step's own `env:` stay one site a step.
 */
function oneTerraformSitePerEnvLine(facts: FileFacts, from: number): void {
  const seen = new Set<string>();
  const kept = facts.callSites.slice(from).filter((c) => {
    const at = c.credential?.span;
    if (c.kind !== 'terraform' || !at) return true;
    const key = `${c.credential!.source}\0${c.credential!.name ?? ''}\0${at.line}:${at.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  facts.callSites.splice(from, facts.callSites.length - from, ...kept);
}

function defaultsOf(doc: CiYamlDocument, node: YamlNode, outer: Defaults): Defaults {
  const run = doc.value(doc.value(node, 'defaults'), 'run');
  return {
    workdir: doc.str(doc.value(run, 'working-directory')) ?? outer.workdir,
    shell: doc.str(doc.value(run, 'shell')) ?? outer.shell,
  };
}

function collectInputDefaults(scope: FileScope, inputs: YamlNode | undefined): void {
  const { doc } = scope;
  for (const input of doc.entries(inputs)) {
    const d = doc.value(input.value, 'default');
    const value = doc.str(d);
    const span = doc.valueSpan(d);
    if (value !== undefined && span && !value.includes('${{')) scope.inputDefaults.set(input.key, { value, span });
    // `description: dbt Cloud service token` says what the input takes.
    const description = doc.value(input.value, 'description');
    const text = doc.str(description);
    const at = doc.valueSpan(description);
    if (text !== undefined && at) scope.inputDescriptions.set(input.key, { text, line: at.line });
  }
}

/**
 * An action's input whose `description` names the token type (`dbt Cloud service token used to
 * trigger the job`) says what the action's own code reads as that input: `core.getInput('x')`
 * in JavaScript, `INPUT_X` in the environment GitHub gives the action (its name upper-cased,
 * spaces as `_`).
 */
function describeInputs(scope: FileScope): void {
  for (const [key, description] of scope.inputDescriptions) {
    if (typeFromDescription(description.text) === undefined) continue;
    const span = { line: description.line, column: 1 };
    scope.facts.namedValues ??= [];
    for (const name of new Set([key, `INPUT_${key.replace(/ /g, '_').toUpperCase()}`]))
      scope.facts.namedValues.push({ span, credential: { source: 'config', name, description, span } });
  }
}

const gha = (scope: FileScope, env: ReadonlyMap<string, EnvBinding>): GhaScope => ({
  env,
  inputDefaults: scope.inputDefaults,
  inputDescriptions: scope.inputDescriptions,
  secretDescriptions: scope.secretDescriptions,
  stepOutputs: scope.stepOutputs,
  ...(scope.matrix ? { matrix: scope.matrix } : {}),
});

/** A job's `strategy.matrix`: each key's literal values, from its list and from `include:` entries. */
function matrixValues(doc: CiYamlDocument, matrix: YamlNode | undefined): Map<string, { values: string[]; line: number }> | undefined {
  if (!doc.isMap(matrix)) return undefined;
  const out = new Map<string, { values: string[]; line: number }>();
  const add = (key: string, node: YamlNode | undefined): void => {
    const value = doc.str(node);
    const line = doc.span(node)?.line;
    if (value === undefined || line === undefined || value.length > 200) return;
    const entry = out.get(key) ?? { values: [], line };
    if (entry.values.length < 100) entry.values.push(value);
    out.set(key, entry);
  };
  for (const e of doc.entries(matrix)) {
    if (e.key === 'include') for (const item of doc.items(e.value)) for (const f of doc.entries(item)) add(f.key, f.value);
    else if (e.key !== 'exclude') for (const item of doc.items(e.value)) add(e.key, item);
  }
  return out;
}

/**
 * An `env:` block applied over `outer`. Values see the enclosing env (`${{ env.X }}` in a step
 * means the job's or workflow's X). Literal dbt tokens in dbt-named variables are credential sites.
 */
function envBlock(scope: FileScope, node: YamlNode | undefined, outer: ReadonlyMap<string, EnvBinding>): Map<string, EnvBinding> {
  const { doc } = scope;
  const result = new Map(outer);
  for (const e of doc.entries(node)) {
    const s = doc.str(e.value);
    const span = doc.valueSpan(e.value);
    if (s === undefined || !span) {
      result.delete(e.key);
      continue;
    }
    const binding = bindingForGhaString(s, span, gha(scope, outer));
    if (binding) result.set(e.key, binding);
    else result.delete(e.key);
    if (isDbtTokenName(e.key, 'ci-variable') && !s.includes('${{') && tokenShapedLiteral(s.trim())) {
      scope.facts.credentialSites.push({ span, credential: { source: 'literal', name: e.key, value: s.trim(), span } });
    }
  }
  return result;
}

/** The environment variables the workflow reads (`$DBT_TOKEN`, `${DBT_TOKEN}`, `env.DBT_TOKEN`) whose names start with `prefix`. */
function namesReadWith(text: string, prefix: string): string[] {
  const out = new Set<string>();
  const re = new RegExp(`(?:\\$\\{?|\\benv\\.)(${prefix}[A-Za-z0-9_]{1,100})`, 'g');
  for (const m of text.matchAll(re)) {
    out.add(m[1]!);
    if (out.size >= 50) break;
  }
  return [...out];
}

/** The entries of the step's own `env:` block, as bound in `stepEnv`. */
function ownEntries(scope: FileScope, step: YamlNode, stepEnv: ReadonlyMap<string, EnvBinding>): Map<string, EnvBinding> {
  const own = new Map<string, EnvBinding>();
  for (const e of scope.doc.entries(scope.doc.value(step, 'env'))) {
    const b = stepEnv.get(e.key);
    if (b) own.set(e.key, b);
  }
  return own;
}

/** `with:` / `secrets:` entries of a `uses:` step, resolved against the step's env. */
function actionInputs(scope: FileScope, node: YamlNode | undefined, env: ReadonlyMap<string, EnvBinding>): ActionInput[] {
  const { doc } = scope;
  const out: ActionInput[] = [];
  for (const e of doc.entries(node)) {
    const s = doc.str(e.value);
    const span = doc.valueSpan(e.value);
    if (s === undefined || !span) continue;
    const binding = bindingForGhaString(s, span, gha(scope, env));
    const input: ActionInput = { name: e.key, binding, span: cleanSpan(span) };
    const whole = /^\s*\$\{\{((?:[^}]|\}(?!\})){0,500})\}\}\s*$/.exec(s);
    if (whole) input.placeholder = resolveExpression(whole[1]!, span, gha(scope, env)).varName;
    if (binding && 'credential' in binding) input.binding = { credential: cleanCredential(binding.credential) };
    else if (binding && 'value' in binding)
      input.binding = { value: binding.value, span: binding.span ? cleanSpan(binding.span) : undefined };
    out.push(input);
  }
  return out;
}

/**
 * A job calling a reusable workflow of the same repository (`uses: ./.github/workflows/x.yml`)
 * maps its own secrets and values to the workflow's `secrets.X` and `inputs.X`: the workflow's
 * requests use what the caller hands it (`dbt_token: ${{ secrets.DBT_CLOUD_PAT }}`). Recorded as
 * script env named `secrets.X` / `inputs.X` (no environment variable has a dot in its name), which
 * the linker applies to the workflow's own references (scan/link-references.ts).
 */
function handToReusableWorkflow(
  scope: FileScope,
  uses: string,
  withNode: YamlNode | undefined,
  secretsNode: YamlNode | undefined,
  env: ReadonlyMap<string, EnvBinding>,
): void {
  const target = uses.trim();
  if (!/^\.\/.*\.ya?ml$/i.test(target)) return;
  const workflow = joinRelative(scope.repoRoot, target);
  if (workflow === undefined) return;
  for (const [context, node] of [
    ['inputs', withNode],
    ['secrets', secretsNode],
  ] as const) {
    for (const input of actionInputs(scope, node, env)) {
      if (input.binding && 'credential' in input.binding)
        addScriptEnv(scope.facts, workflow, new Map([[`${context}.${input.name}`, input.binding]]));
    }
  }
}

/** Actions that run their `command:` input in a shell, retrying it: read as a `run:` step. */
const RETRY_ACTIONS: ReadonlySet<string> = new Set(['nick-fields/retry', 'wandalen/wretry.action']);

const cleanSpan = (s: Span): Span => ({ line: s.line, column: s.column });
function cleanCredential(c: RawCredential): RawCredential {
  const out = { ...c };
  if (c.span) out.span = cleanSpan(c.span);
  return out;
}

/** The names an `env:` block sets, whatever their values. */
const envKeys = (doc: CiYamlDocument, node: YamlNode): string[] => doc.entries(doc.value(node, 'env')).map((e) => e.key);

async function extractSteps(
  scope: FileScope,
  steps: YamlNode[],
  jobEnv: Map<string, EnvBinding>,
  defaults: Defaults,
  jobNames: Array<string | undefined> = [],
  envNames: string[] = [],
): Promise<void> {
  const { doc, facts } = scope;
  // `echo NAME=value >> $GITHUB_ENV` in one step sets NAME for the steps after it.
  const env = new Map(jobEnv);
  // `echo "name=value" >> $GITHUB_OUTPUT` in a step with `id:` is `steps.<id>.outputs.name` after it, in this job.
  scope.stepOutputs.clear();
  for (const step of steps) {
    // Past the file's time budget, later steps are not read (the core reports the file as cut).
    if (pastDeadline()) break;
    if (!doc.isMap(step)) continue;
    const stepEnv = envBlock(scope, doc.value(step, 'env'), env);
    const stepId = doc.str(doc.value(step, 'id'));
    const usesEntry = doc.get(step, 'uses');
    const uses = doc.str(usesEntry?.value);
    const usesSpan = doc.span(usesEntry?.pair);
    const label = doc.str(doc.value(step, 'name'));
    const handoffScope = {
      databricks: scope.databricks,
      env: stepEnv,
      names: [...envNames, ...envKeys(doc, step)],
      ...(label !== undefined ? { label } : {}),
      jobNames,
    };
    // A retry action runs its `with: command:` in the step's shell, as `run:` would (`nick-fields/retry`).
    const retriedCommand =
      uses && RETRY_ACTIONS.has(actionName(uses).toLowerCase()) ? doc.get(doc.value(step, 'with'), 'command') : undefined;
    if (uses && usesSpan && !retriedCommand) {
      const local = await readLocalAction(uses, scope.repoRoot, scope.ctx);
      const inputs = actionInputs(scope, doc.value(step, 'with'), stepEnv);
      const { calls, repeated } = dbtCloudActionCalls(uses, usesSpan, inputs, local);
      // A composite action of the repository: its steps' `${{ inputs.X }}` hold what this step gives
      // it; a JavaScript or Docker action's code in its folder reads it as `core.getInput('x')` or
      // `INPUT_X` (the name upper-cased, spaces as `_`).
      if (local) {
        const folder = `${folderOf(local.file)}/`;
        for (const input of inputs) {
          if (!input.binding || !('credential' in input.binding)) continue;
          addScriptEnv(facts, local.file, new Map([[`inputs.${input.name}`, input.binding]]));
          if (folder === '/') continue;
          const name = input.name.replace(/ /g, '_').toUpperCase();
          addScriptEnv(
            facts,
            folder,
            new Map([
              [`INPUT_${name}`, input.binding],
              [`input.${input.name}`, input.binding],
            ]),
          );
        }
      }
      facts.callSites.push(...calls);
      facts.credentialSites.push(...repeated);
      // `actions/github-script`: its `script:` is JavaScript run with the step's environment.
      if (actionName(uses).toLowerCase() === 'actions/github-script') {
        const body = new EmbeddedScript();
        if (body.addScalar(doc, doc.value(doc.value(step, 'with'), 'script'))) {
          const jsEnv = substituteExpressions(scope, body, stepEnv, 'javascript');
          const { javascriptBodyFacts } = await import('../javascript/embedded-body.js');
          const found = await javascriptBodyFacts(body, scope.ctx, (c) => {
            const b = c.name !== undefined && (c.source === 'env' || c.source === 'unknown') ? jsEnv.get(c.name) : undefined;
            return b && 'credential' in b ? { ...b.credential } : c;
          });
          mergeFacts(facts, found);
          // `require('./.github/scripts/trigger.js')`: a module of the repository (from the workspace) run with the step's environment.
          const required = requiredModules(scope, body.lines);
          if (required.length > 0) handToRunScripts(facts, required, stepEnv, scope.repoRoot, scope.ctx);
          if (found.callSites.length > 0) continue;
        }
      }
      // A secret-fetching action sets variables for the later steps: each holds the secret it names.
      const withNode = doc.value(step, 'with');
      // gruntwork-io/terragrunt-action runs `tg_command` in `tg_dir`: the provider there reads the step's environment.
      if (actionName(uses).toLowerCase() === 'gruntwork-io/terragrunt-action') {
        const dir = doc.str(doc.value(withNode, 'tg_dir')) ?? '.';
        const command = doc.str(doc.value(withNode, 'tg_command')) ?? '';
        const folder = /\b(?:plan|apply|destroy|import|refresh)\b/.test(command) ? joinRelative(scope.repoRoot, dir) : undefined;
        if (folder !== undefined) handToRunScripts(facts, [terraformRootKey(folder)], stepEnv, scope.repoRoot, scope.ctx);
      }
      const rawInput = (name: string) => {
        const value = new EmbeddedScript();
        if (!value.addScalar(doc, doc.value(withNode, name))) return undefined;
        return { lines: value.lines, spanOf: (i: number) => cleanSpan(value.fileSpanOfOriginal(i, 0)) };
      };
      const ownEnv = new Map<string, { text: string; span: Span }>();
      for (const e of doc.entries(doc.value(step, 'env'))) {
        const text = doc.str(e.value);
        const span = doc.valueSpan(e.value);
        if (text !== undefined && span) ownEnv.set(e.key, { text, span });
      }
      const fetched = secretActionEnv(uses, rawInput, ownEnv, (prefix) => namesReadWith(doc.text, prefix));
      for (const [name, binding] of fetched.env) env.set(name, binding);
      if (stepId) for (const [name, binding] of fetched.outputs) scope.stepOutputs.set(`steps.${stepId}.outputs.${name}`, binding);
      if (!calls.length) {
        // An action is given the step's own `env:` (not the job's: checkout and setup actions ignore it).
        scope.handoffs.addEnvironment(ownEntries(scope, step, stepEnv), handoffScope, usesSpan, actionName(uses));
        // And its `with:` inputs: `token: ${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}` hands another
        // repository's action a dbt Cloud token whatever the input is called, as the secret's name
        // says. (A composite action of this repository is read with its inputs: its calls are reported there.)
        if (!local) {
          const given = new Map(inputs.flatMap((i) => (i.binding ? [[i.name, i.binding] as const] : [])));
          const inputScope = { ...handoffScope, env: new Map([...stepEnv, ...given]), names: [...handoffScope.names, ...given.keys()] };
          scope.handoffs.addStepSettings(given, inputScope, usesSpan, actionName(uses));
        }
      }
      continue;
    }
    const runEntry = retriedCommand ?? doc.get(step, 'run');
    const run = runEntry?.value;
    const script = new EmbeddedScript();
    if (!script.addScalar(doc, run)) continue;
    const shell = doc.str(doc.value(step, 'shell')) ?? defaults.shell;
    if (shell !== undefined && POWERSHELL_NAMES.test(shell.trim())) {
      // Read as PowerShell; `${{ }}` and `$env:X` are what the step binds them to.
      const psEnv = substituteExpressions(scope, script, stepEnv);
      const facts2 = await powershellBodyFacts(script, (c) => {
        const b = c.name !== undefined ? psEnv.get(c.name) : undefined;
        return b && 'credential' in b ? { ...b.credential } : c;
      });
      mergeFacts(facts, facts2);
      // `./scripts/Invoke-DbtJob.ps1 -JobId 612`: the script file runs with the step's environment.
      handToStepScripts(scope, step, defaults, script.text, stepEnv);
      // A body that calls nothing here may still hand the env to a program it starts.
      const at = doc.span(runEntry?.pair);
      if (at && facts2.callSites.length === 0) scope.handoffs.addEnvironment(stepEnv, handoffScope, at, shell.trim().split(/\s+/)[0]);
      continue;
    }
    if (shell !== undefined && !SHELL_NAMES.test(shell.trim())) {
      // A Python body is read as Python, the env what the step binds; any such body is a program of its own that sees the env.
      let called = false;
      if (PYTHON_SHELL.test(shell.trim())) {
        const pyEnv = substituteExpressions(scope, script, stepEnv);
        const body = await pythonBodyFacts(script.text, (l, c) => script.toFile(l, c), pyEnv);
        mergeFacts(facts, body);
        called = body.callSites.length > 0;
      }
      const at = doc.span(runEntry?.pair);
      if (!called && !script.isEmpty && at) scope.handoffs.addEnvironment(stepEnv, handoffScope, at, shell.trim().split(/\s+/)[0]);
      continue;
    }

    const original = [...script.lines];
    const shellEnv = substituteExpressions(scope, script, stepEnv);
    mergeFacts(facts, labelTerraformRuns(await shellFactsOf(script, shellEnv), jobNames));
    if (mayHandOffDbtToken(shellEnv)) scope.handoffs.addCommands(await commandsOf(script, shellEnv), stepEnv, handoffScope);

    const { workdir, ran } = handToStepScripts(scope, step, defaults, original.join('\n'), stepEnv);
    const runAt = doc.span(runEntry?.pair);
    if (runAt && ran.length > 0) {
      // `terraform apply -var="dbt_token=${{ secrets.DBT_PAT }}"`: the provider's `var.dbt_token`.
      const bind = (value: string): EnvBinding | undefined =>
        value.includes('${{') ? bindingForGhaString(value, runAt, gha(scope, stepEnv)) : variableIn(stepEnv)(value);
      for (const run of commandLineRuns(pathText(scope, original.join('\n')), stepEnv, bind))
        handToRunScripts(
          facts,
          resolveRunScripts([run.path], scope.repoRoot, workdir, scope.ctx, scope.actionDir),
          run.env,
          scope.repoRoot,
          scope.ctx,
        );
    }
    const stepDir = joinRelative(scope.repoRoot, (workdir ?? '').replace(/^\$\{\{[^}]*\}\}\/?/, '')) ?? scope.repoRoot;
    handToTasks(facts, original.join('\n'), stepEnv, stepDir, scope.ctx);

    applyGithubEnvWrites(scope, original, script, env, stepEnv, stepId);
  }
}

/**
 * The repository modules a github-script body loads, `require('./.github/scripts/x.js')` or
 * `await import('./scripts/x.mjs')` (github-script resolves them from the workspace), by the file
 * that exists: as written, with `.js`, `.cjs`, `.mjs`, or as a folder's `index.js`.
 */
function requiredModules(scope: FileScope, lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines.slice(0, 500)) {
    for (const m of line.matchAll(
      /\b(?:require|import)\(\s*(?:[`'"])(?:\$\{process\.env\.GITHUB_WORKSPACE\}\/)?(\.{0,2}\/?[\w./-]{1,300})[`'"]\s*\)/g,
    )) {
      const written = m[1]!.replace(/^\.\//, '');
      if (written.startsWith('../') || (!written.includes('/') && !/\.[cm]?js$/.test(written))) continue;
      const base = joinRelative(scope.repoRoot, written);
      if (base === undefined) continue;
      const found = [base, `${base}.js`, `${base}.cjs`, `${base}.mjs`, `${base}/index.js`].find(
        (p) => /\.[cm]?js$/.test(p) && scope.ctx.fileExists(p),
      );
      if (found && !out.includes(found)) out.push(found);
      if (out.length >= 10) return out;
    }
  }
  return out;
}

/** The scripts a step's body runs (from its `working-directory`), each handed the step's environment. */
function handToStepScripts(
  scope: FileScope,
  step: YamlNode,
  defaults: Defaults,
  body: string,
  env: ReadonlyMap<string, EnvBinding>,
): { workdir: string | undefined; ran: string[] } {
  const workdir = scope.doc.str(scope.doc.value(step, 'working-directory')) ?? defaults.workdir;
  const ran = scriptsRunBy(pathText(scope, body));
  // `export DBT_CLOUD_TOKEN="$(aws secretsmanager get-secret-value …)"` before the script: it reads that secret.
  // A folder per matrix value (`working-directory: accounts/${{ matrix.root }}`): each runs the body.
  if (ran.length > 0)
    for (const dir of workdir !== undefined ? matrixVariants(scope, workdir) : [undefined])
      handToRunScripts(
        scope.facts,
        resolveRunScripts(ran, scope.repoRoot, dir, scope.ctx, scope.actionDir),
        withRenames(body, env),
        scope.repoRoot,
        scope.ctx,
      );
  return { workdir, ran };
}

/**
 * Replaces each `${{ }}` in a run body with a shell variable the env binds to what the
 * expression means (GitHub substitutes them before the shell runs, even inside single quotes).
 */
function substituteExpressions(
  scope: FileScope,
  script: EmbeddedScript,
  stepEnv: ReadonlyMap<string, EnvBinding>,
  language: 'shell' | 'javascript' = 'shell',
): Map<string, EnvBinding> {
  const original = language === 'javascript' ? [...script.lines] : [];
  const env = new Map(stepEnv);
  const unique = (base: string): string => {
    let n = 2;
    while (env.has(`${base}_${n}`)) n++;
    return `${base}_${n}`;
  };
  script.substitute(GHA_EXPRESSION, (m, lineIndex, col0, line) => {
    const span = script.fileSpanOfOriginal(lineIndex, col0);
    const r = resolveExpression(m[1]!, span, gha(scope, stepEnv));
    const b = r.binding;
    // A literal input default is pasted as text, as GitHub does.
    const text = b && 'value' in b && !r.isEnvItself ? bindingLiteral(b) : undefined;
    if (text !== undefined && !/[\n'"`$\\]/.test(text)) return text;
    let name = r.varName;
    if (b && !r.isEnvItself) {
      const existing = env.get(name);
      if (existing && !sameBinding(existing, b)) name = unique(name);
      env.set(name, b);
    } else if (!b && env.has(name)) {
      name = unique(name);
    }
    if (language === 'javascript') {
      // GitHub writes the value into the script's text: in a string, a piece joined to it; elsewhere, the expression.
      const quote = jsQuoteAt(original, lineIndex, col0);
      const read = `process.env.${name}`;
      return quote === '`' ? `\${${read}}` : quote ? `${quote} + ${read} + ${quote}` : read;
    }
    const ref = `\${${name}}`;
    return insideSingleQuotes(line, col0) ? `'"${ref}"'` : ref;
  });
  return env;
}

/** The quote (`'`, `"`, or a backtick) a JavaScript body is inside at line `lineIndex`, column `col0`; '' outside strings. */
function jsQuoteAt(lines: readonly string[], lineIndex: number, col0: number): string {
  let quote = '';
  for (let l = 0; l <= lineIndex && l < lines.length; l++) {
    const text = l === lineIndex ? lines[l]!.slice(0, col0) : lines[l]!;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'" || c === '`') quote = c;
      else if (c === '/' && text[i + 1] === '/') break;
    }
    // A line ends a one-line string that was left open (a broken line); a template goes on.
    if (quote !== '`' && l < lineIndex) quote = '';
  }
  return quote;
}

function sameBinding(a: EnvBinding, b: EnvBinding): boolean {
  if ('credential' in a && 'credential' in b) return a.credential.source === b.credential.source && a.credential.name === b.credential.name;
  return a === b;
}

/** The body as seen for "which scripts does it run": workspace and action paths marked. */
function pathText(scope: FileScope, text: string): string {
  return matrixVariants(scope, text)
    .join('\n')
    .replace(
      /\$\{\{\s*github\.action_path\s*\}\}|\$\{GITHUB_ACTION_PATH\}|\$GITHUB_ACTION_PATH\b/g,
      scope.actionDir !== undefined ? ACTION_MARK : ROOT_MARK,
    )
    .replace(/\$\{\{\s*github\.workspace\s*\}\}|\$\{GITHUB_WORKSPACE\}|\$GITHUB_WORKSPACE\b/g, ROOT_MARK);
}

/**
 * The body once for each value of the matrix key it names in a path (`terraform -chdir=accounts/${{
 * matrix.root }} apply` over `root: [us, emea]`), for telling which scripts and folders it runs.
 */
function matrixVariants(scope: FileScope, text: string): string[] {
  const key = /\$\{\{\s*matrix\.([\w-]+)\s*\}\}/.exec(text)?.[1];
  const values = key === undefined ? undefined : scope.matrix?.get(key)?.values;
  if (!values?.length || values.length > 20 || text.length > 20_000) return [text];
  const at = new RegExp(`\\$\\{\\{\\s*matrix\\.${key}\\s*\\}\\}`, 'g');
  return values.filter((v) => /^[\w.@+-]{1,100}$/.test(v)).map((v) => text.replace(at, v));
}

/**
 * What a shell value in a step holds, as the later steps see it once written to `$GITHUB_ENV`: an
 * expression's binding (`${{ secrets.X }}`), a secret store's secret (`$(aws secretsmanager
 * get-secret-value --secret-id prod/dbt-cloud/pat …)`), plain text.
 */
function shellValueBinding(
  value: string | undefined,
  span: Span,
  scope: FileScope,
  stepEnv: ReadonlyMap<string, EnvBinding>,
): EnvBinding | undefined {
  if (value === undefined) return undefined;
  const read = /^\$\((.*)\)$/s.exec(value.trim());
  const secret = read ? secretStoreRead(read[1]!) : undefined;
  if (secret !== undefined) return { credential: { source: 'secret', name: secret, span: fileSpan(span) } };
  if (!value.includes('$') || /^\s*\$\{\{/.test(value)) return bindingForGhaString(value, span, gha(scope, stepEnv));
  return undefined;
}

/** The value a step's shell last gave `name` before line `before` (`T=$(aws secretsmanager …)`), quotes removed. */
function assignedBefore(lines: readonly string[], before: number, name: string): string | undefined {
  for (let i = before - 1; i >= 0; i--) {
    const m = new RegExp(`^\\s*(?:export\\s+|local\\s+)?${name}=(.*)$`).exec(lines[i] ?? '');
    if (m) return m[1]!.trim().replace(/^(["'])(.*)\1$/s, '$2');
  }
  return undefined;
}

const GITHUB_ENV_WRITE = /^\s*echo\s+(["']?)([A-Za-z_][A-Za-z0-9_-]*)=(.*?)\1\s*>>\s*["']?\$\{?(GITHUB_ENV|GITHUB_OUTPUT)\}?["']?\s*$/;

/**
 * Records `echo "NAME=value" >> $GITHUB_ENV` lines as env for the later steps of the job, and
 * `echo "name=value" >> $GITHUB_OUTPUT` in a step with an `id` as that step's output.
 */
function applyGithubEnvWrites(
  scope: FileScope,
  original: string[],
  script: EmbeddedScript,
  env: Map<string, EnvBinding>,
  stepEnv: ReadonlyMap<string, EnvBinding>,
  stepId: string | undefined,
): void {
  original.forEach((line, i) => {
    if (line.length > 2000 || !line.includes('GITHUB_')) return;
    const m = GITHUB_ENV_WRITE.exec(line);
    if (!m) return;
    const output = m[4] === 'GITHUB_OUTPUT';
    if (output && !stepId) return;
    const name = output ? `steps.${stepId}.outputs.${m[2]}` : m[2]!;
    const into = output ? scope.stepOutputs : env;
    const value = m[3]!;
    const span = fileSpan(script.fileSpanOfOriginal(i, line.indexOf(value, line.indexOf('='))));
    const ref = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(value);
    let binding: EnvBinding | undefined;
    if (ref) binding = stepEnv.get(ref[1]!) ?? shellValueBinding(assignedBefore(original, i, ref[1]!), span, scope, stepEnv);
    else binding = shellValueBinding(value, span, scope, stepEnv);
    if (binding) into.set(name, binding);
    else into.delete(name);
  });
}
