import { recognizeDbtCloudUrl, splitUrl } from '../../../classify/endpoint.js';
import type { RawEndpoint } from '../../../model/raw-facts.js';
import { render, type Part } from './parts.js';

// A resolved value used as a URL, as the endpoint of a call site (src/model/raw-facts.ts): the
// value rendered with `{name}` placeholders, read by the endpoint recognizer.

/** Longer URL texts are not read (src/classify/endpoint.ts reads no more either). */
const MAX_URL = 4000;

export interface UrlReading {
  /** The host is known to be dbt Cloud's, however it is written (the file defines a dbt Cloud base URL). */
  hostIsDbt?: boolean;
  /**
   * The host conventions of sample code: a host written `<ENTER_ACCESS_URL>` is a placeholder, and
   * one written `{self.prefix}.us1.dbt.com` (a placeholder label before a dbt Cloud domain) a dbt
   * Cloud host.
   */
  sampleHosts?: boolean;
  /** The request sends an Authorization header (RecognizeOptions.authorized). */
  authorized?: boolean;
}

/**
 * The dbt Cloud API endpoint a value names, or undefined. A reference or unknown value in host
 * position (first, or after a literal scheme) that holds a dbt Cloud host makes any API path
 * under it a call.
 */
export function toEndpoint(value: readonly Part[], how: UrlReading = {}): RawEndpoint | undefined {
  let text = render(value, MAX_URL);
  if (how.sampleHosts) text = text.replace(FILL_IN_HOST, (_m, scheme: string | undefined, name: string) => `${scheme ?? ''}{${name}}`);
  if (text.length > MAX_URL) return undefined;
  const head = value[0]?.kind === 'literal' && SCHEME_ONLY.test(value[0].text) ? value[1] : value[0];
  let hostIsDbt = how.hostIsDbt === true || (head !== undefined && head.kind !== 'literal' && head.dbtHost === true);
  if (!hostIsDbt && how.sampleHosts) {
    const host = splitUrl(text).host ?? '';
    hostIsDbt = host.startsWith('{') && LABELLED_DBT_HOST.test(host);
  }
  const endpoint = recognizeDbtCloudUrl(text, { hostIsDbt, ...(how.authorized ? { authorized: true } : {}) });
  if (!endpoint) return undefined;
  // A placeholder host under `/api/` but off dbt Cloud's API versions: Databricks (which sets DBT_HOST too).
  const host = endpoint.host;
  const path = (endpoint.path ?? '').toLowerCase();
  if (
    (!host || host.startsWith('{')) &&
    /^\/api(\/|$)/.test(path) &&
    !/^\/api\/(v[234]|\{[^{}/]*version[^{}/]*\}|graphql|ai)(\/|$)/.test(path)
  )
    return undefined;
  return endpoint;
}

const SCHEME_ONLY = /^[a-z][a-z0-9+.-]*:\/\/$/i;
const FILL_IN_HOST = /^([a-z][a-z0-9+.-]*:\/\/)?<([A-Za-z_][\w.-]{0,60})>(?=[/:]|$)/i;
const LABELLED_DBT_HOST = /\}\.(?:[a-z0-9-]+\.)*(?:getdbt|dbt)\.com$/i;
