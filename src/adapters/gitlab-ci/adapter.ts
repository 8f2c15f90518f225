import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import { pastDeadline } from '../extraction-limits.js';
import type { SourceFile } from '../../discover/source-file.js';
import { emptyFacts, type FileFacts, type RawCredential, type Span } from '../../model/raw-facts.js';
import { identifierDescription } from '../../credentials/descriptions.js';
import type { EnvBinding, ValueBinding } from '../shared/values/binding.js';
import { loadCiYaml, failureProblem, type CiYamlDocument, type YamlNode } from '../shared/yaml-documents/document.js';
import { EmbeddedScript, insideSingleQuotes } from '../shared/embedded-shell/embedded-script.js';
import { commandsOf, fileSpan, mergeFacts, shellFactsOf } from '../shared/embedded-shell/shell-facts.js';
import { mayHandOffDbtToken, TokenHandoffs } from '../shared/ci-yaml/token-handoff.js';
import { ciValueBinding } from '../shared/ci-yaml/ci-variables.js';
import { labelTerraformRuns } from '../shared/ci-yaml/terraform-jobs.js';
import { GitlabConfig, gitlabRepoRoot, gitlabSources, type JobView, type Sourced } from './gitlab-config.js';
import { assignedNames, bindVariables, referencedNames, selfExportedNames, settingsVariable } from './gitlab-variables.js';
import { isDbtTokenName, looksLikeCredentialName, namesUserKey } from '../../credentials/names.js';
import { mentionsDatabricks } from '../../credentials/token-shapes.js';
import { isDbtCloudId } from '../../classify/endpoint.js';
import { tokenShapedLiteral } from '../../credentials/placeholders.js';
import { handToRunScripts, handToTasks } from '../shared/ci-yaml/wrapped-scripts.js';
import { resolveRunScripts } from '../shared/ci-yaml/script-location.js';
import { ROOT_MARK, scriptsRunBy, withPlainVariables } from '../shared/ci-yaml/run-scripts.js';
import { withRenames } from '../shared/ci-yaml/yaml-steps.js';
import { GitlabTemplates, type ImpliedCommand } from './gitlab-templates.js';
import { commandLineRuns, variableIn } from '../shared/ci-yaml/command-line-values.js';

// GitLab CI (.gitlab-ci.yml, *.gitlab-ci.yml, .gitlab/**, and files pulled in by `include:`):
// each job's before_script + script (one shell) and after_script (another shell) go to the shell
// extractor with global and job `variables:` as env (job wins), after `extends:`, `default:`,
// anchors / `<<` merge keys and `!reference` are applied. Included files are scanned as their own
// files; their globals and templates still shape this file's jobs. A job that hands a dbt Cloud
// token to any program (`python trigger.py` with the token in `variables:`) is a call site too
// (shared/ci-yaml/token-handoff.ts).

const MAX_LIST_DEPTH = 10;
const SPEC_INPUT = /\$\[\[\s*inputs\.([A-Za-z0-9_-]{1,100})[^\]\n]{0,200}\]\]/g;

interface JobScope {
  doc: CiYamlDocument;
  config: GitlabConfig;
  ctx: AdapterContext;
  facts: FileFacts;
  repoRoot: string;
  specDefaults: Map<string, string>;
  handoffs: TokenHandoffs;
  databricks: boolean;
}

export const adapter: LanguageAdapter = {
  id: 'gitlab-ci',
  async extract(file, ctx) {
    const facts = emptyFacts();
    try {
      const { docs, problems } = await loadCiYaml(file.text);
      facts.problems.push(...problems);
      const specDefaults = new Map<string, string>();
      for (const doc of docs) {
        if (!doc.isMap(doc.root)) continue;
        const spec = doc.value(doc.root, 'spec');
        if (spec && doc.entries(doc.root).length === 1) {
          collectSpecDefaults(doc, spec, specDefaults);
          continue;
        }
        await extractDocument(doc, file, ctx, facts, specDefaults);
      }
    } catch (err) {
      facts.problems.push(...failureProblem(err));
    }
    return facts;
  },
};

