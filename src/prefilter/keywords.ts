import { mayHoldTokenForm } from '../credentials/token-forms.js';

// Cheap before expensive: a file is decoded and handed to an adapter only when it mentions
// something a dbt Cloud call or token needs. Every keyword below contains "dbt" or "/accounts",
// so stage one is a byte search (keyword-search.ts); stage two is one regex on the decoded text.

/** Stage one for text decoded from UTF-16/32, where the byte search cannot work. */
export const mentionsDbtText = (text: string): boolean => /dbt|\/accounts/i.test(text);

/**
 * Stage two: hosts, token prefixes, client and operator names, dbt Cloud env names. A dbt Core
 * project says "dbt" everywhere but none of these.
 */
const STAGE_TWO = /getdbt|dbt\.com|dbt[uc]_|dbt[ _-]?cloud|\bdbtsl\b|semantic.?layer|dbt[_a-z]{0,24}?(?:token|api|key|pat|url|host|secret|account|service|password)|AIRFLOW_CONN_DBT|\/api\/v[234]\/accounts/i;

export const mayMatter = (text: string): boolean => STAGE_TWO.test(text);

/**
 * Token literals are searched for in every file that passes stage one: written whole, or escaped,
 * split or base64-encoded (src/credentials/token-forms.ts).
 */
export const mayHoldTokenLiteral = (text: string): boolean => text.includes('dbtu_') || text.includes('dbtc_') || mayHoldTokenForm(text);
