import type { Description } from '../model/raw-facts.js';
import type { TokenType } from '../model/vocabulary.js';
import { typeFromName } from './names.js';

// Prose beside a credential's definition that names the type: a Terraform variable's
// `description`, an action input's `description`, a comment above or beside an assignment.
// Only a plain statement counts: text naming two types, or saying what the token should
// become (`TODO: switch to a service token`), decides nothing.

const MENTIONS: readonly (readonly [Exclude<TokenType, 'unknown'>, RegExp])[] = [
  // "Service account token" is what dbt Cloud first called service tokens.
  ['service-token', /\bservice[\s_-]*(?:account[\s_-]*)?tokens?\b/i],
  // The kind in brackets: "API (Service) Token", "API token (service account)".
  ['service-token', /\(\s*service(?:[\s_-]*account)?\s*\)[\s_-]*tokens?\b|\btokens?\s*\(\s*service(?:[\s_-]*account)?\s*\)/i],
  ['service-token', /\bdbtc_/],
  ['pat', /\bpersonal[\s_-]*(?:access[\s_-]*)?tokens?\b/i],
  // Upper case only: "pat" in prose is usually a word or a name.
  ['pat', /\bPATs?\b/],
  ['pat', /\bdbtu_/],
  ['legacy-user-api-key', /\buser[\s_-]*api[\s_-]*(?:keys?|tokens?)\b/i],
  ['legacy-user-api-key', /\blegacy[\s_-]*(?:user[\s_-]*)?(?:api[\s_-]*)?(?:keys?|tokens?)\b/i],
  // Where the user API key was shown: the profile's API page (`cloud.getdbt.com/#/profile/api/`,
  // "Profile > API Access"); PATs and service tokens live under the account's settings.
  ['legacy-user-api-key', /#\/profile\/api\b|\bprofile(?:\s+settings)?\s*(?:>|›|->)\s*api\s+access\b/i],
];

/**
 * Words that make a mention a wish, a warning or a history rather than what the value is: a note
 * above an env read about the token it replaced (`# old token (rotated): dbtu_…`) says nothing of
 * the value read now.
 */
const NOT_A_STATEMENT =
  /\b(?:not|never|no\s+longer|instead|rather|switch(?:ed|ing)?\s+to|migrat\w*|move\s+to|deprecat\w*|todo|fixme|old|previous(?:ly)?|former(?:ly)?|rotated|revoked|expired|leaked)\b|n't\b/i;

/**
 * Two kinds of key offered as alternatives ("can be an API key or a service token", "API key /
 * User token / Service token", "personal or service account token", "a user token works too"):
 * the text says what the value may be, not what it is, even where only one of them names a type.
 */
const ALTERNATIVES = new RegExp(
  [
    /\b(?:keys?|tokens?|PATs?)\s*(?:\bor\b|\/|\|)\s*(?:an?\s+|the\s+)?(?:[\w-]+[\s_-]+){0,2}?(?:keys?|tokens?|PATs?)\b/.source,
    // Two kinds sharing the noun: "personal or service account token", "service/user token".
    /\b(?:personal|user|service|PAT)(?:[\s_-]+access)?\s*(?:\bor\b|\/|\|)\s*(?:an?\s+|the\s+)?(?:[\w-]+[\s_-]+){0,3}?(?:keys?|tokens?)\b/
      .source,
    /\b(?:works?|will\s+do|is\s+fine|is\s+accepted)\s+(?:too|as\s+well)\b|\balso\s+works?\b/.source,
  ].join('|'),
  'i',
);

/** Descriptions longer than this are documents, not a label beside one value. */
const MAX_TEXT = 2000;

/**
 * What a token is for, after what it is: "Personal access token of an admin, used to mint service
 * tokens". The type named before it is the token's; the one after, what it makes or manages.
 */
const PURPOSE =
  /\b(?:used\s+(?:to|for)|to\s+(?:create|mint|generate|issue|rotate|manage|provision)|for\s+(?:creating|minting|generating|issuing|rotating|managing|provisioning)|that\s+(?:creates|mints|generates|issues|rotates|manages))\b/i;

export function typeFromDescription(text: string): TokenType | undefined {
  if (text.length > MAX_TEXT || NOT_A_STATEMENT.test(text) || ALTERNATIVES.test(text)) return undefined;
  // The first mention of each type named.
  const first = new Map<TokenType, number>();
  for (const [type, re] of MENTIONS) {
    const at = re.exec(text)?.index;
    if (at !== undefined && at < (first.get(type) ?? Infinity)) first.set(type, at);
  }
  if (first.size <= 1) return first.keys().next().value;
  if (first.size > 2) return undefined;
  const [[subject, start], [, other]] = [...first].sort((a, b) => a[1] - b[1]) as [[TokenType, number], [TokenType, number]];
  const between = text.slice(start, other);
  return PURPOSE.test(between) ? subject : undefined;
}

/**
 * What a secret's identifiers say of it (a Kubernetes Secret's name and key, `dbt-cloud-pat` /
 * `token`), as a description written on `line`: the first that the name rule types is read as a
 * name (a lower-case `pat` in an identifier is the abbreviation, not a word); else all as prose.
 */
export function identifierDescription(identifiers: readonly (string | undefined)[], line: number): Description | undefined {
  const present = identifiers.filter((t): t is string => t !== undefined && t !== '' && !t.includes('{{'));
  const typing = present.find((t) => typeFromName(t) !== undefined);
  if (typing) return { text: typing, line, isName: true };
  return present.length > 0 ? { text: present.join(' '), line } : undefined;
}
