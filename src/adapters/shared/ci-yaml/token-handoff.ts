import { TERRAFORM_TOOLS, terraformWorkflow } from '../../shell/terraform-runs.js';
import type { Workflow } from '../../../model/vocabulary.js';
import type { FileFacts, RawCallSite, RawCredential, RawEndpoint, Span } from '../../../model/raw-facts.js';
import { dbtHostOfEntries } from '../env-entries/dbt-host-entries.js';
import { holdsDbtCloudAddress, isDbtCloudBaseUrl, isDbtCloudHost, tokenBesideDbtAddress } from '../../../classify/endpoint.js';
import { isAmbiguousDbtTokenName, isDbtTokenEntry, namesDbtCloudSecret } from '../../../credentials/names.js';
import { HTTP_CLIENTS } from '../../shell/http-clients.js';
import type { RunCommand } from '../../shell/script.js';
import { bindingText, type EnvBinding } from '../values/binding.js';
import { isAccountIdInput, isJobIdInput } from './dbt-names.js';
import { hasSecretWord, nameWords, slotTypeOfInput } from '../../../credentials/names.js';

// A CI step that hands a dbt Cloud token to a program is where that token enters the
// workflow, whatever the program: a test suite, `python x.py`, `uv run`, `make`, a deploy tool,
// or an `echo NAME=$TOKEN >> .env` for the next one. We cannot read what the program does with
// it, but the token is used by the pipeline, so the step is a `ci-step` call site, reported
// where the token is bound: the `env:` entry, the `${{ secrets.X }}` written in the command, or
// the first reference to a CI-store variable. A token that a recognised call in the same file
// already uses (a `curl` to cloud.getdbt.com) is not reported twice.

/** Programs that do nothing with a token in their environment, and dbt Core (which never calls dbt Cloud). */
const NOT_CONSUMERS = new Set([
  'echo',
  'printf',
  'cd',
  'ls',
  'cat',
  'mkdir',
  'rmdir',
  'rm',
  'cp',
  'mv',
  'touch',
  'chmod',
  'chown',
  'ln',
  'pwd',
  'export',
  'set',
  'unset',
  'true',
  'false',
  'test',
  '[',
  '[[',
  'exit',
  'return',
  'sleep',
  'wait',
  'source',
  '.',
  'shopt',
  'trap',
  'read',
  'grep',
  'egrep',
  'fgrep',
  'sed',
  'awk',
  'head',
  'tail',
  'tee',
  'wc',
  'sort',
  'uniq',
  'cut',
  'tr',
  'basename',
  'dirname',
  'date',
  'whoami',
  'id',
  'which',
  'type',
  'hash',
  'df',
  'du',
  'tree',
  'mktemp',
  'realpath',
  'readlink',
  'seq',
  'stat',
  'diff',
  'jq',
  'yq',
  'git',
  'tar',
  'unzip',
  'gzip',
  'zip',
  'sha256sum',
  'md5sum',
  'base64',
  'apt',
  'apt-get',
  'brew',
  'choco',
  'pip',
  'pip3',
  'pipx',
  'dbt',
]);
/** Package managers: installing is no use of a token; their `run`, `test`, `exec` sub-commands are. */
const INSTALLERS = new Map<string, ReadonlySet<string>>([
  ['npm', new Set(['install', 'i', 'ci', 'add', 'audit', 'config', 'cache', 'prune', 'dedupe', 'link', 'version'])],
  ['yarn', new Set(['install', 'add', 'config', 'cache', 'set', 'plugin'])],
  ['pnpm', new Set(['install', 'i', 'add', 'config', 'store', 'setup'])],
  ['bun', new Set(['install', 'i', 'add'])],
  ['uv', new Set(['sync', 'pip', 'venv', 'python', 'lock', 'add', 'remove', 'tool', 'self', 'cache', 'export'])],
  ['poetry', new Set(['install', 'lock', 'add', 'remove', 'config', 'self', 'env', 'build', 'check', 'version'])],
  ['pipenv', new Set(['install', 'sync', 'lock', 'uninstall', 'clean'])],
  ['conda', new Set(['install', 'create', 'env', 'activate', 'config', 'update', 'init'])],
  ['mamba', new Set(['install', 'create', 'env', 'activate', 'update'])],
  ['micromamba', new Set(['install', 'create', 'env', 'activate', 'update'])],
]);
/** HTTP clients take a token only from their command line, never from the environment. */
const HTTP_CLIENT_NAMES: ReadonlySet<string> = new Set(HTTP_CLIENTS);
const PYTHON = /^python(\d+(\.\d+)?)?$/;
/** Modules `python -m` runs that install or set up, and use no token. */
const PYTHON_SETUP_MODULES = new Set(['pip', 'venv', 'ensurepip', 'virtualenv']);

