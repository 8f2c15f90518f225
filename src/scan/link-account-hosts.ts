import { hostKind } from '../classify/access-hosts.js';
import type { ClassifiedCallSite, OwnHost } from '../model/classified.js';

/** Sources whose name or value is one credential across the repository. */
const REPOSITORY_WIDE = new Set<ClassifiedCallSite['credential']['source']>(['literal', 'secret']);

/** The key under which two call sites' credentials are the same one; undefined when unknown. */
function credentialKey(c: ClassifiedCallSite): string | undefined {
  const identity = c.credential.identity;
  if (identity === undefined) return undefined;
  // A credential with a value (`redacted`) is identified by the value itself.
  return REPOSITORY_WIDE.has(c.credential.source) || c.credential.redacted !== undefined ? identity : `${c.file}\0${identity}`;
}

// A cell-based account has its own access URL, and its calls through the shared `cloud.getdbt.com`
// fail with a bare 401 (facts §2.1 and §5). Whether a call to a shared host is such a call shows
// only across files: a script calls `ab123.us1.dbt.com/api/v2/accounts/123/…`, a DAG calls
// `cloud.getdbt.com/api/v2/accounts/123/…`. This step gives each call to a shared host the account's
// own host when the repository uses one for the same account, so the rule only matches a fact.
//
// Same account: a literal account id in common, or the same credential (a PAT or service token
// works in one account only). A credential links only when the two calls name no account ids that
// disagree: one secret used with two accounts is token-shared-across-accounts' finding, and says
// nothing about which account lives on the cell.
// Which credentials are the same across files: one committed value, or one CI secret (the store
// holds one value per name). An environment variable or a program's variable of the same name in
// two scripts is the same credential only within one file: a folder of standalone scripts that all
// read DBT_API_KEY is run with whichever account's token the user exports at the time.

/** Sets `ownHost` on each call to a shared host whose account the repository also calls on its own host. */
export function linkAccountHosts(callSites: readonly ClassifiedCallSite[]): void {
  const byAccount = new Map<string, OwnHost>();
  const byCredential = new Map<string, { own: OwnHost; accountIds: readonly string[] }[]>();
  let shared = false;
  // Call sites come in file, then line order: the first use of an account's host is the one named.
  for (const c of callSites) {
    // A test's URLs are fixtures: made-up accounts on whatever host the test needs.
    if (c.workflow === 'test') continue;
    const kind = hostKind(c.endpoint?.host);
    if (kind === 'shared') shared = true;
    if (kind !== 'account') continue;
    const own: OwnHost = { host: c.endpoint!.host!.toLowerCase(), file: c.file, line: c.span.line };
    for (const id of c.accountIds) if (!byAccount.has(id)) byAccount.set(id, own);
    const key = credentialKey(c);
    if (key !== undefined) {
      const list = byCredential.get(key) ?? [];
      list.push({ own, accountIds: c.accountIds });
      byCredential.set(key, list);
    }
  }
  if (!shared || (!byAccount.size && !byCredential.size)) return;
  for (const c of callSites) {
    // A default host (an Airflow connection's) is not a call to the shared host: the connection may name the account's own.
    if (hostKind(c.endpoint?.host) !== 'shared' || c.hostAssumed || c.workflow === 'test') continue;
    const byId = c.accountIds.map((id) => byAccount.get(id)).find((o) => o !== undefined);
    const key = credentialKey(c);
    const byCred =
      key === undefined
        ? undefined
        : byCredential
            .get(key)
            ?.find((e) => !e.accountIds.length || !c.accountIds.length || e.accountIds.some((id) => c.accountIds.includes(id)))?.own;
    const own = byId ?? byCred;
    if (own) c.ownHost = own;
  }
}
