import type { CredentialStore } from './credential-store.js';
import {
  buildMigrationPlan,
  type CommittedToken,
  type PlanGroup,
  type PlanItem,
  type PlannedCallSite,
  type PlanStep,
  type StatusCounts,
} from './migration-plan.js';
import { checklist, groupSections, planSummary } from './reporters/migration-markdown.js';
import { scrubSecrets } from './reporters/scrub-secrets.js';
import type { Report } from '../model/report.js';

// The migration inventory (dbt's "make a list of all the places" step) is the migration plan
// (./migration-plan.ts) as a document of its own: every call site, grouped by the credential it
// uses, with its status, and the checklist. `scan --format markdown` prints the same plan.

interface InventoryGroup {
  /** One line naming the credential: "GitHub Actions secret DBT_PAT_ALICE". */
  title: string;
  store: CredentialStore;
  credential: PlanGroup['credential'];
  moveTo: PlanGroup['moveTo'];
  counts: StatusCounts;
  committedAt: PlanGroup['committedAt'];
  callSites: PlannedCallSite[];
}

interface Inventory {
  schemaVersion: 1;
  tool: Report['tool'];
  repository?: string;
  groups: InventoryGroup[];
  summary: {
    callSites: number;
    credentials: number;
    byCurrentType: Record<string, number>;
    byMoveTo: Record<string, number>;
    byStatus: StatusCounts;
    committedTokens: number;
  };
  committedTokens: CommittedToken[];
  /** The steps of dbt's migration guide that have work here. */
  steps: PlanStep[];
  /** Checks outside the four steps (account listing, undocumented endpoints, unscanned files). */
  checks: PlanItem[];
}

function buildInventory(report: Report): Inventory {
  const plan = buildMigrationPlan(report);
  const byCurrentType: Record<string, number> = {};
  const byMoveTo: Record<string, number> = {};
  for (const c of report.callSites) {
    byCurrentType[c.credential.type] = (byCurrentType[c.credential.type] ?? 0) + 1;
    const m = c.recommendedTokenType ?? 'unknown';
    byMoveTo[m] = (byMoveTo[m] ?? 0) + 1;
  }
  return {
    schemaVersion: 1,
    tool: report.tool,
    ...(report.repository !== undefined ? { repository: report.repository } : {}),
    groups: plan.groups.map((g) => ({
      title: g.ref.title,
      store: g.ref.store,
      credential: g.credential,
      moveTo: g.moveTo,
      counts: g.counts,
      committedAt: g.committedAt,
      callSites: g.callSites,
    })),
    summary: {
      callSites: plan.callSites,
      credentials: plan.groups.length,
      byCurrentType,
      byMoveTo,
      byStatus: plan.byStatus,
      committedTokens: plan.committedTokens.length,
    },
    committedTokens: plan.committedTokens,
    steps: plan.steps,
    checks: plan.checks,
  };
}

/** Why the inventory matters, after its numbers (the organisation's inventory says it too). */
export const WHY_MIGRATE =
  "dbt Cloud user API keys no longer work; production workflows need service tokens, and personal access tokens (PATs) are for calls that need a user's context.";

export function renderInventoryMarkdown(report: Report): string {
  const plan = buildMigrationPlan(report);
  const out: string[] = ['# dbt Cloud token migration inventory', ''];
  out.push(`${planSummary(plan)} ${WHY_MIGRATE}`, '');
  out.push(...groupSections(plan));
  out.push('## Migration checklist', '', ...checklist(plan));
  return scrubSecrets(`${out.join('\n')}\n`, report);
}

export const csvCell = (s: string | number | boolean | undefined): string => {
  const v = s === undefined ? '' : String(s).replace(/[\r\n\u2028\u2029]+/g, ' ');
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t]/.test(v) ? `'${v}` : v;
  return /[",]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The csv's columns; those after `move_to` were added with the plan, so older readers keep working. */
export const INVENTORY_CSV_COLUMNS = [
  'file',
  'line',
  'column',
  'kind',
  'api',
  'host',
  'path',
  'credential_type',
  'credential_source',
  'credential_name',
  'credential_redacted',
  'workflow',
  'production',
  'move_to',
  'status',
  'stored_in',
  'credential',
];

/** A call site's cells under INVENTORY_CSV_COLUMNS: `file` as the report names it, the store and credential it is grouped under. */
export function inventoryCsvCells(s: PlannedCallSite, file: string, storedIn: string, credential: string): string[] {
  return [
    file,
    String(s.line),
    String(s.column),
    s.kind,
    s.endpoint?.api ?? '',
    s.endpoint?.host ?? '',
    s.endpoint?.path ?? '',
    s.credential.type,
    s.credential.source,
    s.credential.name ?? '',
    s.credential.redacted ?? '',
    s.workflow,
    String(s.production),
    s.recommendedTokenType ?? '',
    s.status,
    storedIn,
    credential,
  ];
}

/** One row per call site. */
export function renderInventoryCsv(report: Report): string {
  const inv = buildInventory(report);
  const rows = [INVENTORY_CSV_COLUMNS];
  for (const g of inv.groups) for (const s of g.callSites) rows.push(inventoryCsvCells(s, s.file, g.store.label, g.title));
  return scrubSecrets(`${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`, report);
}

export function renderInventoryJson(report: Report): string {
  return scrubSecrets(`${JSON.stringify(buildInventory(report), (k, v: unknown) => (k === 'client' ? undefined : v), 2)}\n`, report);
}