/** Whether the command may use a token from its environment: it runs a program, not a shell built-in, an installer or dbt Core. */
export function consumesEnvironment(c: Pick<RunCommand, 'program' | 'leadingArgs'>): boolean {
  const p = c.program.toLowerCase();
  if (NOT_CONSUMERS.has(p) || HTTP_CLIENT_NAMES.has(p)) return false;
  const sub = c.leadingArgs.find((a) => a === undefined || !a.startsWith('-'));
  const installer = INSTALLERS.get(p);
  if (installer) return sub === undefined || !installer.has(sub);
  if (PYTHON.test(p) && c.leadingArgs[0] === '-m') return !PYTHON_SETUP_MODULES.has(c.leadingArgs[1] ?? '');
  return true;
}

/**
 * Whether credentials written in the command's words are handed on: to a program that may use
 * them, or by a built-in (`echo`, `printf`, `cat <<EOF`) into a file or a program reading its
 * input. An `echo $TOKEN` to the log (or to `wc`) is not. HTTP clients are the shell
 * recognizers' to judge: a `curl` they do not report is not a dbt Cloud call.
 */
export function handsOnArguments(c: RunCommand): boolean {
  const p = c.program.toLowerCase();
  if (p === 'dbt' || HTTP_CLIENT_NAMES.has(p)) return false;
  return consumesEnvironment(c) || c.writesFile || (c.pipedInto !== undefined && consumesEnvironment(c.pipedInto));
}

/** Tokens for installing packages (a dbt project's private packages): git or registry credentials. */
const PACKAGE_WORDS = new Set(['install', 'package', 'packages', 'registry', 'pypi', 'npm', 'artifactory']);

/** What tells whether a name is a dbt Cloud token where it is used. */
export interface HandoffScope {
  /** The file mentions Databricks: `DBT_TOKEN` is then the warehouse token of dbt Core. */
  databricks: boolean;
  /** The environment in effect, for the dbt Cloud signals an ambiguous name needs. */
  env: ReadonlyMap<string, EnvBinding>;
  /** Names of variables set around the step, also those set to values not known here (`${{ vars.X }}`). */
  names?: readonly string[];
  /** What the step says it does: its name (`Run the dbt Cloud job`). */
  label?: string;
  /** The names of the job, its stage and its deployment environment: a Terraform run in a `staging` job is staging's. */
  jobNames?: ReadonlyArray<string | undefined>;
}

/**
 * Another variable in the environment that only a dbt Cloud setup has: a dbt account or job id,
 * a `DBT_CLOUD_*` name, or a dbt Cloud host as a value; or a step named for dbt Cloud.
 */
function envSaysDbtCloud(scope: HandoffScope): boolean {
  const dbtCloudName = (name: string): boolean => {
    const w = nameWords(name);
    return w.includes('dbt') && (w.includes('cloud') || isAccountIdInput(name) || isJobIdInput(name));
  };
  if (scope.names?.some(dbtCloudName)) return true;
  if (scope.label !== undefined && scope.label.length < 300 && /\bdbt[\s_-]*cloud\b/i.test(scope.label)) return true;
  for (const [name, binding] of scope.env) {
    if (dbtCloudName(name)) return true;
    if ('value' in binding) {
      const v = bindingText(binding).trim();
      if (v.length < 300 && (isDbtCloudBaseUrl(v) || isDbtCloudHost(v))) return true;
    }
  }
  return false;
}