function collectSpecDefaults(doc: CiYamlDocument, spec: YamlNode, out: Map<string, string>): void {
  for (const input of doc.entries(doc.value(spec, 'inputs'))) {
    const d = doc.str(doc.value(input.value, 'default'));
    if (d !== undefined) out.set(input.key, d);
  }
}

async function extractDocument(
  doc: CiYamlDocument,
  file: SourceFile,
  ctx: AdapterContext,
  facts: FileFacts,
  specDefaults: Map<string, string>,
): Promise<void> {
  const repoRoot = gitlabRepoRoot(file.path, ctx);
  const config = new GitlabConfig(await gitlabSources(file.path, doc, repoRoot, ctx));
  if (!config.isCiConfig()) return;
  facts.role = 'ci-cd';
  const scope: JobScope = {
    doc,
    config,
    ctx,
    facts,
    repoRoot,
    specDefaults,
    handoffs: new TokenHandoffs(),
    databricks: mentionsDatabricks(doc.text),
  };
  const current = config.current!;
  const templates = new GitlabTemplates(doc);

  reportVariableLiterals(scope, doc.value(doc.root, 'variables'));
  const jobs = config.jobsOfCurrent();
  for (const job of jobs) {
    // Past the file's time budget, later jobs are not read (the core reports the file as cut).
    if (pastDeadline()) break;
    reportVariableLiterals(scope, doc.value(job.node, 'variables'));
    if (job.hidden && job.usedElsewhere) continue;
    const view = config.resolveJob(job.name, { node: job.node, src: current });
    await extractJob(scope, view, templates.commandFor(view.unresolvedBases, doc.value(job.node, 'extends') ?? job.node));
  }
  // The including file's jobs that run a template of this one: the template's script with their
  // variables. What they hand to other tools is reported where they are written, in their file.
  for (const job of config.jobsExtendingCurrent()) {
    if (pastDeadline()) break;
    await extractJob({ ...scope, handoffs: new TokenHandoffs() }, config.resolveJob(job.name, job), undefined);
  }
  for (const implied of templates.impliedJobs(new Set(jobs.map((j) => j.name))))
    await extractJob(scope, { name: implied.name, keys: new Map(), variables: new Map(), unresolvedBases: [] }, implied);
  componentInputs(scope);
  scope.handoffs.flush(facts);
}

/**
 * `include: - component: …/run-job@1.0` with `inputs: { token: $DBT_CLOUD_SERVICE_TOKEN }`: a CI
 * component, GitLab's `uses:` with `with:`, handed a dbt Cloud token under an input of any name.
 * Its jobs are another project's, not read here: the input is where the token enters them.
 */
function componentInputs(scope: JobScope): void {
  const { doc } = scope;
  const include = doc.value(doc.root, 'include');
  for (const item of doc.isSeq(include) ? doc.items(include) : include ? [include] : []) {
    const component = doc.str(doc.value(item, 'component'));
    const span = doc.span(item);
    if (component === undefined || !span) continue;
    const given = new Map<string, EnvBinding>();
    for (const input of doc.entries(doc.value(item, 'inputs'))) {
      const value = doc.str(input.value);
      const at = doc.valueSpan(input.value);
      const binding = value !== undefined && at ? ciValueBinding(value, at, () => undefined) : undefined;
      if (binding) given.set(input.key, binding);
    }
    const name = component.replace(/@[^@/]*$/, '');
    scope.handoffs.addStepSettings(given, { databricks: scope.databricks, env: given, names: [...given.keys()] }, fileSpan(span), name);
  }
}

