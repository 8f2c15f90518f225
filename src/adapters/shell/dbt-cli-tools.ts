import { hostOfSetting } from '../../classify/endpoint.js';
import { dbtCloudCliCommand } from '../shared/dbt-cloud-cli-commands.js';
import type { RawCallSite, RawCredential, RawEndpoint } from '../../model/raw-facts.js';
import { credentialOf } from './credentials.js';
import type { CommandContext, Invocation, OptionSpec, ParsedArgs } from './invocation.js';
import { implicitEnvWord, parseOptions } from './invocation.js';
import type { Word } from './words.js';
import { literalText, render } from '../shared/values/parts.js';
import { DEFAULT_API_HOST } from '../../classify/access-hosts.js';

// Command line clients of the dbt Cloud API: dbt-cloud-cli (`dbt-cloud job run --api-token …`),
// dbtc (`dbtc --token … trigger-job …`), dbtcloud-terraforming and dbt-jobs-as-code. Every run of a command is a
// call site: its token comes from an option, from the env var the tool reads (bound in the
// script or its CI file), or, when nothing visible binds it, from that env var as the CI
// runner's project variable (the usual setup).

type Slot = NonNullable<RawCredential['slotType']>;

function optionValue(parsed: ParsedArgs, names: readonly string[]): Word | undefined {
  for (const o of parsed.options) if (names.includes(o.name) && o.value) return o.value;
  return undefined;
}

/** A literal numeric id from an option or a bound env var. */
function literalId(
  inv: Invocation,
  ctx: CommandContext,
  parsed: ParsedArgs,
  names: readonly string[],
  envName: string,
): string | undefined {
  const w = optionValue(parsed, names) ?? implicitEnvWord(inv, ctx, envName);
  if (!w) return undefined;
  const t = literalText(ctx.scope.resolve(w, inv.at, inv.local))?.trim();
  return t && /^\d+$/.test(t) ? t : undefined;
}

/**
 * `{host}` (a bare host or URL from `--host` / an env var); the tools' default host (the API's)
 * when neither is given; `{DBT_CLOUD_HOST}` when the value is only known at run time.
 */
function hostOf(inv: Invocation, ctx: CommandContext, parsed: ParsedArgs, names: readonly string[], envName: string): string {
  const w = optionValue(parsed, names) ?? implicitEnvWord(inv, ctx, envName);
  if (!w) return DEFAULT_API_HOST;
  const text = render(ctx.scope.resolve(w, inv.at, inv.local)).trim();
  const host = hostOfSetting(text);
  return host ?? `{${envName}}`;
}

function endpointFor(host: string, path: string | undefined, method: string | undefined): RawEndpoint {
  const base = host.startsWith('{') ? host : `https://${host}`;
  const ep: RawEndpoint = { host, url: path ? `${base}${path}` : base };
  if (path) ep.path = path;
  if (method) ep.method = method;
  return ep;
}

/** The env var a tool reads its token from when nothing in sight binds it: a runner project variable. */
function unboundEnv(inv: Invocation, ctx: CommandContext, name: string, slot?: Slot): RawCredential {
  const cred: RawCredential = { source: 'env', name, span: ctx.pos.span(inv.at) };
  if (slot) cred.slotType = slot;
  return cred;
}

/** Options and commands that print and exit: help and the tool's version. */
const PRINTS_ONLY_OPTION = new Set(['--help', '-h', '--version', '-V']);
const PRINTS_ONLY_COMMAND = new Set(['help', 'version', '--version']);

/** `tool --help`, `tool version`, `tool job run --help`, a bare `tool`: no API call. */
function runsNoCommand(parsed: ParsedArgs): boolean {
  if (parsed.positionals.length === 0 || parsed.options.some((o) => PRINTS_ONLY_OPTION.has(o.name))) return true;
  const first = literalText(parsed.positionals[0]!);
  return first !== undefined && PRINTS_ONLY_COMMAND.has(first);
}

