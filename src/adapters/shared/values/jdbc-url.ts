import { isDbtCloudHost, isDbtHostName, splitUrl } from '../../../classify/endpoint.js';

// The Semantic Layer's JDBC URL (`jdbc:arrow-flight-sql://semantic-layer.cloud.getdbt.com:443?
// environmentId=1&token=…`): the address and the token in one string, as JDBC clients, BI tools
// and the Semantic Layer's examples take it.

export const JDBC_SCHEME = /jdbc:arrow-flight-sql:\/\//i;

/**
 * A query in the Semantic Layer's JDBC syntax (`select * from {{ semantic_layer.metrics() }}`,
 * `{{ semantic_layer.query(metrics=[…]) }}`): what only dbt's Semantic Layer reads, so an Arrow Flight
 * SQL client in code that writes one talks to it, whatever host it is given at run time.
 */
export const writesSemanticLayerQuery = (text: string): boolean => /\{\{\s*semantic_layer\.[a-z_]+\s*\(/.test(text);

/**
 * Whether a JDBC URL's host is dbt Cloud's: a dbt Cloud host, one named `semantic-layer`, or a
 * placeholder (`{SL_HOST}`) whose name says dbt or semantic.
 */
export function isSemanticLayerJdbcHost(host: string): boolean {
  return host.startsWith('{')
    ? isDbtHostName(host.slice(1, -1)) || /semantic/i.test(host)
    : isDbtCloudHost(host) || /semantic-layer/i.test(host);
}

/** The URL a text holds from its scheme on, its host, and its `token=` value with where that starts; undefined when it is not the Semantic Layer's. */
export function semanticLayerJdbcUrl(text: string): { url: string; host: string; token?: { text: string; at: number } } | undefined {
  const at = text.search(JDBC_SCHEME);
  if (at < 0) return undefined;
  const url = text.slice(at).replace(/["'\s].*$/s, '');
  const host = splitUrl(url.slice('jdbc:'.length)).host;
  if (!host || !isSemanticLayerJdbcHost(host)) return undefined;
  const m = /[?&;]token=([^&;\s"']*)/i.exec(url);
  const token = m ? { text: m[1]!, at: at + m.index + m[0].length - m[1]!.length } : undefined;
  return token ? { url, host, token } : { url, host };
}
