import { ADAPTER_KEYWORDS } from '../adapters/registry.js';
import { mayHoldTokenText } from '../credentials/token-forms.js';
import { DBT_SITE_LABELS } from '../classify/dbt-sites.js';

// Cheap before expensive: a file is decoded and handed to an adapter only when it mentions
// something a dbt Cloud call or token needs. Every keyword below, and every adapter's, contains
// "dbt" or "/accounts", so stage one is a byte search (keyword-search.ts); stage two is two regexes
// on the decoded text.

/** Stage one for text decoded from UTF-16/32, where the byte search cannot work. */
export const mentionsDbtText = (text: string): boolean => /dbt|\/accounts/i.test(text);

/**
 * Stage two: hosts, token prefixes, client and operator names, dbt Cloud env names, the API path,
 * and the keywords that only some adapters need (each adapter's descriptor lists its own,
 * src/adapters/<id>/descriptor.ts). A dbt Core project says "dbt" everywhere but none of these.
 *
 * Two regexes, not one alternation: every keyword but two holds a literal `dbt`, and written as
 * `dbt(?:…)`, with what comes before `dbt` as a lookbehind, the regex engine skips from one `dbt`
 * to the next; an alternation of differently led keywords tries each at every offset (twice the
 * time on a dbt project's sources).
 */
export const DBT_LED_KEYWORDS: readonly string[] = [
  // dbt's domains, but not a link to one of dbt Labs' sites (`docs.getdbt.com`, `support@getdbt.com`):
  // a dbt project's files link the docs everywhere.
  `${notSiteLink('')}getdbt`,
  `${notSiteLink('(?:get)?')}dbt\\.com`,
  'dbt[uc]_',
  'dbt[ _-]?cloud',
  // dbt-jobs-as-code, run in CI with DBT_API_KEY set by the runner: the command may be all a file says.
  'dbt[_-]jobs[_-]as[_-]code',
  ...ADAPTER_KEYWORDS,
  // A credential's or host's name; not a path or pattern (`dbt_project_path`, `DbtPath`,
  // `dbt_base_pattern`, `require_dbt_version_compatible`) nor a snapshot's `dbt_unique_key`. A service
  // token's name says token (`DBT_SERVICE_TOKEN`): `dbt_service_users` is a warehouse role.
  'dbt[_a-z]{0,24}?(?:token|api|(?<!unique_?)key|pat(?![a-z])|url|host|secret|account|password)',
  'AIRFLOW_CONN_DBT',
];

/** A lookbehind: what comes before (and `lead`, a `get` before `dbt`) is not a site's subdomain or an address's `@`. */
function notSiteLink(lead: string): string {
  return String.raw`(?<!(?:^|[^\w-])(?:${[...DBT_SITE_LABELS].join('|')})\.${lead}|@${lead})`;
}

const stageTwo = (between: string): [dbtLed: RegExp, other: RegExp] => [
  new RegExp(`dbt(?:${DBT_LED_KEYWORDS.map(afterDbt).join('|')})`, 'i'),
  // with or without its leading slash (`"api/v2/accounts/…"`, relative to a client's base address),
  // and the private API's (`/api/private/accounts/{id}/features/`);
  // and the Discovery API's host built on the account's (`f"https://metadata.{host}/graphql"`)
  new RegExp(`semantic${between}layer|${String.raw`api\/(?:v[234]|private)\/accounts|metadata\.\$?\{`}`, 'i'),
];

/**
 * A keyword as what must follow a `dbt` it holds: `x-dbt-partner-source` as
 * `(?<=x-dbt)-partner-source`. That `dbt` must stand at the keyword's top level (not inside a
 * group or a class), and the keyword must have no alternatives of its own: cut there, it would
 * mean something else.
 */
export function afterDbt(source: string): string {
  let depth = 0;
  let inClass = false;
  let at = -1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && c === '|') throw new Error(`pre-filter keyword /${source}/ has alternatives at its top level`);
    else if (depth === 0 && at < 0 && source.slice(i, i + 3).toLowerCase() === 'dbt') at = i;
  }
  if (at < 0) throw new Error(`pre-filter keyword /${source}/ has no literal "dbt" at its top level`);
  const before = source.slice(0, at);
  return `${before ? `(?<=${source.slice(0, at + 3)})` : ''}${source.slice(at + 3)}`;
}

const [DBT_LED, OTHER] = stageTwo('.?');

export const mayMatter = (text: string): boolean => DBT_LED.test(text) || OTHER.test(text);

/**
 * Both stages' tests on the bytes of a UTF-8 file read as Latin-1, which costs a copy where
 * decoding UTF-8 costs three times as much: most files that pass stage one are dropped here,
 * undecoded. Every keyword is ASCII, and ASCII bytes are the same characters in both readings,
 * so a file that passes on its text passes here; the one pattern that spans any character
 * (`semantic.?layer`) spans any character's UTF-8 bytes here. A pass is only a maybe: the
 * decoded text is tested again. NUL bytes (a space once decoded) take the decoding path.
 */
const [DBT_LED_BYTES, OTHER_BYTES] = stageTwo('[^\\n\\r]{0,4}');

export const mayMatterLatin1 = (bytesAsLatin1: string): boolean => DBT_LED_BYTES.test(bytesAsLatin1) || OTHER_BYTES.test(bytesAsLatin1);

/**
 * Token literals are searched for in every file that passes stage one: written whole, or escaped,
 * split or base64-encoded (src/credentials/token-forms.ts).
 */
export const mayHoldTokenLiteral = (text: string): boolean => mayHoldTokenText(text);
