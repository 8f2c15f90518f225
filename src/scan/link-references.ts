import type { CredentialFact, EvidenceLocation, ExtractedCallSite, FileResult } from '../model/extracted.js';
import type { ScriptHost } from '../model/raw-facts.js';
import { recognizeDbtCloudUrl } from '../classify/endpoint.js';
import { basisOf, carried, evidenceOf, strengthOf } from '../credentials/evidence.js';
import { isTestPath } from '../classify/workflow.js';
import { isTerraformRootKey, terraformRootKey } from '../adapters/shared/ci-yaml/script-env.js';
import { djangoCommandName, isDjangoCommandRun } from '../adapters/shared/ci-yaml/run-scripts.js';

// Joins credentials used by reference (an Airflow connection id, a Jenkins credentials id, a
// Terraform variable, a Postman variable) to where the repository defines them, and scripts to
// the environment the CI steps that run them set.

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** Terraform variables belong to one module folder; the other kinds are repository-wide. */
const scopeKey = (kind: string, id: string, file: string): string =>
  kind === 'terraform-variable' ? `${kind}\0${dirOf(file)}\0${id}` : `${kind}\0${id.toLowerCase()}`;

interface Def {
  credential: CredentialFact;
  accountIds: readonly string[];
  host?: string;
  file: string;
  /** Line of the definition's value (or of the definition). */
  line: number;
}

/**
 * Gives `to` the type `from` has when `from`'s evidence, carried to this use, is stronger than
 * what `to` has (src/credentials/evidence.ts). `at` is where `from` is written: the deciding
 * evidence's place when `from` was decided by its own value. Returns whether it took it.
 */
export function adoptEvidence(to: CredentialFact, from: CredentialFact, at: EvidenceLocation | undefined): boolean {
  if (from.type === 'unknown') return false;
  const basis = carried(basisOf(from));
  if (strengthOf(basis) <= strengthOf(basisOf(to))) return false;
  to.type = from.type;
  to.basis = basis;
  to.evidence = evidenceOf(basis);
  const where = from.evidenceAt ?? at;
  if (where) to.evidenceAt = { ...where };
  else delete to.evidenceAt;
  return true;
}

export function linkReferences(results: readonly FileResult[]): void {
  // A definition that itself refers to another (an Airflow connection whose password is a Terraform
  // variable) first takes what that one holds, so that its uses see it.
  linkReferencesOf(results, (r) => r.definitions);
  linkReferencesOf(results, (r) => r.callSites);
  // What a container's env hands the script it runs (`secretKeyRef` of a Secret a CI step creates).
  linkReferencesOf(results, (r) => r.scriptEnv);
}

function linkReferencesOf(
  results: readonly FileResult[],
  holders: (r: FileResult) => readonly { credential: CredentialFact; accountIds?: string[]; endpoint?: ExtractedCallSite['endpoint'] }[],
): void {
  const defs = new Map<string, Def[]>();
  for (const r of results) {
    for (const d of r.definitions) {
      // A module call's argument defines the called module's variable, in that module's folder.
      const k = d.scopeFolder !== undefined ? scopeKey(d.ref.kind, d.ref.id, `${d.scopeFolder}/_`) : scopeKey(d.ref.kind, d.ref.id, r.rel);
      const list = defs.get(k) ?? [];
      list.push({
        credential: d.credential,
        accountIds: d.accountIds ?? [],
        ...(d.host ? { host: d.host } : {}),
        file: r.rel,
        line: d.valueLine ?? d.span.line,
      });
      defs.set(k, list);
    }
  }
  if (!defs.size) return;
  for (const r of results) {
    for (const c of holders(r)) {
      const ref = c.credential.ref;
      if (!ref) continue;
      const found = defs.get(scopeKey(ref.kind, ref.id, r.rel));
      if (!found?.length) continue;
      // Prefer the definition with the strongest evidence; among equals, a .tfvars value over a default.
      const best = [...found].sort((a, b) => rank(b) - rank(a))[0]!;
      const merged: CredentialFact = { ...c.credential };
      adoptEvidence(merged, best.credential, { file: best.file, line: best.line });
      if (best.credential.redacted) merged.redacted = best.credential.redacted;
      if (best.credential.identity) merged.identity = best.credential.identity;
      if (!merged.name && best.credential.name) merged.name = best.credential.name;
      c.credential = merged;
      if (!c.accountIds?.length && best.accountIds.length) c.accountIds = [...best.accountIds];
      // An operator's default host is only the client's default: the connection says where it goes.
      if (best.host && c.endpoint?.hostAssumed) {
        const { hostAssumed: _assumed, ...endpoint } = c.endpoint;
        c.endpoint = { ...endpoint, host: best.host };
      } else if (best.host && c.endpoint && c.endpoint.host === undefined && c.endpoint.path?.startsWith('/')) {
        // A path on the connection's base URL (an HttpOperator's `endpoint`): the connection's host.
        c.endpoint = { ...c.endpoint, host: best.host, url: `https://${best.host}${c.endpoint.path}` };
      }
    }
  }
}

