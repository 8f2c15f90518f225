// The schemes an Authorization header puts before a dbt Cloud token: the Admin API takes
// `Token <t>` and `Bearer <t>`; clients also write `Basic`, `JWT` and `Api-Key` forms.

/** A scheme at the start of a header value, with the blanks after it. */
export const AUTH_SCHEME = /^\s*(?:token|bearer|basic|jwt|api-?key)\s+/i;

/** The value after the scheme (`Token dbtc_…` → `dbtc_…`); the value itself when there is none. */
export function stripAuthScheme(header: string): string {
  const m = AUTH_SCHEME.exec(header);
  return m ? header.slice(m[0].length) : header;
}