function credentialFrom(inv: Invocation, ctx: CommandContext, word: Word, slot?: Slot): RawCredential | undefined {
  const cred = credentialOf(ctx.scope.resolve(word, inv.at, inv.local), ctx.pos);
  if (cred && slot) cred.slotType = slot;
  return cred;
}

// --- dbt-cloud-cli (data-mie) -------------------------------------------------------------------

const DBT_CLOUD_CLI: OptionSpec = {
  shortWithValue: new Set(),
  longWithValue: new Set([
    '--api-token',
    '--dbt-cloud-host',
    '--account-id',
    '--job-id',
    '--run-id',
    '--project-id',
    '--environment-id',
    '--cause',
    '--git-sha',
    '--git-branch',
    '--schema-override',
    '--dbt-version-override',
    '--threads-override',
    '--target-name-override',
    '--generate-docs-override',
    '--timeout-seconds-override',
    '--steps-override',
    '--file',
    '--query',
    '--path',
    '--step',
    '--status',
    '--order-by',
    '--limit',
    '--offset',
    '--name',
    '--execute-steps',
    '--poll-interval',
    '--include-related',
    '--job-definition-id',
    '--environment-id',
    '--connection-id',
    '--repository-id',
    '--user-id',
    '--search',
  ]),
};

function dbtCloudCliCallSite(inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  const parsed = parseOptions(inv.args, DBT_CLOUD_CLI);
  if (runsNoCommand(parsed)) return undefined;
  const tokenWord = optionValue(parsed, ['--api-token']) ?? implicitEnvWord(inv, ctx, 'DBT_CLOUD_API_TOKEN');
  const [group, action] = parsed.positionals.slice(0, 2).map((w) => literalText(w));
  const host = hostOf(inv, ctx, parsed, ['--dbt-cloud-host'], 'DBT_CLOUD_HOST');
  const account = literalId(inv, ctx, parsed, ['--account-id'], 'DBT_CLOUD_ACCOUNT_ID');
  const key = `${group ?? ''} ${action ?? ''}`;
  let endpoint: RawEndpoint;
  if (key === 'metadata query') {
    const h = host.startsWith('{') ? '{DBT_CLOUD_METADATA_HOST}' : `metadata.${host}`;
    endpoint = endpointFor(h, '/graphql', 'POST');
  } else {
    const known = dbtCloudCliCommand(key);
    const job = literalId(inv, ctx, parsed, ['--job-id'], 'DBT_CLOUD_JOB_ID');
    const path = known?.path(account ?? '{account_id}').replace('{job_id}', job ?? '{job_id}');
    endpoint = known ? endpointFor(host, path, known.method) : endpointFor(host, undefined, undefined);
  }
  const credential = tokenWord ? credentialFrom(inv, ctx, tokenWord) : unboundEnv(inv, ctx, 'DBT_CLOUD_API_TOKEN');
  return site(inv, ctx, 'dbt-cloud-cli', endpoint, credential, account);
}

// --- dbtc (dpguthrie) ---------------------------------------------------------------------------

const DBTC: OptionSpec = {
  shortWithValue: new Set('acegijopdrtuy'),
  longWithValue: new Set([
    '--api-key',
    '--token',
    '--service-token',
    '--host',
    '--account-id',
    '--job-id',
    '--run-id',
    '--project-id',
    '--environment-id',
    '--connection-id',
    '--group-id',
    '--repository-id',
    '--service-token-id',
    '--user-id',
    '--payload',
    '--unique-id',
    '--name',
    '--account-name',
    '--permission-id',
    '--include-related',
    '--order-by',
    '--limit',
    '--offset',
    '--status',
    '--last-run-count',
    '--database',
    '--schema',
    '--identifier',
    '--query',
    '--cause',
    '--git-branch',
    '--git-sha',
    '--schema-override',
    '--steps-override',
    '--poll-interval',
  ]),
};