/**
 * A script run by a CI step reads its token from the environment the step sets: replace the
 * script's `env DBT_CLOUD_TOKEN` by what the CI file put there (`secret DBT_PAT_ALICE`). What the
 * script itself says about the token (a comment naming its type) still counts when it is the
 * stronger evidence. The CI file's hand-off of that token stays a call site of its own: the step
 * is where the token enters the run (and where it is rotated), as a CI step handing a token to
 * any other tool is. With `importsOf`, the modules a script imports (and the scripts it runs) read
 * the same environment: `python -m jobs.trigger` whose `jobs/client.py` reads `DBT_CLOUD_TOKEN`.
 */
export function linkScriptEnv(results: FileResult[], importsOf?: (file: string) => readonly string[]): void {
  const provided = providedEnv(results);
  const hosts = new Map<string, ScriptHost>();
  for (const r of results) {
    for (const e of r.scriptHosts ?? []) if (!hosts.has(`${e.script}\0${e.name}`)) hosts.set(`${e.script}\0${e.name}`, e);
  }
  if (hosts.size) useHostsSet(results, hosts);
  if (!provided.size) return;
  handToDjangoCommands(results, provided);
  const unitEnv = terragruntUnitEnv(results);
  // A reusable workflow (or template) hands on to its scripts what its callers handed it: resolve that first.
  for (const r of results) {
    for (const e of r.scriptEnv) {
      const fromCaller = providedTo(provided, r.rel, e.credential, unitEnv);
      if (!fromCaller || !isWorkflowInput(fromCaller.name)) continue;
      e.credential = handedCredential(e.credential, fromCaller.given);
      const key = `${e.script}\0${e.name}`;
      const have = provided.get(key);
      if (have && have.credential.type === 'unknown') provided.set(key, { ...have, credential: e.credential });
    }
  }
  if (importsOf) inheritThroughImports(provided, importsOf);
  /** Secrets the CI files handed to a script that sends them to dbt Cloud, by CI file and line. */
  const handedOn = new Map<string, Map<number, Handoff>>();
  /** CI lines that hand a token to a script writing the dbt Cloud CLI's config with it. */
  const toCloudCli = new Map<string, Set<number>>();
  const stagingRuns = stagingTerraformRuns(results);
  for (const r of results) {
    for (const c of r.callSites) {
      const fromCi = providedTo(provided, r.rel, c.credential, unitEnv);
      if (!fromCi) continue;
      const { given } = fromCi;
      const chosen = c.kind === 'terraform' && TERRAFORM_FILE.test(r.rel) ? terraformRunGiven(c, given, stagingRuns) : given;
      // Every CI file that runs the script (a GitHub workflow and a Jenkinsfile) hands it the token.
      for (const g of [given, ...(given.others ?? [])]) {
        if (g.at && c.workflow === 'cloud-cli') {
          const lines = toCloudCli.get(g.at.file) ?? new Set<number>();
          toCloudCli.set(g.at.file, lines.add(g.at.line));
        }
        // A job handing a secret to a reusable workflow is already a site when it names a dbt token.
        // A Terraform module deploying a function sets its environment; that is no CI step.
        if (
          g.at &&
          g.credential.source === 'secret' &&
          c.kind !== 'ci-step' &&
          !isWorkflowInput(fromCi.name) &&
          !TERRAFORM_FILE.test(g.at.file)
        ) {
          const byLine = handedOn.get(g.at.file) ?? new Map<number, Handoff>();
          handedOn.set(g.at.file, byLine);
          // A step handing the token only to staging roots runs staging Terraform (`-var` to `-chdir=envs/staging`).
          const staging = c.kind === 'terraform' && c.workflow === 'terraform-staging';
          const before = byLine.get(g.at.line);
          byLine.set(g.at.line, {
            credential: g.credential,
            column: g.column ?? 1,
            ...(staging && (!before || before.workflow) ? { workflow: 'terraform-staging' as const } : {}),
          });
        }
      }
      c.credential = handedCredential(c.credential, chosen, fromCi.name === c.credential.otherwise);
    }
  }
  addHandoffSites(results, handedOn);
  forCloudCli(results, toCloudCli);
}

