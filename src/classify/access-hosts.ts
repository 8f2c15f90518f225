import type { HostKind } from '../model/vocabulary.js';
import { isDbtCloudHost } from './endpoint.js';

// Which dbt Cloud hosts serve every account of a region and which belong to one account
// (../shared/knowledge/dbt-cloud-facts.md §2.1, access URLs by region). A cell-based account has
// its own access URLs (Account settings → Access URLs); calls it makes through a shared host fail
// with a bare 401 (facts §5, "Failures introduced in 2026").

/**
 * The multi-tenant hosts of the regions table. `eu3.dbt.com` and `jp1.dbt.com` are left out: the
 * table does not say whether they are multi-tenant, and a wrong guess would report good calls.
 */
export const SHARED_MULTI_TENANT_HOSTS: readonly string[] = ['cloud.getdbt.com', 'emea.dbt.com', 'au.dbt.com'];

/** The host dbt Cloud's clients (SDKs, the Terraform provider, operators, the Cloud CLI) call when not told another. */
export const DEFAULT_API_HOST = 'cloud.getdbt.com';

/** The API subdomains put before a host: `metadata.cloud.getdbt.com`, `semantic-layer.emea.dbt.com`. */
const API_SUBDOMAIN = /^(metadata|semantic-layer)\./;

/** A cell: `PREFIX.us1.dbt.com`, `PREFIX.metadata.eu1.dbt.com`, `PREFIX.semantic-layer.au1.dbt.com`. */
const CELL_HOST = /^([a-z0-9][a-z0-9-]*)\.(?:(?:metadata|semantic-layer)\.)?[a-z]{2}\d{1,2}\.dbt\.com$/;

/** The account-URL migration's `https://abc123.dbt.com` (no region label); its prefix mixes letters and digits. */
const ACCOUNT_SCOPED_HOST = /^(?=[a-z0-9-]*[a-z])(?=[a-z0-9-]*\d)([a-z0-9][a-z0-9-]*)\.dbt\.com$/;

/** Region labels (`us1`, `eu3`), which are hosts of their own, not account prefixes (those seen in public code: two letters, three digits). */
const REGION_LABEL = /^[a-z]{2}\d$/;

/** Prefixes of the docs' examples and templates, which stand for someone's prefix and name no account. */
const EXAMPLE_PREFIXES = new Set([
  'abc123',
  'xyz123',
  'example',
  'prefix',
  'account-prefix',
  'accountprefix',
  'your-prefix',
  'yourprefix',
  'your-account-prefix',
  'metadata',
  'semantic-layer',
  'cloud',
  'emea',
  'au',
]);

/** What kind of dbt Cloud host `host` is; a host with a placeholder in it is 'other'. */
export function hostKind(host: string | undefined): HostKind {
  if (!host || /[{}<>$%]/.test(host)) return 'other';
  const h = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (SHARED_MULTI_TENANT_HOSTS.includes(h.replace(API_SUBDOMAIN, ''))) return 'shared';
  if (!isDbtCloudHost(h)) return 'other';
  const prefix = CELL_HOST.exec(h)?.[1] ?? ACCOUNT_SCOPED_HOST.exec(h)?.[1];
  if (prefix === undefined || EXAMPLE_PREFIXES.has(prefix) || REGION_LABEL.test(prefix)) return 'other';
  return 'account';
}
