import { ADAPTER_KEYWORDS } from '../adapters/registry.js';
import { mayHoldTokenForm } from '../credentials/token-forms.js';

// Cheap before expensive: a file is decoded and handed to an adapter only when it mentions
// something a dbt Cloud call or token needs. Every keyword below, and every adapter's, contains
// "dbt" or "/accounts", so stage one is a byte search (keyword-search.ts); stage two is one regex
// on the decoded text.

/** Stage one for text decoded from UTF-16/32, where the byte search cannot work. */
export const mentionsDbtText = (text: string): boolean => /dbt|\/accounts/i.test(text);

/**
 * Stage two: hosts, token prefixes, client and operator names, dbt Cloud env names, the API path,
 * and the keywords that only some adapters need (each adapter's descriptor lists its own,
 * src/adapters/<id>/descriptor.ts). A dbt Core project says "dbt" everywhere but none of these.
 */
const stageTwo = (between: string): RegExp =>
  new RegExp(
    [
      'getdbt',
      String.raw`dbt\.com`,
      'dbt[uc]_',
      'dbt[ _-]?cloud',
      // Adapters' keywords go here: this order of alternatives is the one the pre-filter's speed is
      // measured with.
      ...ADAPTER_KEYWORDS,
      `semantic${between}layer`,
      'dbt[_a-z]{0,24}?(?:token|api|key|pat|url|host|secret|account|service|password)',
      'AIRFLOW_CONN_DBT',
      // with or without its leading slash (`"api/v2/accounts/…"`, relative to a client's base address)
      String.raw`api\/v[234]\/accounts`,
    ].join('|'),
    'i',
  );
const STAGE_TWO = stageTwo('.?');

export const mayMatter = (text: string): boolean => STAGE_TWO.test(text);

/**
 * Both stages' tests on the bytes of a UTF-8 file read as Latin-1, which costs a copy where
 * decoding UTF-8 costs three times as much: most files that pass stage one are dropped here,
 * undecoded. Every keyword is ASCII, and ASCII bytes are the same characters in both readings,
 * so a file that passes on its text passes here; the one pattern that spans any character
 * (`semantic.?layer`) spans any character's UTF-8 bytes here. A pass is only a maybe: the
 * decoded text is tested again. NUL bytes (a space once decoded) take the decoding path.
 */
const STAGE_TWO_BYTES = stageTwo('[^\\n\\r]{0,4}');

export const mayMatterLatin1 = (bytesAsLatin1: string): boolean => STAGE_TWO_BYTES.test(bytesAsLatin1);

/**
 * Token literals are searched for in every file that passes stage one: written whole, or escaped,
 * split or base64-encoded (src/credentials/token-forms.ts).
 */
export const mayHoldTokenLiteral = (text: string): boolean => text.includes('dbtu_') || text.includes('dbtc_') || mayHoldTokenForm(text);