/** What the CI files hand each script they run, by script and variable (`script\0NAME`). */
function providedEnv(results: readonly FileResult[]): Map<string, Provided> {
  const provided = new Map<string, Provided>();
  for (const r of results) {
    for (const e of r.scriptEnv) {
      const key = `${e.script}\0${e.name}`;
      const have = provided.get(key);
      const mine: Provided = {
        credential: e.credential,
        ...(e.line !== undefined ? { at: { file: r.rel, line: e.line }, column: e.column } : {}),
      };
      // The script reads the best-typed of what its CI files hand it; each CI file's step stays a site.
      if (!have) provided.set(key, mine);
      else if (have.credential.type === 'unknown' && e.credential.type !== 'unknown')
        provided.set(key, { ...mine, others: [...(have.others ?? []), { ...have, others: [] }] });
      else (have.others ??= []).push(mine);
    }
  }
  return provided;
}

/** Definitions a script's commands make for manifests and charts, which hold what a CI step hands the script. */
const DEPLOYED_KINDS: ReadonlySet<string> = new Set(['helm-value', 'kubernetes-secret']);

/**
 * A Kubernetes Secret or a chart's value set by a script that a CI step runs
 * (`helm upgrade … --set dbtCloud.token=$DBT_TOKEN` with the step's `DBT_TOKEN: ${{ secrets.DBT_CLOUD_PAT }}`)
 * holds what the step hands the script: resolved before uses are linked to definitions.
 */
export function linkScriptDefinitions(results: readonly FileResult[]): void {
  let provided: Map<string, Provided> | undefined;
  for (const r of results) {
    for (const d of r.definitions) {
      if (d.credential.source !== 'env' || !DEPLOYED_KINDS.has(d.ref.kind)) continue;
      provided ??= providedEnv(results);
      const given = provided.get(`${r.rel}\0${d.credential.name}`) ?? folderProvided(provided, r.rel, d.credential.name ?? '');
      if (given) d.credential = handedCredential(d.credential, given);
    }
  }
}

/** The CI lines (`file\0line`) of Terraform runs that apply staging: a job, environment or var-file named so. */
function stagingTerraformRuns(results: readonly FileResult[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const r of results) {
    if (TERRAFORM_FILE.test(r.rel)) continue;
    for (const c of r.callSites) if (c.kind === 'terraform' && c.workflow === 'terraform-staging') out.add(`${r.rel}\0${c.span.line}`);
  }
  return out;
}

/**
 * Which of the tokens CI jobs hand a Terraform root its provider uses: applied by staging and
 * production runs (one root, a var-file per environment), the production run's; applied by
 * staging runs only, the provider runs staging Terraform (a PAT is allowed there).
 */
function terraformRunGiven(c: ExtractedCallSite, given: Provided, stagingRuns: ReadonlySet<string>): Provided {
  if (c.workflow === 'terraform-staging' || !stagingRuns.size) return given;
  const all = [given, ...(given.others ?? [])];
  const staging = (g: Provided): boolean => g.at !== undefined && stagingRuns.has(`${g.at.file}\0${g.at.line}`);
  const production = all.find((g) => !staging(g));
  if (!production) {
    c.workflow = 'terraform-staging';
    return given;
  }
  return production;
}

/**
 * `python manage.py sync_jobs` hands its environment to the app's `management/commands/sync_jobs.py`
 * (the CI adapters mark it `@djangocmd@/sync_jobs`): given to each such file the repository holds,
 * unless it is handed that variable itself.
 */
