import { hostKind } from '../classify/access-hosts.js';
import type { CallSiteRecord, OwnHost } from '../rules/evaluate.js';

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

/** Sets `ownHost` on each call to a shared host whose account the repository also calls on its own host. */
export function linkAccountHosts(callSites: readonly CallSiteRecord[]): void {
  const byAccount = new Map<string, OwnHost>();
  const byCredential = new Map<string, { own: OwnHost; accountIds: readonly string[] }[]>();
  let shared = false;
  // Call sites come in file, then line order: the first use of an account's host is the one named.
  for (const c of callSites) {
    const kind = hostKind(c.endpoint?.host);
    if (kind === 'shared') shared = true;
    if (kind !== 'account') continue;
    const own: OwnHost = { host: c.endpoint!.host!.toLowerCase(), file: c.file, line: c.span.line };
    for (const id of c.accountIds) if (!byAccount.has(id)) byAccount.set(id, own);
    const identity = c.credential.identity;
    if (identity !== undefined) {
      const list = byCredential.get(identity) ?? [];
      list.push({ own, accountIds: c.accountIds });
      byCredential.set(identity, list);
    }
  }
  if (!shared || (!byAccount.size && !byCredential.size)) return;
  for (const c of callSites) {
    if (hostKind(c.endpoint?.host) !== 'shared') continue;
    const byId = c.accountIds.map((id) => byAccount.get(id)).find((o) => o !== undefined);
    const identity = c.credential.identity;
    const byCred = identity === undefined ? undefined : byCredential.get(identity)?.find((e) =>
      !e.accountIds.length || !c.accountIds.length || e.accountIds.some((id) => c.accountIds.includes(id)))?.own;
    const own = byId ?? byCred;
    if (own) c.ownHost = own;
  }
}