/**
 * A variable that holds a dbt Cloud token: named for one (`DBT_CLOUD_API_TOKEN`,
 * `INPUT_DBT_CLOUD_SERVICE_TOKEN`), or a token slot (`TF_VAR_service_token`) filled from a
 * secret named for one. Warehouse and dbt Core names are not (shared/env-entries/dbt-env.ts decides which);
 * `DBT_TOKEN` counts only beside other dbt Cloud settings and where nothing says Databricks.
 */
export function holdsDbtCloudToken(name: string, credential: RawCredential, scope: HandoffScope): boolean {
  const dbtNamed = (n: string | undefined): n is string => n !== undefined && isDbtTokenEntry(n, undefined, scope.databricks);
  const secret = credential.name;
  if ([name, secret ?? ''].some((n) => nameWords(n).some((w) => PACKAGE_WORDS.has(w)))) return false;
  const byName = dbtNamed(name);
  const bySecret = dbtNamed(secret) && (byName || hasSecretWord(name));
  // `SL_TOKEN` beside `SL_HOST: semantic-layer.cloud.getdbt.com`: the address says whose token it is.
  if (!byName && !bySecret) return !scope.databricks && tokenBesideDbtAddress(name, dbtAddressesIn(scope.env));
  const clear = (byName && !isAmbiguousDbtTokenName(name)) || (bySecret && !isAmbiguousDbtTokenName(secret!));
  return clear || envSaysDbtCloud(scope);
}

/** The names in `env` set to a dbt Cloud address. */
function dbtAddressesIn(env: ReadonlyMap<string, EnvBinding>): string[] {
  const out: string[] = [];
  for (const [name, b] of env) if ('value' in b && holdsDbtCloudAddress(bindingText(b))) out.push(name);
  return out;
}

/**
 * Whether any credential in `env` could be a dbt Cloud token under some name: when none can, a
 * step's commands need not be read at all (most CI steps of most files).
 */
export function mayHandOffDbtToken(env: ReadonlyMap<string, EnvBinding>): boolean {
  const named = (n: string | undefined): boolean => n !== undefined && isDbtTokenEntry(n, undefined, false);
  for (const [name, b] of env) if ('credential' in b && (named(name) || named(b.credential.name))) return true;
  const addresses = dbtAddressesIn(env);
  if (addresses.length > 0) for (const [name, b] of env) if ('credential' in b && tokenBesideDbtAddress(name, addresses)) return true;
  return false;
}

const TERRAFORM_TOOL_NAMES: ReadonlySet<string> = new Set(TERRAFORM_TOOLS);

const sameSpot = (a: Span | undefined, b: Span | undefined): boolean =>
  a !== undefined && b !== undefined && a.line === b.line && a.column === b.column;
const plain = (s: Span): Span => ({ line: s.line, column: s.column });

/** The dbt Cloud host an environment sets beside the token it hands a program (dbt-host-entries.ts). */
const hostOfEnvironment = (env: ReadonlyMap<string, EnvBinding>): RawEndpoint | undefined =>
  dbtHostOfEntries([...env].map(([name, binding]) => ({ name, binding })));

interface Handoff {
  /** The variable the program reads (names the slot: `..._SERVICE_TOKEN`). */
  name: string;
  credential: RawCredential;
  span: Span;
  client?: string;
  /** The dbt Cloud host the same environment sets (`DBT_BASE_URL: https://emea.dbt.com`), for the program to call. */
  endpoint?: RawEndpoint;
  /** A Terraform tool run for a staging environment (its job's names say so): not production. */
  workflow?: Workflow;
}

/** The handoffs of one CI file, turned into call sites once every step has been read. */
export class TokenHandoffs {
  private readonly found = new Map<string, Handoff>();

  /** A credential bound to `name` handed to a program; `at` is used when the credential has no span of its own. */
  private add(name: string, credential: RawCredential, at: Span, client?: string, endpoint?: RawEndpoint, workflow?: Workflow): void {
    const span = credential.span ?? at;
    const key = `${span.line}:${credential.source}:${credential.name ?? name}`;
    if (!this.found.has(key))
      this.found.set(key, {
        name,
        credential,
        span,
        ...(client ? { client } : {}),
        ...(endpoint ? { endpoint } : {}),
        ...(workflow ? { workflow } : {}),
      });
  }

