import type { TokenType } from '../../facts/types.js';

// What CI input and variable names say: which hold a dbt Cloud token, host, account or job id.
// Names are split into words (snake, kebab, camel case), so `dbt_path` never reads as "pat".

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

const SECRET_WORDS = new Set(['token', 'key', 'pat', 'apikey', 'apitoken', 'secret']);
const NOT_API_TOKEN_WORDS = new Set(['ssh', 'private', 'deploy', 'gpg', 'webhook', 'hmac', 'signing', 'encryption', 'github', 'gitlab', 'git']);
const hasDbt = (words: string[]): boolean => words.some((w) => w === 'dbt' || /^dbt(cloud|api|token|pat|key)/.test(w));

/**
 * An action or template input that takes a dbt Cloud token: dbt + (token|key|pat).
 * Bare `dbt_token` / `dbt_access_token` are dbt Core / Databricks look-alikes unless the
 * action itself is a dbt Cloud action.
 */
export function isDbtTokenInput(name: string, dbtCloudAction: boolean): boolean {
  const w = nameWords(name);
  if (!w.some((x) => SECRET_WORDS.has(x)) || w.some((x) => NOT_API_TOKEN_WORDS.has(x))) return false;
  if (!hasDbt(w)) return dbtCloudAction && w.some((x) => x === 'token' || x === 'apikey' || x === 'pat');
  if (dbtCloudAction) return true;
  return w.some((x) => x.includes('cloud') || x === 'api' || x === 'apikey' || x === 'apitoken' || x === 'service' || x === 'pat' || x === 'personal' || x === 'admin');
}

/** An input or variable holding a dbt Cloud host or base URL. */
export function isDbtUrlInput(name: string): boolean {
  const w = nameWords(name);
  return w.some((x) => ['url', 'host', 'base', 'domain', 'endpoint', 'tenant'].includes(x))
    && (hasDbt(w) || w.length <= 2);
}

const idInput = (name: string, what: string): boolean => {
  const w = nameWords(name);
  return w.includes(what) && w.includes('id') && !w.includes('project');
};
export const isAccountIdInput = (name: string): boolean => idInput(name, 'account');
export const isJobIdInput = (name: string): boolean => idInput(name, 'job');
export const isRunIdInput = (name: string): boolean => idInput(name, 'run');

/** What an input's name says the token is (never the core's classification, only the slot). */
export function slotTypeOfInput(name: string): Exclude<TokenType, 'unknown'> | undefined {
  const w = nameWords(name);
  if (w.includes('service')) return 'service-token';
  if (w.includes('pat') || w.includes('personal')) return 'pat';
  return undefined;
}

/**
 * Whether a variable or secret name reads like a credential rather than a host, id or flag:
 * used to decide if an unresolvable reference is bound as a credential or as a `{NAME}` placeholder.
 */
export function looksLikeCredentialName(name: string): boolean {
  const w = nameWords(name);
  if (w.some((x) => ['token', 'key', 'pat', 'apikey', 'apitoken', 'secret', 'password', 'passwd', 'pwd', 'auth', 'credential', 'credentials', 'bearer'].includes(x))) return true;
  return !w.some((x) => ['host', 'url', 'domain', 'endpoint', 'tenant', 'account', 'project', 'job', 'id', 'region', 'branch', 'schema', 'name', 'env', 'environment', 'path', 'dir', 'version', 'target', 'workspace', 'ref', 'sha', 'repository', 'event', 'number'].includes(x));
}

/**
 * A variable named like a dbt Cloud token, so a literal value in it is a credential site.
 * Not deploy/dbt-env.ts `isDbtTokenName`: CI variables are judged word by word like the inputs
 * above (no SECRET, no warehouse deny list), and merging the two would change what is reported.
 */
export function isDbtTokenVariable(name: string): boolean {
  const w = nameWords(name);
  return hasDbt(w) && w.some((x) => x === 'token' || x === 'key' || x === 'pat' || x === 'apikey' || x === 'apitoken')
    && !w.some((x) => NOT_API_TOKEN_WORDS.has(x));
}