/** dbtc's metadata (Discovery API) commands; everything else goes to the Admin API. */
const DBTC_METADATA = /^get-(exposures?|macros?|metrics?|models?|model-by-environment|seeds?|snapshots?|sources?|tests?)$/;

function dbtcCallSite(inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  const parsed = parseOptions(inv.args, DBTC);
  if (runsNoCommand(parsed)) return undefined;
  // dbtc's Admin client prefers `api_key` (a user key slot) and falls back to the service token.
  let tokenWord = optionValue(parsed, ['--api-key']);
  let slot: Slot | undefined = tokenWord ? 'legacy-user-api-key' : undefined;
  if (!tokenWord) {
    tokenWord = optionValue(parsed, ['--token', '--service-token']);
    if (tokenWord) slot = 'service-token';
  }
  if (!tokenWord) {
    tokenWord = implicitEnvWord(inv, ctx, 'DBT_CLOUD_API_KEY');
    slot = tokenWord ? 'legacy-user-api-key' : undefined;
  }
  if (!tokenWord) {
    tokenWord = implicitEnvWord(inv, ctx, 'DBT_CLOUD_SERVICE_TOKEN');
    slot = tokenWord ? 'service-token' : undefined;
  }
  const command = parsed.positionals.map((w) => literalText(w)).find((t) => t !== undefined && /^[a-z][a-z-]*$/.test(t));
  const host = hostOf(inv, ctx, parsed, ['--host'], 'DBT_CLOUD_HOST');
  const account = literalId(inv, ctx, parsed, ['--account-id', '-a'], 'DBT_CLOUD_ACCOUNT_ID');
  const a = account ?? '{account_id}';
  let endpoint: RawEndpoint;
  if (command && DBTC_METADATA.test(command)) {
    endpoint = endpointFor(host.startsWith('{') ? '{DBT_CLOUD_METADATA_HOST}' : `metadata.${host}`, '/beta/graphql', 'POST');
  } else if (command === 'trigger-job' || command === 'trigger-job-and-poll') {
    const job = literalId(inv, ctx, parsed, ['--job-id', '-j'], 'DBT_CLOUD_JOB_ID') ?? '{job_id}';
    endpoint = endpointFor(host, `/api/v2/accounts/${a}/jobs/${job}/run/`, 'POST');
  } else if (command === 'list-accounts') {
    endpoint = endpointFor(host, '/api/v2/accounts/', 'GET');
  } else {
    endpoint = endpointFor(host, undefined, undefined);
  }
  // A metadata command uses the service token only.
  if (command && DBTC_METADATA.test(command) && slot === 'legacy-user-api-key') {
    const svc = optionValue(parsed, ['--token', '--service-token']) ?? implicitEnvWord(inv, ctx, 'DBT_CLOUD_SERVICE_TOKEN');
    if (svc) return site(inv, ctx, 'dbtc', endpoint, credentialFrom(inv, ctx, svc, 'service-token'), account);
  }
  // Nothing visible binds a token: dbtc reads DBT_CLOUD_API_KEY or DBT_CLOUD_SERVICE_TOKEN from
  // the runner. The service token is the documented setup (and the only one metadata accepts).
  const credential = tokenWord
    ? credentialFrom(inv, ctx, tokenWord, slot)
    : unboundEnv(inv, ctx, 'DBT_CLOUD_SERVICE_TOKEN', 'service-token');
  return site(inv, ctx, 'dbtc', endpoint, credential, account);
}

// --- dbtcloud-terraforming (dbt-labs) ---------------------------------------------------------

const TERRAFORMING: OptionSpec = {
  shortWithValue: new Set('taro'),
  longWithValue: new Set([
    '--token',
    '--host-url',
    '--account',
    '--resource-types',
    '--output',
    '--projects',
    '--config',
    '--terraform-install-path',
    '--terraform-binary-path',
    '--exclude-resource-types',
    '--linked-resource-types',
  ]),
};