  /** The credential bound to `name`, when it is a dbt Cloud token. */
  addIfToken(name: string, credential: RawCredential, scope: HandoffScope, at: Span, client?: string): void {
    if (!holdsDbtCloudToken(name, credential, scope)) return;
    const staging =
      client !== undefined &&
      TERRAFORM_TOOL_NAMES.has(client) &&
      terraformWorkflow((scope.jobNames ?? []).filter((n) => n !== undefined).join(' ')) === 'terraform-staging';
    this.add(name, credential, at, client, hostOfEnvironment(scope.env), staging ? 'terraform-staging' : undefined);
  }

  /** Every dbt Cloud token in `env` handed to the step's programs. */
  addEnvironment(env: ReadonlyMap<string, EnvBinding>, scope: HandoffScope, at: Span, client?: string): void {
    for (const [name, b] of env) if ('credential' in b) this.addIfToken(name, b.credential, scope, at, client);
  }

  /**
   * The settings another project's step is given (a GitHub Action's `with:`, a Bitbucket pipe's
   * `variables:`, a GitLab CI component's `inputs:`): a dbt Cloud token among them is handed to it
   * when the setting or the secret is named for one beyond doubt (namesDbtCloudSecret), since such
   * steps take GitHub and registry tokens too. `scope.env` should hold the settings as well.
   */
  addStepSettings(settings: ReadonlyMap<string, EnvBinding>, scope: HandoffScope, at: Span, client?: string): void {
    for (const [name, b] of settings)
      if ('credential' in b && (namesDbtCloudSecret(name) || (b.credential.name !== undefined && namesDbtCloudSecret(b.credential.name))))
        this.addIfToken(name, b.credential, scope, at, client);
  }

  /** Tokens the commands of one step are given: in their environment (`env`) and in their words. */
  addCommands(commands: readonly RunCommand[], env: ReadonlyMap<string, EnvBinding>, scope: HandoffScope): void {
    const consumer = commands.find(consumesEnvironment);
    if (consumer) this.addEnvironment(env, scope, consumer.span, consumer.program);
    this.addArguments(commands, scope);
  }

  /** Tokens the commands of one step are given in their words (`python trigger.py --token $X`). */
  addArguments(commands: readonly RunCommand[], scope: HandoffScope): void {
    for (const c of commands) {
      if (!handsOnArguments(c)) continue;
      // What else the command is given counts as its setting (`-A ${{ secrets.DBT_ACCOUNT_ID }}`).
      let around = c.reads.length > 1 ? { ...scope, names: [...(scope.names ?? []), ...c.reads] } : scope;
      // `terraform -chdir=envs/staging plan -var dbt_token=…`: the root's folder names its environment as a job's name would.
      const root = TERRAFORM_TOOL_NAMES.has(c.program) ? c.leadingArgs.find((a) => a?.startsWith('-chdir=')) : undefined;
      if (root) around = { ...around, jobNames: [...(around.jobNames ?? []), root.slice('-chdir='.length)] };
      for (const u of c.credentials) this.addIfToken(u.name, u.credential, around, u.span, c.program);
    }
  }

  /** Adds a `ci-step` call site per handoff that no call site of `facts` already credits to the same binding. */
  flush(facts: FileFacts): void {
    for (const h of this.found.values()) {
      const used = facts.callSites.some(
        (c) =>
          c.credential &&
          sameSpot(c.credential.span, h.span) &&
          c.credential.source === h.credential.source &&
          c.credential.name === h.credential.name,
      );
      if (used) continue;
      const credential: RawCredential = { ...h.credential, span: plain(h.span) };
      if (!credential.name) credential.name = h.name;
      const slot = slotTypeOfInput(h.name);
      if (slot && !credential.slotType) credential.slotType = slot;
      const site: RawCallSite = { kind: 'ci-step', span: plain(h.span), credential };
      if (h.client) site.client = h.client;
      if (h.workflow) site.workflow = h.workflow;
      if (h.endpoint) site.endpoint = h.endpoint;
      facts.callSites.push(site);
    }
    this.found.clear();
  }
}