function handToDjangoCommands(results: readonly FileResult[], provided: Map<string, Provided>): void {
  const byCommand = new Map<string, [name: string, given: Provided][]>();
  for (const [key, given] of provided) {
    const [script, name] = key.split('\0') as [string, string];
    if (!isDjangoCommandRun(script)) continue;
    const command = djangoCommandName(script);
    byCommand.set(command, [...(byCommand.get(command) ?? []), [name, given]]);
  }
  if (!byCommand.size) return;
  for (const r of results) {
    const m = /\/management\/commands\/([a-z_][a-z0-9_]*)\.py$/.exec(r.rel);
    const handed = m && !isTestPath(r.rel) ? byCommand.get(m[1]!) : undefined;
    for (const [name, given] of handed ?? []) if (!provided.has(`${r.rel}\0${name}`)) provided.set(`${r.rel}\0${name}`, given);
  }
}

/** How far a script's environment is followed through what it imports: levels, and files per script. */
const MAX_INHERIT_DEPTH = 4;
const MAX_INHERITING_FILES = 200;

/**
 * Gives each file a script brings in (its imports, theirs, the scripts it runs) what the CI files
 * hand the script, unless the file is handed that variable itself. A module two scripts import
 * reads the best-typed of what they are handed.
 */
function inheritThroughImports(provided: Map<string, Provided>, importsOf: (file: string) => readonly string[]): void {
  const byScript = new Map<string, [name: string, given: Provided][]>();
  for (const [key, given] of provided) {
    const [script, name] = key.split('\0') as [string, string];
    // A container's folder and a Terraform root are not scripts: nothing is imported from them.
    // A test's environment (a sandbox token) says nothing of what the modules it tests are given.
    if (script.endsWith('/') || isTerraformRootKey(script) || isTestPath(script)) continue;
    const list = byScript.get(script) ?? [];
    byScript.set(script, list);
    list.push([name, given]);
  }
  const inherited = new Map<string, Provided>();
  for (const [script, handed] of byScript) {
    for (const file of broughtIn(script, importsOf)) {
      for (const [name, given] of handed) {
        const key = `${file}\0${name}`;
        if (provided.has(key)) continue;
        const have = inherited.get(key);
        if (!have || (have.credential.type === 'unknown' && given.credential.type !== 'unknown')) inherited.set(key, given);
      }
    }
  }
  for (const [key, given] of inherited) provided.set(key, given);
}

/** The files `script` brings in, breadth first, without itself. */
function broughtIn(script: string, importsOf: (file: string) => readonly string[]): string[] {
  const seen = new Set([script]);
  let level = [script];
  for (let depth = 0; depth < MAX_INHERIT_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const file of level) {
      for (const f of importsOf(file)) {
        if (seen.has(f) || seen.size > MAX_INHERITING_FILES) continue;
        seen.add(f);
        next.push(f);
      }
    }
    level = next;
  }
  seen.delete(script);
  return [...seen];
}

/**
 * A CI step handing a token to a script that writes it into the dbt Cloud CLI's config as its
 * `token-value` runs the CLI: the step is `cloud-cli`, and a token its name does not type is the
 * PAT the CLI takes.
 */
function forCloudCli(results: FileResult[], toCloudCli: ReadonlyMap<string, ReadonlySet<number>>): void {
  if (!toCloudCli.size) return;
  for (const r of results) {
    const lines = toCloudCli.get(r.rel);
    if (!lines) continue;
    for (const c of r.callSites) {
      if (!lines.has(c.span.line)) continue;
      c.workflow = 'cloud-cli';
      if (c.credential.type === 'unknown') c.credential = { ...c.credential, type: 'pat', basis: 'slot', evidence: evidenceOf('slot') };
    }
  }
}

interface Provided {
  credential: CredentialFact;
  at?: EvidenceLocation;
  column?: number;
  /** Other CI files handing the same script the same variable (what the script reads is this one). */
  others?: Provided[];
}

/**
 * The name under which a CI file can hand `own` to the file that reads it: an environment
 * variable's name, a reusable workflow's `secrets.X` / `inputs.X`, an Azure template's
 * `parameters.X`, a script's command-line option `argv.X`, a local action's input `input.x`.
 */
