import { isDbtCloudHost } from '../../../classify/endpoint.js';
import type { RawEndpoint } from '../../../model/raw-facts.js';
import { endpointOfEntries, type EnvEntry } from './dbt-env.js';
import { bindingText } from '../values/binding.js';

// The dbt Cloud host a block of environment entries configures, for the dbt MCP server and apps
// built like it: `DBT_HOST: us1.dbt.com` with the account prefix set apart (`DBT_HOST_PREFIX`,
// `MULTICELL_ACCOUNT_PREFIX`) is the cell host `<prefix>.us1.dbt.com`.

const PREFIX_NAME = /(?:^|_)(?:HOST|ACCOUNT)_PREFIX$/i;

export function dbtHostOfEntries(entries: readonly Pick<EnvEntry, 'name' | 'binding'>[]): RawEndpoint | undefined {
  const endpoint = endpointOfEntries(entries);
  if (!endpoint?.host) return endpoint;
  const prefix = entries.find(
    (e) => PREFIX_NAME.test(e.name) && 'value' in e.binding && /^[a-z0-9-]{1,63}$/i.test(bindingText(e.binding).trim()),
  );
  if (!prefix || !('value' in prefix.binding)) return endpoint;
  const host = `${bindingText(prefix.binding).trim().toLowerCase()}.${endpoint.host}`;
  return isDbtCloudHost(host) ? { ...endpoint, host, url: `https://${host}` } : endpoint;
}

/** `uvx dbt-mcp`, `["run", "dbt-mcp"]`, `dbt-mcp@latest`, `ghcr.io/dbt-labs/dbt-mcp:latest`: the dbt MCP server, which talks to dbt Cloud. */
export function namesDbtMcp(words: readonly (string | undefined)[]): boolean {
  return words.some((w) => w !== undefined && /(?:^|[\s/])dbt-mcp(?:$|[\s@=:])/.test(w));
}

/** Settings only the dbt MCP server reads: its environments, its user, its own address. */
export const DBT_MCP_SETTING = /^DBT_(?:PROD_ENV_ID|DEV_ENV_ID|USER_ID|MCP_URL|MCP_HOST)$/;
/** Of those, the ones of one user's features (SQL, text-to-SQL), which act as that user with a PAT. */
export const DBT_MCP_USER_SETTING = /^DBT_(?:USER_ID|DEV_ENV_ID)$/;
