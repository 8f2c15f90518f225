// Cheap before expensive: a file is decoded and handed to an adapter only when it mentions
// something a dbt Cloud call or token needs. Every keyword below contains "dbt" or "/accounts",
// so stage one is a byte search; stage two is one regex on the decoded text.

const LOWER_BT = Buffer.from('bt', 'latin1');
const UPPER_BT = Buffer.from('BT', 'latin1');
// Helpers that build `https://{host}/api/v2/accounts/...` may never say dbt.
const ACCOUNTS = Buffer.from('/accounts', 'latin1');

/** `bt`/`BT` preceded by `d` or `D`: dbt, Dbt, DBT in two passes instead of three. */
function hasDbt(bytes: Buffer, pair: Buffer): boolean {
  for (let i = bytes.indexOf(pair, 1); i >= 0; i = bytes.indexOf(pair, i + 2)) {
    const before = bytes[i - 1];
    if (before === 0x64 || before === 0x44) return true;
  }
  return false;
}

/** Stage one, on raw bytes: can this file mention dbt (or a dbt Cloud API path) at all? */
export function mentionsDbt(bytes: Buffer): boolean {
  return hasDbt(bytes, LOWER_BT) || hasDbt(bytes, UPPER_BT) || bytes.includes(ACCOUNTS);
}

/** Stage one for text decoded from UTF-16/32, where the byte search cannot work. */
export const mentionsDbtText = (text: string): boolean => /dbt|\/accounts/i.test(text);

/**
 * Stage two: hosts, token prefixes, client and operator names, dbt Cloud env names. A dbt Core
 * project says "dbt" everywhere but none of these.
 */
const STAGE_TWO = /getdbt|dbt\.com|dbt[uc]_|dbt[ _-]?cloud|\bdbtsl\b|semantic.?layer|dbt[_a-z]{0,24}?(?:token|api|key|pat|url|host|secret|account|service|password)|AIRFLOW_CONN_DBT|\/api\/v[234]\/accounts/i;

export const mayMatter = (text: string): boolean => STAGE_TWO.test(text);

/** Token literals are searched for in every file that passes stage one. */
export const mayHoldTokenLiteral = (text: string): boolean => text.includes('dbtu_') || text.includes('dbtc_');
