import type { Definition, RawCredentialSite } from '../../model/raw-facts.js';
import { isDbtCloudBaseUrl, isDbtHostName } from '../../classify/endpoint.js';
import { isDbtTokenShaped, isLegacyKeyShaped } from '../../credentials/token-shapes.js';
import type { VariableEntry } from './variables.js';
import { stripAuthScheme } from '../../credentials/auth-schemes.js';
import { isSecretName } from '../../credentials/names.js';

// Token-bearing Postman variables. Environment (and globals) files emit a Definition per
// token-ish variable, which the core links to `{{name}}` uses in collections; values that are a
// dbt token by shape, or a 40-hex key in a dbt context, are also credential sites.

/** True when the variables point at dbt Cloud: a dbt host value or a dbt host variable name. */
export function variablesNameDbt(entries: readonly VariableEntry[]): boolean {
  return entries.some((e) => isDbtHostName(e.key) || (e.value.length < 2000 && isDbtCloudBaseUrl(e.value.trim())));
}

const bare = (v: string): string => stripAuthScheme(v.trim(), 'dbt');

export function tokenSites(entries: readonly VariableEntry[], dbtContext: boolean): RawCredentialSite[] {
  const out: RawCredentialSite[] = [];
  for (const e of entries) {
    const v = bare(e.value);
    if (isDbtTokenShaped(v) || (dbtContext && isLegacyKeyShaped(v) && isSecretName(e.key, 'postman-variable'))) {
      out.push({ span: e.span, credential: { source: 'literal', name: e.key, value: v, span: e.span } });
    }
  }
  return out;
}

export function environmentDefinitions(entries: readonly VariableEntry[]): Definition[] {
  const out: Definition[] = [];
  for (const e of entries) {
    const v = bare(e.value);
    if (v === '' || v.includes('{{')) continue;
    if (!isSecretName(e.key, 'postman-variable') && !isDbtTokenShaped(v)) continue;
    out.push({
      ref: { kind: 'postman-variable', id: e.key },
      credential: { source: 'literal', name: e.key, value: v, span: e.span },
      span: e.entrySpan,
    });
  }
  return out;
}
