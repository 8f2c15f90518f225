import { test } from 'vitest';
import { pinCallSite, scanCase } from '../test/helpers/fixture-cases.js';
test('case', async () => {
  for (const dir of process.env.CASES!.split(',')) {
    const report = await scanCase(dir, new Set());
    console.log('CASE', dir);
    for (const c of report.callSites) console.log(JSON.stringify(pinCallSite(c)));
    console.log('ERRORS', JSON.stringify(report.errors));
  }
}, 60000);
