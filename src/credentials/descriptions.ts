import type { TokenType } from '../model/vocabulary.js';

// Prose beside a credential's definition that names the type: a Terraform variable's
// `description`, an action input's `description`, a comment above or beside an assignment.
// Only a plain statement counts: text naming two types, or saying what the token should
// become (`TODO: switch to a service token`), decides nothing.

const MENTIONS: readonly (readonly [Exclude<TokenType, 'unknown'>, RegExp])[] = [
  // "Service account token" is what dbt Cloud first called service tokens.
  ['service-token', /\bservice[\s_-]*(?:account[\s_-]*)?tokens?\b/i],
  ['service-token', /\bdbtc_/],
  ['pat', /\bpersonal[\s_-]*(?:access[\s_-]*)?tokens?\b/i],
  // Upper case only: "pat" in prose is usually a word or a name.
  ['pat', /\bPATs?\b/],
  ['pat', /\bdbtu_/],
  ['legacy-user-api-key', /\buser[\s_-]*api[\s_-]*(?:keys?|tokens?)\b/i],
  ['legacy-user-api-key', /\blegacy[\s_-]*(?:user[\s_-]*)?(?:api[\s_-]*)?(?:keys?|tokens?)\b/i],
];

/** Words that make a mention a wish, a warning or a history rather than what the value is. */
const NOT_A_STATEMENT =
  /\b(?:not|never|no\s+longer|instead|rather|switch(?:ed|ing)?\s+to|migrat\w*|move\s+to|deprecat\w*|todo|fixme)\b|n't\b/i;

/** Descriptions longer than this are documents, not a label beside one value. */
const MAX_TEXT = 2000;

export function typeFromDescription(text: string): TokenType | undefined {
  if (text.length > MAX_TEXT || NOT_A_STATEMENT.test(text)) return undefined;
  let found: TokenType | undefined;
  for (const [type, re] of MENTIONS) {
    if (!re.test(text)) continue;
    if (found && found !== type) return undefined;
    found = type;
  }
  return found;
}