function handedName(own: CredentialFact, file: string): string | undefined {
  if (!own.name) return undefined;
  if (own.source === 'env') return own.name;
  // Terraform's `var.dbt_token`, which the step running Terraform sets as `TF_VAR_dbt_token`.
  if (own.source === 'variable' && TERRAFORM_FILE.test(file)) return `TF_VAR_${own.name}`;
  if (own.source === 'secret') return `secrets.${own.name}`;
  // A reusable workflow's `inputs.x`, a template's `parameters.x`, a script's command-line option `argv.x`.
  if (own.source === 'unknown' && /^(?:inputs|parameters|argv)\./.test(own.name)) return own.name;
  // A JavaScript action's `core.getInput('x')`, which a step using the action of this repository gives (`input.x`).
  if (own.source === 'config') return `input.${own.name}`;
  return undefined;
}

const isWorkflowInput = (name: string): boolean => name.includes('.') && !/^(?:argv|input)\./.test(name);

function providedTo(
  provided: ReadonlyMap<string, Provided>,
  file: string,
  own: CredentialFact,
  unitEnv: UnitEnv,
): { name: string; given: Provided } | undefined {
  const name = handedName(own, file);
  if (name === undefined) return undefined;
  const given =
    provided.get(`${file}\0${name}`) ??
    folderProvided(provided, file, name) ??
    terraformRootProvided(provided, file, name) ??
    terragruntRootProvided(provided, file, name) ??
    terragruntProvided(provided, file, own, unitEnv);
  if (given) return { name, given };
  // `${DBT_CLOUD_SERVICE_TOKEN:-${DBT_CLOUD_PAT}}` run by a step that sets only DBT_CLOUD_PAT.
  const other = own.source === 'env' ? own.otherwise : undefined;
  const instead = other === undefined ? undefined : (provided.get(`${file}\0${other}`) ?? folderProvided(provided, file, other));
  return instead ? { name: other!, given: instead } : undefined;
}

/** By a module's folder and variable: the Terragrunt units whose `inputs` set it from the environment, and the variable read. */
type UnitEnv = ReadonlyMap<string, readonly { unit: string; env: string }[]>;

const TERRAGRUNT_FILE = /(?:^|\/)terragrunt\.hcl$/;

function terragruntUnitEnv(results: readonly FileResult[]): UnitEnv {
  const out = new Map<string, { unit: string; env: string }[]>();
  for (const r of results) {
    if (!TERRAGRUNT_FILE.test(r.rel)) continue;
    for (const d of r.definitions) {
      if (d.ref.kind !== 'terraform-variable' || d.credential.source !== 'env' || !d.credential.name || d.scopeFolder === undefined)
        continue;
      const key = `${d.scopeFolder}\0${d.ref.id}`;
      out.set(key, [...(out.get(key) ?? []), { unit: dirOf(r.rel), env: d.credential.name }]);
    }
  }
  return out;
}

/**
 * `var.dbt_token` of a module a Terragrunt unit fills with `dbt_token = get_env("DBT_TOKEN")`:
 * what a step running Terragrunt in the unit's folder, or above it, sets `DBT_TOKEN` to; only when a
 * step runs every unit filling that variable (the first typed one's, in the order of the results).
 */
function terragruntProvided(
  provided: ReadonlyMap<string, Provided>,
  file: string,
  own: CredentialFact,
  unitEnv: UnitEnv,
): Provided | undefined {
  if (own.source !== 'variable' || !own.name || !TERRAFORM_FILE.test(file) || !unitEnv.size) return undefined;
  const units = unitEnv.get(`${dirOf(file)}\0${own.name}`) ?? [];
  const givens = units.map(({ unit, env }) => {
    // `terragrunt run-all apply` (or `--all`) in a folder above runs every unit below it.
    for (let d = unit, i = 0; i < 32; i++) {
      const given = provided.get(`${terraformRootKey(d)}\0${env}`);
      if (given || d === '') return given;
      d = dirOf(d);
    }
    return undefined;
  });
  // A unit no step runs (applied by hand, or by a pipeline outside the repository) gives the module a token not seen here.
  if (givens.length === 0 || givens.some((g) => g === undefined)) return undefined;
  return givens.find((g) => g!.credential.type !== 'unknown') ?? givens[0];
}