/** Literal tokens in dbt-named variables (a 40-hex key is only a token by its name). */
function reportVariableLiterals(scope: JobScope, vars: YamlNode | undefined): void {
  const { doc, facts } = scope;
  for (const v of doc.entries(vars)) {
    const node = doc.isMap(v.value) ? doc.value(v.value, 'value') : v.value;
    const s = doc.str(node)?.trim();
    const span = doc.valueSpan(node);
    if (!s || !span || !isDbtTokenName(v.key, 'ci-variable') || s.includes('$') || !tokenShapedLiteral(s)) continue;
    if (facts.credentialSites.some((c) => c.span.line === span.line && c.span.column === span.column)) continue;
    facts.credentialSites.push({ span, credential: { source: 'literal', name: v.key, value: s, span } });
  }
}

/**
 * A job with no script of its own that extends a template this repository does not hold (one
 * `include: project:` or `remote:` brings in, `extends: .dbt_cloud_trigger_job`): the dbt Cloud
 * token its own `variables:` set is handed to that template, as a GitHub job hands a secret to
 * another repository's reusable workflow: the job's call site.
 */
function handToOutsideTemplate(
  scope: JobScope,
  view: JobView,
  env: ReadonlyMap<string, EnvBinding>,
  implied: ImpliedCommand | undefined,
): void {
  if (implied || view.keys.has('script') || view.unresolvedBases.length === 0) return;
  const own = new Map([...env].filter(([name]) => view.variables.get(name)?.src.current));
  const first = [...view.variables.values()].find((v) => v.src.current);
  const at = first && first.src.doc.valueSpan(first.node);
  if (own.size === 0 || !at) return;
  scope.handoffs.addStepSettings(
    own,
    { databricks: scope.databricks, env: own, names: [...own.keys()] },
    fileSpan(at),
    view.unresolvedBases[0],
  );
}

/** `inherit: { variables: false | [names], default: false | [keys] }`. */
function inheritance(view: JobView): { variables: (name: string) => boolean; defaults: (key: string) => boolean } {
  const inherit = view.keys.get('inherit');
  const rule = (key: string): ((name: string) => boolean) => {
    if (!inherit?.node) return () => true;
    const { doc } = inherit.src;
    const v = doc.value(inherit.node, key);
    const flag = doc.str(v);
    if (flag === 'false') return () => false;
    if (doc.isSeq(v)) {
      const allowed = new Set(doc.items(v).map((i) => doc.str(i)));
      return (name) => allowed.has(name);
    }
    return () => true;
  };
  return { variables: rule('variables'), defaults: rule('default') };
}

