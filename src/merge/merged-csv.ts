import { csvCell } from '../report/inventory.js';
import { callSitesInOrder } from '../report/migration-plan.js';
import type { OrgCallSite, OrgInventory } from './org-inventory.js';
import { scrubMerged } from './scrub-merged.js';

// One row per call site, as the single-repository inventory's csv (src/report/inventory.ts) with
// the repository first and the file as it is in that repository; spreadsheet-safe cells.

export function renderMergedCsv(inv: OrgInventory): string {
  const rows = [
    [
      'repository',
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
    ],
  ];
  for (const { site, group } of callSitesInOrder(inv.plan)) {
    const s = site as OrgCallSite;
    rows.push([
      s.repository,
      inv.split(s.file).file,
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
      group.ref.store.label,
      group.ref.title,
    ]);
  }
  return scrubMerged(`${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`, inv);
}