const TERRAFORM_FILE = /\.(?:tf|tofu|tf\.json|hcl)$/;

/** What a step running Terraform in a file's folder gives its provider (`env: DBT_CLOUD_TOKEN: …` then `terraform apply`). */
function terraformRootProvided(provided: ReadonlyMap<string, Provided>, file: string, name: string): Provided | undefined {
  if (!TERRAFORM_FILE.test(file)) return undefined;
  const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
  return provided.get(`${terraformRootKey(folder)}\0${name}`);
}

/**
 * Terragrunt's root configuration (`live/root.hcl`), whose `generate "provider"` every unit below it
 * includes: what a step running Terragrunt in one of those units (`--working-dir live/prod`) sets.
 */
function terragruntRootProvided(provided: ReadonlyMap<string, Provided>, file: string, name: string): Provided | undefined {
  if (!/(?:^|\/)root\.hcl$/.test(file)) return undefined;
  const folder = file.includes('/') ? `${file.slice(0, file.lastIndexOf('/'))}/` : '';
  let found: Provided | undefined;
  for (const [key, given] of provided) {
    const [script, env] = key.split('\0');
    if (env !== name || !isTerraformRootKey(script!) || !script!.startsWith(folder)) continue;
    if (given.credential.type !== 'unknown') return given;
    found ??= given;
  }
  return found;
}

/** What a container's environment gives the code of the folder it is built from (`app/`: compose's `build:`), nearest folder first. */
function folderProvided(provided: ReadonlyMap<string, Provided>, file: string, name: string): Provided | undefined {
  for (let d = file, i = 0; i < 64; i++) {
    d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '';
    const given = provided.get(`${d}/\0${name}`);
    if (given || d === '') return given;
  }
  return undefined;
}

/**
 * What the CI file handed, unless the reader's own evidence of the type is the stronger. Handed in
 * the variable read when the reader's own is unset (`readInstead`), the own variable's name says
 * nothing of it (`DBT_CLOUD_SERVICE_TOKEN || DBT_CLOUD_PAT` given only the PAT).
 */
function handedCredential(own: CredentialFact, given: Provided, readInstead = false): CredentialFact {
  const merged: CredentialFact = { ...given.credential };
  if (merged.type !== 'unknown' && !merged.evidenceAt && given.at) merged.evidenceAt = { ...given.at };
  merged.basis = carried(basisOf(merged));
  const ownCounts = !(readInstead && own.evidence === 'name');
  if (ownCounts && strengthOf(basisOf(own)) > strengthOf(merged.basis)) {
    merged.type = own.type;
    merged.basis = basisOf(own);
    merged.evidence = own.evidence;
    if (own.evidenceAt) merged.evidenceAt = { ...own.evidenceAt };
    else delete merged.evidenceAt;
  }
  return merged;
}

/**
 * `base = os.getenv("DBT_URL", "https://cloud.getdbt.com")` in a script that a CI step runs with
 * `DBT_URL: https://ab123.us1.dbt.com`: the calls go to the host the step sets, not the default.
 */
function useHostsSet(results: FileResult[], hosts: ReadonlyMap<string, ScriptHost>): void {
  for (const r of results) {
    for (const c of r.callSites) {
      const env = c.endpoint?.hostEnv;
      // A Terraform file's provider takes what the step running Terraform in its folder sets.
      const set =
        env === undefined
          ? undefined
          : (hosts.get(`${r.rel}\0${env}`) ??
            (TERRAFORM_FILE.test(r.rel) ? hosts.get(`${terraformRootKey(dirOf(r.rel))}\0${env}`) : undefined) ??
            folderHost(hosts, r.rel, env));
      if (!set || !c.endpoint) continue;
      // `{DBT_CLOUD_API_URL}accounts/` with `https://cloud.getdbt.com/api/v3/` set: that API's path, not the one assumed.
      const placeholder = `{${env}}`;
      const joined =
        set.base !== undefined && c.endpoint.url?.startsWith(placeholder)
          ? recognizeDbtCloudUrl(`https://${set.host}${set.base}/${c.endpoint.url.slice(placeholder.length).replace(/^\//, '')}`)
          : undefined;
      if (joined) {
        const { hostEnv: _env, hostAssumed: _assumed, ...rest } = c.endpoint;
        c.endpoint = { ...rest, ...joined };
        continue;
      }
      const was = c.endpoint.host;
      c.endpoint = { ...c.endpoint, host: set.host };
      if (was && c.endpoint.url) c.endpoint.url = c.endpoint.url.replace(was, set.host);
    }
  }
}

