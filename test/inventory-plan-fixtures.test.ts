import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderInventoryCsv, renderInventoryJson, renderInventoryMarkdown } from '../src/report/inventory.js';
import { render as renderJson } from '../src/report/reporters/json.js';
import { render as renderMarkdown } from '../src/report/reporters/markdown.js';
import { FIXTURES, scanCase } from './helpers/fixture-cases.js';
import { checkPlanAgreement } from './helpers/plan-agreement.js';

// The agreement of inventory and scan (issue 11 item 1) on every fixture repository under fixtures/
// that has call sites or committed tokens: some 170 small repositories written to pin down one
// adapter, rule or workflow each, so between them they hold every store, status and step the plan
// knows. Scanned in-process with the reporters the CLI uses (the built CLI would spend five process
// starts per repository); test/inventory-plan.e2e.test.ts runs the same checks through the CLI.

/** Every folder with an expected.json, at any depth (adapters/, rules/, workflow/, credentials/). */
function repositories(dir: string): string[] {
  if (existsSync(join(dir, 'expected.json'))) return [dir];
  return readdirSync(dir)
    .sort()
    .map((e) => join(dir, e))
    .filter((p) => statSync(p).isDirectory())
    .flatMap(repositories);
}

const OPTS = { color: false, quiet: false };

describe('inventory and scan agree on every fixture repository', () => {
  it('call sites, statuses, steps and Markdown', { timeout: 300_000 }, async () => {
    let checked = 0;
    for (const dir of [join(FIXTURES, 'demo'), ...repositories(FIXTURES)]) {
      const report = await scanCase(dir);
      if (!report.callSites.length && !report.findings.length) continue;
      checkPlanAgreement(
        {
          scanJson: JSON.parse(renderJson(report, OPTS)),
          scanMarkdown: renderMarkdown(report, OPTS),
          inventoryJson: JSON.parse(renderInventoryJson(report)),
          inventoryMarkdown: renderInventoryMarkdown(report),
          inventoryCsv: renderInventoryCsv(report),
        },
        relative(FIXTURES, dir) || 'demo',
      );
      checked++;
    }
    // A walk that found nothing would pass vacuously.
    expect(checked).toBeGreaterThan(150);
  });
});
