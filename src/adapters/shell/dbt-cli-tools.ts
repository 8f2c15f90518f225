import { splitUrl } from '../../classify/endpoint.js';
import type { RawCallSite, RawCredential, RawEndpoint } from '../../facts/types.js';
import { credentialOf } from './credentials.js';
import type { CommandContext, Invocation, OptionSpec, ParsedArgs } from './invocation.js';
import { implicitEnvWord, parseOptions } from './invocation.js';
import type { Word } from './words.js';
import { literalText, renderWithPlaceholders } from './words.js';

// Command line clients of the dbt Cloud API: dbt-cloud-cli (`dbt-cloud job run --api-token …`)
// and dbtc (`dbtc --token … trigger-job …`). A run is a call site when it carries a token: as an
// option, or through the env var the tool reads when the script or its CI file binds that var.

type Slot = NonNullable<RawCredential['slotType']>;

function optionValue(parsed: ParsedArgs, names: readonly string[]): Word | undefined {
  for (const o of parsed.options) if (names.includes(o.name) && o.value) return o.value;
  return undefined;
}

/** A literal numeric id from an option or a bound env var. */
function literalId(inv: Invocation, ctx: CommandContext, parsed: ParsedArgs, names: readonly string[], envName: string): string | undefined {
  const w = optionValue(parsed, names) ?? implicitEnvWord(inv, ctx, envName);
  if (!w) return undefined;
  const t = literalText(ctx.scope.resolve(w, inv.at, inv.local))?.trim();
  return t && /^\d+$/.test(t) ? t : undefined;
}

/** `{host}` (a bare host or URL from `--host` / an env var), `{DBT_CLOUD_HOST}` when unknown. */
function hostOf(inv: Invocation, ctx: CommandContext, parsed: ParsedArgs, names: readonly string[], envName: string): string {
  const w = optionValue(parsed, names) ?? implicitEnvWord(inv, ctx, envName);
  if (!w) return `{${envName}}`;
  const text = renderWithPlaceholders(ctx.scope.resolve(w, inv.at, inv.local)).trim();
  const host = splitUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).host;
  return host ?? `{${envName}}`;
}

function endpointFor(host: string, path: string | undefined, method: string | undefined): RawEndpoint {
  const base = host.startsWith('{') ? host : `https://${host}`;
  const ep: RawEndpoint = { host, url: path ? `${base}${path}` : base };
  if (path) ep.path = path;
  if (method) ep.method = method;
  return ep;
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
    '--api-token', '--dbt-cloud-host', '--account-id', '--job-id', '--run-id', '--project-id', '--environment-id',
    '--cause', '--git-sha', '--git-branch', '--schema-override', '--dbt-version-override', '--threads-override',
    '--target-name-override', '--generate-docs-override', '--timeout-seconds-override', '--steps-override',
    '--file', '--query', '--path', '--step', '--status', '--order-by', '--limit', '--offset', '--name',
    '--execute-steps', '--poll-interval', '--include-related', '--job-definition-id', '--environment-id',
    '--connection-id', '--repository-id', '--user-id', '--search',
  ]),
};

/** `group action` → path under the account, for the commands a pipeline typically runs. */
const DBT_CLOUD_CLI_PATHS: Record<string, { path: (a: string) => string; method: string }> = {
  'job run': { path: (a) => `/api/v2/accounts/${a}/jobs/{job_id}/run/`, method: 'POST' },
  'job get': { path: (a) => `/api/v2/accounts/${a}/jobs/{job_id}/`, method: 'GET' },
  'job list': { path: (a) => `/api/v2/accounts/${a}/jobs/`, method: 'GET' },
  'job create': { path: (a) => `/api/v2/accounts/${a}/jobs/`, method: 'POST' },
  'job delete': { path: (a) => `/api/v2/accounts/${a}/jobs/{job_id}/`, method: 'DELETE' },
  'job export': { path: (a) => `/api/v2/accounts/${a}/jobs/{job_id}/`, method: 'GET' },
  'job import': { path: (a) => `/api/v2/accounts/${a}/jobs/`, method: 'POST' },
  'run get': { path: (a) => `/api/v2/accounts/${a}/runs/{run_id}/`, method: 'GET' },
  'run list': { path: (a) => `/api/v2/accounts/${a}/runs/`, method: 'GET' },
  'run cancel': { path: (a) => `/api/v2/accounts/${a}/runs/{run_id}/cancel/`, method: 'POST' },
  'run list-artifacts': { path: (a) => `/api/v2/accounts/${a}/runs/{run_id}/artifacts/`, method: 'GET' },
  'run get-artifact': { path: (a) => `/api/v2/accounts/${a}/runs/{run_id}/artifacts/{path}`, method: 'GET' },
  'account list': { path: () => '/api/v2/accounts/', method: 'GET' },
  'account get': { path: (a) => `/api/v2/accounts/${a}/`, method: 'GET' },
};