/** What an env file (`.env`'s `DBT_CLOUD_HOST=emea.dbt.com`) in the file's folder or one above sets the host variable to, nearest first. */
function folderHost(hosts: ReadonlyMap<string, ScriptHost>, file: string, env: string): ScriptHost | undefined {
  for (let d = dirOf(file), i = 0; i < 64; i++) {
    const host = hosts.get(`${d}/\0${env}`);
    if (host || d === '') return host;
    d = dirOf(d);
  }
  return undefined;
}

/**
 * The step that hands a secret to a script sending it to dbt Cloud is a call site of the CI file
 * (as the adapters already make it of a secret named for a dbt token): also when the name says
 * nothing (`API_KEY: \${{ secrets.API_KEY }}`) and only the script's request tells.
 */
function addHandoffSites(results: FileResult[], handedOn: ReadonlyMap<string, ReadonlyMap<number, Handoff>>): void {
  if (!handedOn.size) return;
  for (const r of results) {
    for (const [line, h] of handedOn.get(r.rel) ?? []) {
      if (r.callSites.some((c) => c.span.line === line)) continue;
      r.callSites.push({
        kind: 'ci-step',
        span: { line, column: h.column },
        credential: { ...h.credential },
        ...(h.workflow ? { workflow: h.workflow } : {}),
      });
    }
  }
}

/** A CI line handing a secret to a script or Terraform root that sends it to dbt Cloud. */
interface Handoff {
  credential: CredentialFact;
  column: number;
  workflow?: 'terraform-staging';
}

const rank = (d: Def): number => strengthOf(basisOf(d.credential)) * 2 + (/\.tfvars(\.json)?$/.test(d.file) ? 1 : 0);

/**
 * A request in a helper module whose token is a parameter (`latestRun(token, …)` in
 * `lib/dbt.js`) reads as an unknown token where it is made; the files that call it pass one
 * (`latestRun(env.DBT_TOKEN, …)`), and report that call with it (`requestAt`). When every caller
 * passes the same credential, the helper's request uses it too, carried like a script's CI secret.
 * A test's call passes a fake token: it says nothing of what the helper is given outside tests.
 * A construction of an imported client class (`passesOnly`) only hands its token to the class's
 * requests: it is dropped once linked. Unless the class's file reports no request there: a
 * generic client that never names dbt Cloud (the URL is what the construction passes) is not
 * read by itself, and the construction is then the only place that says where the request goes.
 */
export function linkHelperCallers(results: FileResult[]): void {
  const passed = passedByRequest(results);
  if (passed.size) takePassed(results, passed);
  takePassedEndpoints(results);
  dropUsedInstances(results);
  const reported = new Set<string>();
  for (const r of results) for (const c of r.callSites) if (!c.passesOnly) reported.add(`${r.rel}\0${c.span.line}`);
  for (const r of results) {
    if (!r.callSites.some((c) => c.passesOnly)) continue;
    r.callSites = r.callSites.filter(
      (c) => !c.passesOnly || (c.requestAt !== undefined && !reported.has(`${c.requestAt.file}\0${c.requestAt.line}`)),
    );
    for (const c of r.callSites) delete c.passesOnly;
  }
}

/**
 * A client instance made by a factory module (`axios.create({baseURL, headers})` returned from
 * `makeClient(token)`) and used by requests in the files that import it: the requests are the
 * calls, the creation is not one more. A test's request says nothing of the instance's use
 * outside tests.
 */
function dropUsedInstances(results: FileResult[]): void {
  const used = new Set<string>();
  for (const r of results) {
    for (const c of r.callSites) {
      if (c.instanceAt && (!isTestPath(r.rel) || isTestPath(c.instanceAt.file))) used.add(`${c.instanceAt.file}\0${c.instanceAt.line}`);
      delete c.instanceAt;
    }
  }
  for (const r of results) {
    if (!r.callSites.some((c) => c.unusedInstance)) continue;
    r.callSites = r.callSites.filter((c) => !c.unusedInstance || !used.has(`${r.rel}\0${c.span.line}`));
    for (const c of r.callSites) delete c.unusedInstance;
  }
}

