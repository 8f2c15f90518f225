import type { TokenType } from '../facts/types.js';
import { typeFromDescription } from './descriptions.js';
import { typeFromPrefix } from './token-shapes.js';

// Values that stand in for a token in docs, templates and examples. They are never a committed
// token, but their text may still name the type the reader is to put there.

const PLACEHOLDER_VALUE = /^(<.*>|\{\{.*\}\}|\$\{.*\}|x+|\*+|\.{3}|changeme|change_me|todo|tbd|none|null|your[_-].*|example.*|replace.*|dummy|test|redacted)$/i;
/** A dbt prefix followed by filler rather than a token body: `dbtc_xxxx`, `dbtu_<your token>`. */
const PREFIXED_PLACEHOLDER = /^dbt[uc]_(x+|\.+|\*+|<.*>|your.*|token.*|example.*)$/i;

/** A literal that is obviously a placeholder carries no token (docs, templates). */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  return v === '' || PLACEHOLDER_VALUE.test(v) || PREFIXED_PLACEHOLDER.test(v);
}

/**
 * The type a placeholder's text names: `dbtu_XXXX…` (a PAT goes here), `<your-service-token>`,
 * `YOUR_PAT_HERE`. Undefined for a placeholder that names no type (`<token>`, `changeme`).
 */
export function typeFromPlaceholder(value: string): TokenType | undefined {
  const v = value.trim();
  const byPrefix = typeFromPrefix(v);
  if (byPrefix) return byPrefix;
  // Words of the placeholder: `<your-service-token>` reads as "your service token".
  const words = v.replace(/[^A-Za-z0-9]+/g, ' ').trim();
  if (/(^| )pats?( |$)/i.test(words)) return 'pat';
  return typeFromDescription(words);
}