async function extractJob(scope: JobScope, view: JobView, implied?: ImpliedCommand): Promise<void> {
  const { config } = scope;
  const inherit = inheritance(view);
  const vars = new Map<string, Sourced>();
  for (const [k, v] of config.globalVariables()) if (inherit.variables(k)) vars.set(k, v);
  // `workflow: rules: - if: … variables:` sets pipeline-wide variables, over the top-level ones.
  const workflow = config.global('workflow');
  const workflowRules = workflow?.node ? { node: workflow.src.doc.value(workflow.node, 'rules'), src: workflow.src } : undefined;
  for (const [k, v] of rulesVariables(workflowRules)) if (inherit.variables(k)) vars.set(k, v);
  for (const [k, v] of view.variables) vars.set(k, v);
  for (const [k, v] of alternativeVariables(view)) vars.set(k, v);
  const env = bindVariables(vars);
  handToOutsideTemplate(scope, view, env, implied);
  // Ids stand for every run's (the checks across accounts); other values keep the run chosen above (a host).
  for (const [k, runs] of matrixRuns(view)) if (runs.every(isDbtCloudId)) env.set(k, { value: [{ kind: 'unknown', name: k }], runs });
  // `secrets:` (Vault, cloud secret managers) puts each named secret in the job's environment.
  const secrets = view.keys.get('secrets');
  if (secrets?.node) {
    const { doc, current } = secrets.src;
    for (const e of doc.entries(secrets.node)) {
      const span = current ? doc.span(e.pair) : undefined;
      const credential: RawCredential = { source: 'secret', name: e.key, ...(span ? { span: fileSpan(span) } : {}) };
      // Where the store keeps it says what it is: `vault: analytics/dbt-cloud/service_token@kv`.
      const description = span ? identifierDescription(storedSecretPath(doc, e.value), span.line) : undefined;
      if (description) credential.description = description;
      env.set(e.key, { credential });
    }
  }

  const keyOrDefault = (key: string): Sourced | undefined =>
    view.keys.get(key) ?? (inherit.defaults(key) ? config.defaultKey(key) : undefined);
  const main = new EmbeddedScript();
  addScriptItems(scope, main, keyOrDefault('before_script'), 0);
  addScriptItems(scope, main, view.keys.get('script'), 0);
  // A job whose script is a GitLab template's (`extends: .terraform:deploy`): what the template runs.
  if (implied && !view.keys.has('script')) main.addImpliedCommand(scope.doc, implied.node, implied.command(new Set(vars.keys())));
  const after = new EmbeddedScript();
  addScriptItems(scope, after, keyOrDefault('after_script'), 0);

  for (const script of [main, after]) {
    if (script.isEmpty) continue;
    const original = script.text;
    const shellEnv = substituteSpecInputs(scope, script, env);
    const assigned = assignedNames(script.text);
    for (const name of referencedNames(script.text)) {
      if (shellEnv.has(name) || vars.has(name) || assigned.has(name)) continue;
      const b = settingsVariable(name, undefined);
      if (b) shellEnv.set(name, b);
    }
    // A project variable the job exports itself (`export DBT_API_KEY=$DBT_API_KEY` in
    // before_script) is handed to its commands as a declared one is, from that line.
    const declared = new Map(env);
    for (const [name, at] of selfExportedNames(script.lines)) {
      if (declared.has(name) || !shellEnv.has(name)) continue;
      const bound = settingsVariable(name, script.toFile(at.line, at.column));
      if (!bound) continue;
      declared.set(name, bound);
      shellEnv.set(name, bound);
    }
    mergeFacts(
      scope.facts,
      labelTerraformRuns(await shellFactsOf(script, shellEnv), [
        view.name,
        sourcedStr(keyOrDefault('stage')),
        environmentName(keyOrDefault('environment')),
      ]),
    );
    const names = [...vars.keys(), ...referencedNames(script.text)];
    if (mayHandOffDbtToken(shellEnv))
      scope.handoffs.addCommands(await commandsOf(script, shellEnv), declared, {
        databricks: scope.databricks,
        env: declared,
        names,
        jobNames: [view.name, sourcedStr(keyOrDefault('stage')), environmentName(keyOrDefault('environment'))],
      });
    // Also inside a variable's value: `TF_ROOT: ${CI_PROJECT_DIR}/infra/prod`.
    const pathText = withPlainVariables(atProjectRoot(original), shellEnv, projectPath);
    const ran = scriptsRunBy(pathText);
    // `export DBT_CLOUD_API_TOKEN="$DBT_CLOUD_PAT"` in before_script: the scripts see the project variable under that name.
    const runEnv = withRenames(original, shellEnv);
    handToRunScripts(scope.facts, resolveRunScripts(ran, scope.repoRoot, undefined, scope.ctx), runEnv, scope.repoRoot, scope.ctx);
    // `terraform apply -var "dbt_token=$DBT_PAT"`: the provider's `var.dbt_token`.
    for (const run of ran.length > 0 ? commandLineRuns(pathText, runEnv, variableIn(shellEnv)) : [])
      handToRunScripts(
        scope.facts,
        resolveRunScripts([run.path], scope.repoRoot, undefined, scope.ctx),
        run.env,
        scope.repoRoot,
        scope.ctx,
      );
    handToTasks(scope.facts, original, runEnv, scope.repoRoot, scope.ctx);
  }
}

