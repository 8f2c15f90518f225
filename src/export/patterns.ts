import { schemeWords } from '../credentials/auth-schemes.js';
import { ENV_SECRET_WORDS } from '../credentials/names.js';
import { PLACEHOLDER_WORDS } from '../credentials/placeholders.js';
import { DBT_TOKEN_IN_TEXT, LEGACY_KEY_SHAPE, PAT_SHAPE, SERVICE_TOKEN_SHAPE } from '../credentials/token-shapes.js';
import type { TokenType } from '../model/vocabulary.js';
import { boundariesOf, caseless, shapeBody, toRe2 } from './re2-syntax.js';

// The dbt Cloud token patterns taught to other scanners (gitleaks, GitHub secret scanning), one
// model for both exports. The token shapes come from src/credentials/token-shapes.ts and the
// placeholder words from src/credentials/placeholders.ts, translated to RE2 syntax; what a
// line-level scanner needs on top (the context that makes 40 hex a dbt Cloud key, keywords,
// entropy) is stated here.

export type ExportedTokenType = Exclude<TokenType, 'unknown'>;

export interface ScannerPattern {
  /** gitleaks rule id, also the GitHub pattern's slug. */
  id: string;
  name: string;
  description: string;
  tokenType: ExportedTokenType;
  /** RE2 that must match just before the secret (context and boundary), with no capturing group. */
  before: string;
  /** RE2 of the secret itself. */
  secret: string;
  /** RE2 that must match just after the secret. */
  after: string;
  /** Strings one of which must be in the text (gitleaks compares them lower-cased). */
  keywords: string[];
  /** Least Shannon entropy of the secret, in bits per character. */
  entropy: number;
  /**
   * A wider `before` for a scanner that only reads texts holding one of the keywords (gitleaks):
   * the keyword is then part of the context. GitHub patterns have no such context and use `before`.
   */
  beforeInDbtText?: string;
  /** A line that holds a plainly synthetic secret of this shape, for the scanner's own test of the pattern. */
  example: string;
}

/** Where a text starts and ends in the target's syntax: `^`/`$` for gitleaks, `\A`/`\z` for GitHub. */
export interface Edges {
  start: string;
  end: string;
}

/** Placeholder words (`xxxx`, `your_token`, `example`, `redacted`), as one RE2 pattern. */
export const PLACEHOLDER_RE2 = toRe2(PLACEHOLDER_WORDS, { dropCaptures: true });

/**
 * A secret-holding name followed by an assignment: `DBT_CLOUD_API_KEY=`, `dbt_token: "`,
 * `"dbtCloudKey": "`, `DBT_PAT = '`. The 'env' name rule of src/credentials/names.ts (a name with
 * TOKEN, KEY, PAT or SECRET) as a pattern; with `dbt` in the name when `dbtNamed`. Its deny list
 * (warehouse keys, webhook secrets) is left to the value: 40 hex with enough entropy.
 */
function assignment(dbtNamed: boolean): string {
  const word = '[A-Za-z0-9_.-]';
  const secretWord = `(?:${ENV_SECRET_WORDS.map(caseless).join('|')})`;
  const name = dbtNamed ? `${caseless('dbt')}${word}{0,40}${secretWord}${word}{0,20}` : `${secretWord}${word}{0,20}`;
  return `${name}["'\`]?[ \\t]{0,5}(?:=|:=|=>|:|\\?=)[ \\t]{0,5}["'\`]?`;
}

/** `Token `/`Bearer ` (the schemes dbt Cloud accepts) before a value: it is sent as an API token. */
const AUTH_SCHEME = `(?:${schemeWords('dbt').split('|').map(caseless).join('|')})[ \\t]+`;

/**
 * The body of the test strings: 50 characters of the token alphabet, made of lowercase words, so
 * that it is plainly not a credential. The redaction of every output (src/findings/redact.ts)
 * reads such a body as an identifier and prints it as it is, which a test string needs.
 */
const EXAMPLE_BODY = ['synthetic', 'test', 'value', 'for', 'this', 'dbt', 'cloud', 'pattern', 'ok'].join('-');
/** A user API key's test string: plainly synthetic hex. */
const EXAMPLE_HEX = '0123456789abcdef'.repeat(3).slice(0, 40);

export function scannerPatterns(edges: Edges): ScannerPattern[] {
  const bounds = boundariesOf(DBT_TOKEN_IN_TEXT, edges);
  const legacy = shapeBody(LEGACY_KEY_SHAPE);
  // The prefixes in the shapes themselves (`dbtu_`, `dbtc_`): gitleaks' keywords.
  const prefix = (shape: RegExp): string => /^\^([a-z]+_)/.exec(shape.source)![1]!;
  return [
    {
      id: 'dbt-cloud-personal-access-token',
      name: 'dbt Cloud personal access token',
      description: 'dbt Cloud personal access token (dbtu_): acts as its user in one account; never for production jobs.',
      tokenType: 'pat',
      before: bounds.before,
      secret: shapeBody(PAT_SHAPE),
      after: bounds.after,
      keywords: [prefix(PAT_SHAPE)],
      entropy: 3.5,
      example: `DBT_CLOUD_TOKEN=${prefix(PAT_SHAPE)}${EXAMPLE_BODY}`,
    },
    {
      id: 'dbt-cloud-service-token',
      name: 'dbt Cloud service token',
      description: 'dbt Cloud service token (dbtc_): an account-level token for jobs and integrations.',
      tokenType: 'service-token',
      before: bounds.before,
      secret: shapeBody(SERVICE_TOKEN_SHAPE),
      after: bounds.after,
      keywords: [prefix(SERVICE_TOKEN_SHAPE)],
      entropy: 3.5,
      example: `DBT_CLOUD_SERVICE_TOKEN=${prefix(SERVICE_TOKEN_SHAPE)}${EXAMPLE_BODY}`,
    },
    {
      id: 'dbt-cloud-user-api-key',
      name: 'dbt Cloud user API key',
      description:
        'dbt Cloud user API key (retired; 40 hex): in a dbt-named secret such as DBT_CLOUD_API_KEY; for gitleaks also in any secret-named variable or after Token/Bearer in a text that mentions dbt.',
      tokenType: 'legacy-user-api-key',
      before: assignment(true),
      // A line scanner with file context (gitleaks' keywords: the text mentions dbt) can take any
      // secret-named variable and the Authorization header's value; a dbt-named one is among them.
      beforeInDbtText: `(?:${assignment(false)}|${AUTH_SCHEME})`,
      secret: legacy,
      after: bounds.after,
      keywords: ['dbt'],
      entropy: 3,
      example: `DBT_CLOUD_API_KEY=${EXAMPLE_HEX}`,
    },
  ];
}

/** The whole rule as one RE2 pattern whose group 1 is the secret. */
export function combined(p: Pick<ScannerPattern, 'before' | 'secret' | 'after'>): string {
  return `${p.before}(${p.secret})${p.after}`;
}
