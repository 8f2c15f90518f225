import { mdCell, mdCode } from './reporters/markdown-escape.js';
import type { CallSite, Report } from './types.js';

// The migration inventory (dbt's "make a list of all the places" step): every call site, grouped by
// the credential it uses, so a team sees which secret to replace where and with what.

export interface InventoryGroup {
  credential: CallSite['credential'];
  /** What every call in the group should use; `mixed` when its calls need different types. */
  moveTo: 'service-token' | 'pat' | 'mixed' | 'unknown';
  callSites: CallSite[];
}

export interface Inventory {
  schemaVersion: 1;
  tool: Report['tool'];
  groups: InventoryGroup[];
  summary: { callSites: number; credentials: number; byCurrentType: Record<string, number>; byMoveTo: Record<string, number> };
}

/** One secret, however it is reached: the same redacted value (a connection and its definition), or the same name. */
const groupKey = (c: CallSite): string =>
  c.credential.redacted ? `value\0${c.credential.type}\0${c.credential.redacted}` : `name\0${c.credential.type}\0${c.credential.source}\0${c.credential.name ?? ''}`;

export function buildInventory(report: Report): Inventory {
  const groups = new Map<string, InventoryGroup>();
  for (const c of report.callSites) {
    const k = groupKey(c);
    const g = groups.get(k) ?? { credential: c.credential, moveTo: 'unknown' as InventoryGroup['moveTo'], callSites: [] };
    g.callSites.push(c);
    groups.set(k, g);
  }
  const list = [...groups.values()];
  for (const g of list) {
    const types = new Set(g.callSites.map((c) => c.recommendedTokenType ?? 'unknown'));
    g.moveTo = types.size === 1 ? ([...types][0] as InventoryGroup['moveTo']) : 'mixed';
  }
  const order = { 'legacy-user-api-key': 0, pat: 1, unknown: 2, 'service-token': 3 } as const;
  list.sort((a, b) => order[a.credential.type] - order[b.credential.type] || label(a).localeCompare(label(b)));
  const byCurrentType: Record<string, number> = {};
  const byMoveTo: Record<string, number> = {};
  for (const c of report.callSites) {
    byCurrentType[c.credential.type] = (byCurrentType[c.credential.type] ?? 0) + 1;
    const m = c.recommendedTokenType ?? 'unknown';
    byMoveTo[m] = (byMoveTo[m] ?? 0) + 1;
  }
  return { schemaVersion: 1, tool: report.tool, groups: list, summary: { callSites: report.callSites.length, credentials: list.length, byCurrentType, byMoveTo } };
}

export function label(g: InventoryGroup): string {
  const c = g.credential;
  const where = c.source === 'literal' ? `literal ${c.redacted ?? ''}` : `${c.source} ${c.name ?? ''}`;
  return `${where.trim()}`;
}

const TYPE_NAME: Record<string, string> = {
  'legacy-user-api-key': 'user API key (retired)', pat: 'personal access token', 'service-token': 'service token', unknown: 'unknown type',
};
const MOVE_NAME: Record<string, string> = { 'service-token': 'service token', pat: 'personal access token', mixed: 'split: see each call', unknown: 'decide (workflow unknown)' };

/** A heading holds one line: the cell escaping of the scan report, with breaks shown as spaces. */
const heading = (s: string): string => mdCell(s.replace(/[\r\n\u2028\u2029]+/g, ' '));

export function renderInventoryMarkdown(inv: Inventory): string {
  const out: string[] = ['# dbt Cloud token migration inventory', ''];
  out.push(`${inv.summary.callSites} dbt Cloud call site(s) using ${inv.summary.credentials} credential(s). dbt Cloud user API keys no longer work; production workflows need service tokens, and personal access tokens (PATs) are for development and user-context calls.`, '');
  if (!inv.groups.length) out.push('No dbt Cloud call sites were found.', '');
  for (const g of inv.groups) {
    const c = g.credential;
    const verdict = g.moveTo === c.type ? `keep the ${MOVE_NAME[g.moveTo]}` : `→ ${MOVE_NAME[g.moveTo]}`;
    out.push(`## ${heading(label(g))}: ${TYPE_NAME[c.type]} ${verdict}`, '');
    out.push('| location | endpoint | workflow | production | move to |', '|---|---|---|---|---|');
    for (const s of g.callSites) {
      const ep = s.endpoint?.path ? `${s.endpoint.api ?? ''} ${mdCode(s.endpoint.path)}` : s.endpoint?.host ? mdCode(s.endpoint.host) : '—';
      out.push(`| ${mdCode(`${s.file}:${s.line}`)} | ${ep} | ${s.workflow} | ${s.production ? 'yes' : 'no'} | ${s.recommendedTokenType ? MOVE_NAME[s.recommendedTokenType] : '—'} |`);
    }
    out.push('');
  }
  out.push('## Migration steps', '');
  const legacy = inv.summary.byCurrentType['legacy-user-api-key'] ?? 0;
  out.push(`- [ ] Make the list of every place that calls the dbt Cloud API with a user API key (this inventory: ${legacy} call site(s) still use one).`);
  out.push(`- [ ] Create the replacement tokens: service tokens (Account settings → API tokens → Service tokens) for the ${inv.summary.byMoveTo['service-token'] ?? 0} production call site(s), PATs (Account settings → API tokens → Personal tokens) for the ${inv.summary.byMoveTo.pat ?? 0} development or user-context call site(s); one PAT per account.`);
  out.push('- [ ] Replace each secret above in its secret store, CI settings, connection or config file; never commit a token.');
  out.push('- [ ] Keep PATs only where a user context is needed (dbt Cloud CLI, user-credential endpoints); use service tokens everywhere else.');
  out.push('- [ ] Check code that lists `/v2/accounts` or `/v3/accounts`: with a PAT it returns only that PAT\'s account.');
  out.push('- [ ] Move off undocumented endpoints: they can change without notice.');
  return `${out.join('\n')}\n`;
}

const csvCell = (s: string | number | boolean | undefined): string => {
  const v = s === undefined ? '' : String(s).replace(/[\r\n\u2028\u2029]+/g, ' ');
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t]/.test(v) ? `'${v}` : v;
  return /[",]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function renderInventoryCsv(inv: Inventory): string {
  const rows = [['file', 'line', 'column', 'kind', 'api', 'host', 'path', 'credential_type', 'credential_source', 'credential_name', 'credential_redacted', 'workflow', 'production', 'move_to']];
  for (const g of inv.groups) {
    for (const s of g.callSites) {
      rows.push([s.file, String(s.line), String(s.column), s.kind, s.endpoint?.api ?? '', s.endpoint?.host ?? '', s.endpoint?.path ?? '', s.credential.type, s.credential.source, s.credential.name ?? '', s.credential.redacted ?? '', s.workflow, String(s.production), s.recommendedTokenType ?? '']);
    }
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

export function renderInventoryJson(inv: Inventory): string {
  return `${JSON.stringify(inv, (k, v: unknown) => (k === 'client' ? undefined : v), 2)}\n`;
}
