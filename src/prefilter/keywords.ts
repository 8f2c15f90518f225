// Cheap before expensive: a file is decoded and handed to an adapter only when it mentions
// something a dbt Cloud call or token needs. Every keyword below contains "dbt", so stage one is
// a byte search; stage two is one regex on the decoded text.

const STAGE_ONE = ['dbt', 'DBT', 'Dbt'].map((s) => Buffer.from(s, 'latin1'));

/** Stage one, on raw bytes: can this file mention dbt at all? */
export function mentionsDbt(bytes: Buffer): boolean {
  for (const needle of STAGE_ONE) if (bytes.includes(needle)) return true;
  return false;
}

/** Stage one for text decoded from UTF-16/32, where the byte search cannot work. */
export const mentionsDbtText = (text: string): boolean => /dbt/i.test(text);

/**
 * Stage two: hosts, token prefixes, client and operator names, dbt Cloud env names. A dbt Core
 * project says "dbt" everywhere but none of these.
 */
const STAGE_TWO = /getdbt|dbt\.com|dbt[uc]_|dbt[ _-]?cloud|\bdbtsl\b|semantic.?layer|dbt[_a-z]{0,24}?(?:token|api|key|pat|url|host|secret|account|service|password)|AIRFLOW_CONN_DBT/i;

export const mayMatter = (text: string): boolean => STAGE_TWO.test(text);

/** Token literals are searched for in every file that passes stage one. */
export const mayHoldTokenLiteral = (text: string): boolean => text.includes('dbtu_') || text.includes('dbtc_');