const atProjectRoot = (text: string): string => text.replace(/\$\{CI_PROJECT_DIR\}|\$CI_PROJECT_DIR\b/g, ROOT_MARK);

/** A variable's value as a path, the project's folder marked: `TF_ROOT: ${CI_PROJECT_DIR}/infra/prod`. */
function projectPath(b: ValueBinding): string | undefined {
  let out = '';
  for (const p of b.value) {
    if (p.kind === 'literal') out += p.text;
    else if (p.kind === 'unknown' && p.name === 'CI_PROJECT_DIR') out += ROOT_MARK;
    else return undefined;
  }
  return out;
}

/**
 * The identifiers of a job secret's place in its store: Vault's `path/field@engine` (or `path:` and
 * `field:`), a cloud secret manager's secret `name:` / `secret_id:`; their segments, last first.
 */
function storedSecretPath(doc: CiYamlDocument, spec: YamlNode | undefined): string[] {
  const out: string[] = [];
  for (const store of ['vault', 'gcp_secret_manager', 'azure_key_vault', 'aws_secrets_manager']) {
    const v = doc.value(spec, store);
    const whole = doc.str(v);
    const texts =
      whole !== undefined ? [whole.replace(/@[\w-]+$/, '')] : ['field', 'path', 'name', 'secret_id'].map((k) => doc.str(doc.value(v, k)));
    for (const t of texts) if (t !== undefined) out.push(...t.split(/[/:]/).reverse());
  }
  return out.filter((t) => /^[\w.-]{1,100}$/.test(t));
}

const sourcedStr = (s: Sourced | undefined): string | undefined => (s?.node ? s.src.doc.str(s.node) : undefined);

/**
 * Variables a job sets for some of its runs only: a `parallel: matrix:` entry's (one run each) and
 * what its `rules:` set for the runs each rule matches (`- if: $CI_COMMIT_BRANCH == "main"` with
 * `variables: { DBT_CLOUD_API_KEY: $DBT_SERVICE_TOKEN_PROD }`), the rules' over the matrix's over the
 * job's own. Of several sets, the one that names a personal or legacy key, when one does (the runs
 * it is for use it), else the first; its variables go together (its token with its job id), and
 * the others only fill in names it leaves out.
 */
function alternativeVariables(view: JobView): Map<string, Sourced> {
  const out = new Map<string, Sourced>();
  const parallel = view.keys.get('parallel');
  if (parallel?.node) {
    const { doc } = parallel.src;
    const entries = doc
      .items(doc.value(parallel.node, 'matrix'))
      .map((item) => doc.entries(item).map((e) => ({ key: e.key, node: e.value })));
    // A list of values (`REGION: [us, emea]`) makes several runs of one entry: no one value to take.
    for (const [k, v] of chosenSet(
      entries.map((list) => list.filter((e) => doc.str(e.node) !== undefined)),
      parallel.src,
    ))
      out.set(k, v);
  }
  for (const [k, v] of rulesVariables(view.keys.get('rules'))) out.set(k, v);
  return out;
}

/**
 * The variables a `parallel: matrix:` gives several literal values, one per run of the job
 * (`ACCOUNT_ID: ["70214", "88135"]`, or one value in each of several entries): each run's value, for
 * the checks across accounts.
 */
function matrixRuns(view: JobView): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const parallel = view.keys.get('parallel');
  if (!parallel?.node) return out;
  const { doc } = parallel.src;
  for (const item of doc.items(doc.value(parallel.node, 'matrix')).slice(0, 100))
    for (const e of doc.entries(item)) {
      if (looksLikeCredentialName(e.key)) continue;
      const scalar = doc.str(e.value);
      const values = scalar !== undefined ? [scalar] : doc.items(e.value).map((v) => doc.str(v));
      const list = out.get(e.key) ?? [];
      for (const v of values) if (v !== undefined && v.length <= 200 && !list.includes(v) && list.length < 100) list.push(v);
      out.set(e.key, list);
    }
  for (const [k, list] of out) if (list.length < 2) out.delete(k);
  return out;
}