function dbtCloudCliCallSite(inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  const parsed = parseOptions(inv.args, DBT_CLOUD_CLI);
  const tokenWord = optionValue(parsed, ['--api-token']) ?? implicitEnvWord(inv, ctx, 'DBT_CLOUD_API_TOKEN');
  if (!tokenWord) return undefined;
  const [group, action] = parsed.positionals.slice(0, 2).map((w) => literalText(w));
  const host = hostOf(inv, ctx, parsed, ['--dbt-cloud-host'], 'DBT_CLOUD_HOST');
  const account = literalId(inv, ctx, parsed, ['--account-id'], 'DBT_CLOUD_ACCOUNT_ID');
  const key = `${group ?? ''} ${action ?? ''}`;
  let endpoint: RawEndpoint;
  if (key === 'metadata query') {
    const h = host.startsWith('{') ? '{DBT_CLOUD_METADATA_HOST}' : `metadata.${host}`;
    endpoint = endpointFor(h, '/graphql', 'POST');
  } else {
    const known = Object.hasOwn(DBT_CLOUD_CLI_PATHS, key) ? DBT_CLOUD_CLI_PATHS[key] : undefined;
    endpoint = known ? endpointFor(host, known.path(account ?? '{account_id}'), known.method) : endpointFor(host, undefined, undefined);
  }
  return site(inv, ctx, 'dbt-cloud-cli', endpoint, credentialFrom(inv, ctx, tokenWord), account);
}

// --- dbtc (dpguthrie) ---------------------------------------------------------------------------

const DBTC: OptionSpec = {
  shortWithValue: new Set('acegijopdrtuy'),
  longWithValue: new Set([
    '--api-key', '--token', '--service-token', '--host', '--account-id', '--job-id', '--run-id', '--project-id',
    '--environment-id', '--connection-id', '--group-id', '--repository-id', '--service-token-id', '--user-id',
    '--payload', '--unique-id', '--name', '--account-name', '--permission-id', '--include-related', '--order-by',
    '--limit', '--offset', '--status', '--last-run-count', '--database', '--schema', '--identifier', '--query',
    '--cause', '--git-branch', '--git-sha', '--schema-override', '--steps-override', '--poll-interval',
  ]),
};

/** dbtc's metadata (Discovery API) commands; everything else goes to the Admin API. */
const DBTC_METADATA = /^get-(exposures?|macros?|metrics?|models?|model-by-environment|seeds?|snapshots?|sources?|tests?)$/;

function dbtcCallSite(inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  const parsed = parseOptions(inv.args, DBTC);
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
  if (!tokenWord) return undefined;
  const command = parsed.positionals.map((w) => literalText(w)).find((t) => t !== undefined && /^[a-z][a-z-]*$/.test(t));
  const host = hostOf(inv, ctx, parsed, ['--host'], 'DBT_CLOUD_HOST');
  const account = literalId(inv, ctx, parsed, ['--account-id', '-a'], 'DBT_CLOUD_ACCOUNT_ID');
  const a = account ?? '{account_id}';
  let endpoint: RawEndpoint;
  if (command && DBTC_METADATA.test(command)) {
    endpoint = endpointFor(host.startsWith('{') ? '{DBT_CLOUD_METADATA_HOST}' : `metadata.${host}`, '/beta/graphql', 'POST');
  } else if (command === 'trigger-job' || command === 'trigger-job-and-poll') {
    endpoint = endpointFor(host, `/api/v2/accounts/${a}/jobs/{job_id}/run/`, 'POST');
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
  return site(inv, ctx, 'dbtc', endpoint, credentialFrom(inv, ctx, tokenWord, slot), account);
}

function site(inv: Invocation, ctx: CommandContext, client: string, endpoint: RawEndpoint, credential: RawCredential | undefined, account: string | undefined): RawCallSite {
  const s: RawCallSite = { kind: 'cli', span: ctx.pos.span(inv.at), endpoint, client };
  if (credential) s.credential = credential;
  if (account) s.accountIds = [account];
  return s;
}

export const DBT_CLI_TOOLS = ['dbt-cloud', 'dbtc'] as const;

/** The call site of a dbt Cloud CLI client run, if this command is one and carries a token. */
export function dbtCliToolCallSite(inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  if (inv.name === 'dbt-cloud') return dbtCloudCliCallSite(inv, ctx);
  if (inv.name === 'dbtc') return dbtcCallSite(inv, ctx);
  return undefined;
}