/**
 * A client class's request whose URL is built from what its constructor is given
 * (`f"{self.host_url}/v3/accounts/{self.account_id}/projects"`), made in another module with
 * literals (`CloudApiClient("https://emea.dbt.com/api", 51798, …)`): the URL those callers agree
 * on, when it is the request's own with its placeholders filled in. Host and account rules need them.
 */
function takePassedEndpoints(results: FileResult[]): void {
  const byRequest = new Map<string, ExtractedCallSite[]>();
  for (const r of results) {
    for (const c of r.callSites) {
      if (!c.passesOnly || !c.requestAt || !c.endpoint?.url) continue;
      if (isTestPath(r.rel) && !isTestPath(c.requestAt.file)) continue;
      const key = `${c.requestAt.file}\0${c.requestAt.line}`;
      byRequest.set(key, [...(byRequest.get(key) ?? []), c]);
    }
  }
  if (!byRequest.size) return;
  for (const r of results) {
    for (const c of r.callSites) {
      if (c.passesOnly || !c.endpoint?.url?.includes('{')) continue;
      const callers = byRequest.get(`${r.rel}\0${c.span.line}`);
      const first = callers?.[0]?.endpoint;
      if (!first?.url || !callers!.every((x) => x.endpoint?.url === first.url)) continue;
      if (placeholders(first.url) >= placeholders(c.endpoint.url) || !fills(c.endpoint.url, first.url)) continue;
      c.endpoint = { ...first };
      const ids = callers![0]!.accountIds;
      if (ids?.length && !c.accountIds?.length) c.accountIds = [...ids];
    }
  }
}

const placeholders = (url: string): number => (url.match(/\{[^{}]*\}/g) ?? []).length;

/** `filled` is `template` with some of its `{…}` placeholders written out. */
function fills(template: string, filled: string): boolean {
  if (template.length > 2000) return false;
  const pattern = template
    .split(/\{[^{}]*\}/)
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+?');
  return new RegExp(`^${pattern}$`).test(filled);
}

/** What the callers of each helper request pass it, by the request's file and line. */
function passedByRequest(results: FileResult[]): Map<string, CredentialFact[]> {
  const passed = new Map<string, CredentialFact[]>();
  for (const r of results) {
    for (const c of r.callSites) {
      if (!c.requestAt || c.credential.source === 'unknown') continue;
      if (isTestPath(r.rel) && !isTestPath(c.requestAt.file)) continue;
      const key = `${c.requestAt.file}\0${c.requestAt.line}`;
      const list = passed.get(key) ?? [];
      if (list.length === 0) passed.set(key, list);
      list.push(c.credential);
    }
  }
  return passed;
}

function takePassed(results: FileResult[], passed: ReadonlyMap<string, CredentialFact[]>): void {
  for (const r of results) {
    const taken = new Map<string, CredentialFact>();
    /** By the parameter the request's token came in through (`token` of `__init__`), what the callers gave it. */
    const byParam = new Map<string, CredentialFact>();
    for (const c of r.callSites) {
      if (c.credential.source !== 'unknown') continue;
      const callers = passed.get(`${r.rel}\0${c.span.line}`);
      const first = callers?.[0];
      if (!first || !callers.every((x) => x.source === first.source && x.name === first.name && x.identity === first.identity)) continue;
      const param = c.credential.name;
      c.credential = { ...first, basis: carried(basisOf(first)) };
      if (c.endpoint?.url) taken.set(c.endpoint.url, c.credential);
      if (param !== undefined) byParam.set(param, c.credential);
    }
    // A wrapper method reported with the request it makes (`triggerJob` calling `this.request`,
    // `jobs()` returning `self._paginate("/jobs/")`): the same request, with the token the callers give it.
    if (taken.size === 0 && byParam.size === 0) continue;
    for (const c of r.callSites) {
      if (c.credential.source !== 'unknown') continue;
      const same =
        !c.credential.name && c.endpoint?.url ? taken.get(c.endpoint.url) : c.credential.name ? byParam.get(c.credential.name) : undefined;
      if (same) c.credential = { ...same };
    }
  }
}
