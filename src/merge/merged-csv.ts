import { csvCell, INVENTORY_CSV_COLUMNS, inventoryCsvCells } from '../report/inventory.js';
import { callSitesInOrder } from '../report/migration-plan.js';
import type { OrgCallSite, OrgInventory } from './org-inventory.js';
import { scrubMerged } from './scrub-merged.js';

// One row per call site, as the single-repository inventory's csv (src/report/inventory.ts) with
// the repository first and the file as it is in that repository; spreadsheet-safe cells.

export function renderMergedCsv(inv: OrgInventory): string {
  const rows = [['repository', ...INVENTORY_CSV_COLUMNS]];
  for (const { site, group } of callSitesInOrder(inv.plan)) {
    const s = site as OrgCallSite;
    rows.push([s.repository, ...inventoryCsvCells(s, inv.split(s.file).file, group.ref.store.label, group.ref.title)]);
  }
  return scrubMerged(`${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`, inv);
}
