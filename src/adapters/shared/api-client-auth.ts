import type { RawCredential, Span } from '../../model/raw-facts.js';
import { stripAuthScheme } from '../../credentials/auth-schemes.js';

// What API clients' files send in an Authorization header or auth helper (Postman, Bruno, HTTP
// client files): a value written whole, or one `{{name}}` variable, which each client resolves in
// its own way.

const ONLY_VARIABLE = /^\{\{([^{}]*)\}\}$/;

/** The variable a value is made of alone (`{{ dbt_token }}`), trimmed; undefined for anything else. */
export function onlyVariable(text: string): string | undefined {
  const name = ONLY_VARIABLE.exec(text.trim())?.[1]?.trim();
  return name ? name : undefined;
}

/**
 * The token an Authorization value sends (`Token {{dbt_token}}`, `Bearer dbtc_…`), its scheme
 * dropped: a literal, a template of several parts (not known here), or what `variable` makes of
 * the one variable it names. Undefined for an empty value.
 */
export function credentialFromAuthValue(raw: string, span: Span, variable: (name: string) => RawCredential): RawCredential | undefined {
  const value = stripAuthScheme(raw.trim(), 'dbt');
  if (value === '') return undefined;
  const name = onlyVariable(value);
  if (name === undefined) return value.includes('{{') ? { source: 'unknown', span } : { source: 'literal', value, span };
  return variable(name);
}