/** `dbtcloud-terraforming genimport -t TOKEN --host-url URL -a ACCOUNT`: reads the account through the Admin API. */
function terraformingCallSite(inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  const parsed = parseOptions(inv.args, TERRAFORMING);
  if (runsNoCommand(parsed)) return undefined;
  const command = literalText(parsed.positionals[0]!);
  if (command === 'help' || command === 'version' || command === 'completion') return undefined;
  const tokenWord = optionValue(parsed, ['--token', '-t']) ?? implicitEnvWord(inv, ctx, 'DBT_CLOUD_TOKEN');
  const host = hostOf(inv, ctx, parsed, ['--host-url'], 'DBT_CLOUD_HOST_URL');
  const account = literalId(inv, ctx, parsed, ['--account', '-a'], 'DBT_CLOUD_ACCOUNT_ID');
  const credential = tokenWord ? credentialFrom(inv, ctx, tokenWord) : unboundEnv(inv, ctx, 'DBT_CLOUD_TOKEN');
  return site(inv, ctx, 'dbtcloud-terraforming', endpointFor(host, undefined, undefined), credential, account);
}

// --- dbt-jobs-as-code (dbt-labs) --------------------------------------------------------------

const JOBS_AS_CODE: OptionSpec = {
  shortWithValue: new Set('vpej'),
  longWithValue: new Set(['--vars-yml', '--project-id', '--environment-id', '--job-id', '--account-id', '--output', '--config']),
};

/** The commands that read or change the account's jobs; `validate` only with `--online`. */
const JOBS_AS_CODE_COMMANDS: Readonly<Record<string, string | undefined>> = {
  plan: 'GET',
  sync: undefined,
  'import-jobs': 'GET',
  unlink: 'POST',
  'deactivate-jobs': 'POST',
  validate: 'GET',
};

/**
 * `dbt-jobs-as-code sync jobs.yml`: the account and its jobs through the Admin API (the account
 * id is in the YAML), with the token of DBT_API_KEY, a service token by its README.
 */
function jobsAsCodeCallSite(inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  const parsed = parseOptions(inv.args, JOBS_AS_CODE);
  if (runsNoCommand(parsed)) return undefined;
  const command = literalText(parsed.positionals[0]!);
  if (command === undefined || !Object.hasOwn(JOBS_AS_CODE_COMMANDS, command)) return undefined;
  if (command === 'validate' && !parsed.options.some((o) => o.name === '--online')) return undefined;
  const tokenWord = implicitEnvWord(inv, ctx, 'DBT_API_KEY');
  const host = hostOf(inv, ctx, parsed, [], 'DBT_BASE_URL');
  const account = literalId(inv, ctx, parsed, ['--account-id'], 'DBT_ACCOUNT_ID');
  const endpoint = endpointFor(host, `/api/v2/accounts/${account ?? '{account_id}'}/jobs/`, JOBS_AS_CODE_COMMANDS[command]);
  const credential = tokenWord ? credentialFrom(inv, ctx, tokenWord) : unboundEnv(inv, ctx, 'DBT_API_KEY');
  return site(inv, ctx, 'dbt-jobs-as-code', endpoint, credential, account);
}

function site(
  inv: Invocation,
  ctx: CommandContext,
  client: string,
  endpoint: RawEndpoint,
  credential: RawCredential | undefined,
  account: string | undefined,
): RawCallSite {
  const s: RawCallSite = { kind: 'cli', span: ctx.pos.span(inv.at), endpoint, client };
  if (credential) s.credential = credential;
  if (account) s.accountIds = [account];
  return s;
}

/** The call site of a dbt Cloud CLI client run, if this command is one and carries a token. */
export function dbtCliToolCallSite(inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  if (inv.name === 'dbt-cloud') return dbtCloudCliCallSite(inv, ctx);
  if (inv.name === 'dbtc') return dbtcCallSite(inv, ctx);
  if (inv.name === 'dbtcloud-terraforming') return terraformingCallSite(inv, ctx);
  if (inv.name === 'dbt-jobs-as-code') return jobsAsCodeCallSite(inv, ctx);
  return undefined;
}