/** The variables a `rules:` list sets (a job's, or `workflow: rules:` for the whole pipeline): of several sets, the one chosenSet picks. */
function rulesVariables(rules: Sourced | undefined): Map<string, Sourced> {
  if (!rules?.node) return new Map();
  const { doc } = rules.src;
  const entries = doc
    .items(rules.node)
    .map((rule) => doc.entries(doc.value(rule, 'variables')).map((e) => ({ key: e.key, node: e.value })));
  return chosenSet(entries, rules.src);
}

function chosenSet(
  sets: ReadonlyArray<ReadonlyArray<{ key: string; node: YamlNode | undefined }>>,
  src: Sourced['src'],
): Map<string, Sourced> {
  const out = new Map<string, Sourced>();
  const sourced = sets
    .slice(0, 100)
    .map((list) => list.map(({ key, node }) => [key, { node, src }] as [string, Sourced]))
    .filter((list) => list.length > 0);
  const chosen = sourced.find((list) => list.some(([, v]) => refersToUserKey(v))) ?? sourced[0];
  for (const list of chosen ? [chosen, ...sourced] : []) for (const [k, v] of list) if (!out.has(k)) out.set(k, v);
  return out;
}

/** `$DBT_PAT_ANALYTICS_ENG`: a variable whose name says it holds a PAT or a legacy user key. */
function refersToUserKey(value: Sourced): boolean {
  const ref = /^\s*\$\{?([A-Za-z_]\w*)\}?\s*$/.exec(sourcedStr(value) ?? '');
  return ref !== null && namesUserKey(ref[1]!);
}
/** `environment: staging` or `environment: { name: staging }`. */
function environmentName(s: Sourced | undefined): string | undefined {
  if (!s?.node) return undefined;
  const { doc } = s.src;
  return doc.isMap(s.node) ? doc.str(doc.value(s.node, 'name')) : doc.str(s.node);
}

/** Appends a `script:`-like value (string, list, nested lists from anchors, `!reference`). */
function addScriptItems(scope: JobScope, script: EmbeddedScript, item: Sourced | undefined, depth: number): void {
  if (!item?.node || depth > MAX_LIST_DEPTH) return;
  const { doc } = item.src;
  const ref = doc.referencePath(item.node);
  if (ref) {
    addScriptItems(scope, script, scope.config.reference(ref), depth + 1);
    return;
  }
  // Only the scanned file's text can be given positions; other files are scanned themselves.
  if (!item.src.current) return;
  const node = doc.deref(item.node);
  if (doc.isSeq(node)) {
    for (const child of doc.items(node)) addScriptItems(scope, script, { node: child, src: item.src }, depth + 1);
    return;
  }
  if (!script.addScalar(doc, node)) script.addColonSplitCommand(doc, node);
}

/** Component `$[[ inputs.x ]]` interpolation: a literal default is pasted, otherwise a variable stands in. */
function substituteSpecInputs(scope: JobScope, script: EmbeddedScript, env: ReadonlyMap<string, EnvBinding>): Map<string, EnvBinding> {
  const out = new Map(env);
  script.substitute(SPEC_INPUT, (m, lineIndex, col0, line) => {
    const name = m[1]!;
    const d = scope.specDefaults.get(name);
    if (d !== undefined && !/[\n'"`$\\]/.test(d)) return d;
    const varName = `INPUT_${name.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase()}`;
    if (looksLikeCredentialName(name)) {
      const span: Span = script.fileSpanOfOriginal(lineIndex, col0);
      out.set(varName, { credential: { source: 'unknown', name: `inputs.${name}`, span: fileSpan(span) } });
    }
    const ref = `\${${varName}}`;
    return insideSingleQuotes(line, col0) ? `'"${ref}"'` : ref;
  });
  return out;
}
