import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// A plain ES module, shared with the benchmark script (scripts/bench/hostile.mjs).
import { fakeToken, writeDenseScripts, writeWitnesses } from '../../scripts/bench/hostile-inputs.mjs';
import { MAX_CALL_SITES_PER_FILE, MAX_CALL_SITES_PER_SCAN, MAX_SCANNED_SITES_PER_FILE } from '../../src/facts/limits.js';
import type { Report } from '../../src/model/report.js';
import { runMeasured } from '../helpers/measured-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// Issue 10, item 3: caps on what a scan keeps, per file and per scan, that never drop a finding
// silently (each cut is an `errors` entry) and keep the most severe; memory that stays bounded
// on big, dense inputs. The full-size case (30 scripts of 8 MB) is `node scripts/bench/hostile.mjs`.

const API = 'https://cloud.getdbt.com/api/v2/accounts';
const errorsOf = (r: Report, file: string): string[] => r.errors.filter((e) => e.file === file).map((e) => e.message);

describe('a scan of big, dense deploy scripts', () => {
  it('finishes complete, within bounded memory, and says in errors what each cap cut', () => {
    const root = tempDir('dense-');
    // Four 2.5 MB scripts: over the 2 MB a shell script is parsed up to, so read line by line,
    // each with some 17,000 calls and 11,000 tokens; the build before spent minutes per script.
    writeDenseScripts(root, 4, 2_500_000);
    writeWitnesses(root, ['witness/a.py', 'witness/b.py']);
    const run = runMeasured(['scan', '.', '--format', 'json'], root, {}, 150_000);
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    // Complete: the findings of the small files and of every big one.
    for (const f of ['witness/a.py', 'witness/b.py', 'deploy-0.sh', 'deploy-3.sh']) {
      expect(
        report.findings.some((x) => x.file === f && x.ruleId === 'hardcoded-token'),
        f,
      ).toBe(true);
    }
    for (const f of ['deploy-0.sh', 'deploy-1.sh', 'deploy-2.sh', 'deploy-3.sh']) {
      const errors = errorsOf(report, f);
      expect(
        errors.some((m) => m.includes(`over the limit of ${MAX_CALL_SITES_PER_FILE.toLocaleString('en-US')}: the most severe kept`)),
        errors.join('\n'),
      ).toBe(true);
      expect(
        errors.some((m) => /token sites in this file, over the limit/.test(m)),
        errors.join('\n'),
      ).toBe(true);
    }
    expect(report.summary.callSites).toBeLessThanOrEqual(MAX_CALL_SITES_PER_SCAN);
    expect(run.maxRssMb).toBeLessThan(700);
    expect(run.cpuMs).toBeLessThan(60_000);
  }, 180_000);
});

describe('the per-file cap', () => {
  it('keeps the most severe call sites: a committed PAT after 1,500 calls with an unknown token survives', () => {
    const root = tempDir('rank-');
    const pat = fakeToken('pat', 7);
    const lines = ['#!/bin/bash'];
    for (let i = 0; i < 1_500; i++) lines.push(`curl -H "Authorization: Token $SOME_TOKEN" ${API}/1/jobs/${i}/run/`);
    lines.push(`curl -H "Authorization: Token ${pat}" ${API}/1/jobs/9999/run/`);
    writeFileSync(join(root, 'trigger.sh'), `${lines.join('\n')}\n`);
    const run = runMeasured(['scan', '.', '--format', 'json'], root);
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const last = lines.length;
    expect(report.callSites.filter((c) => c.file === 'trigger.sh')).toHaveLength(MAX_CALL_SITES_PER_FILE);
    expect(report.callSites.some((c) => c.line === last && c.credential.type === 'pat')).toBe(true);
    expect(report.findings.some((f) => f.line === last && f.ruleId === 'hardcoded-token')).toBe(true);
    expect(errorsOf(report, 'trigger.sh')).toContain(
      `1,501 dbt Cloud call sites in this file, over the limit of ${MAX_CALL_SITES_PER_FILE.toLocaleString('en-US')}: the most severe kept`,
    );
    expect(run.stdout).not.toContain(pat.slice(5, 40));
  }, 120_000);
});

describe('the per-scan cap', () => {
  it('keeps the most severe call sites of the whole scan and names, in each file that lost some, how many', () => {
    const root = tempDir('scan-cap-');
    // 21 files of 1,000 calls with an unknown token, then one of 1,000 calls with a PAT literal:
    // 22,000 call sites for a cap of 20,000, and the PAT file sorts last.
    const files = 21;
    for (let f = 0; f < files; f++) {
      mkdirSync(join(root, 'jobs'), { recursive: true });
      writeFileSync(
        join(root, 'jobs', `job-${String(f).padStart(2, '0')}.sh`),
        `#!/bin/bash\n${Array.from({ length: 1_000 }, (_, i) => `curl -H "Authorization: Token $SOME_TOKEN" ${API}/${f}/jobs/${i}/run/`).join('\n')}\n`,
      );
    }
    mkdirSync(join(root, 'zz'), { recursive: true });
    const pat = fakeToken('pat', 11);
    writeFileSync(
      join(root, 'zz', 'with-pat.sh'),
      `#!/bin/bash\n${Array.from({ length: 1_000 }, (_, i) => `curl -H "Authorization: Token ${pat}" ${API}/99/jobs/${i}/run/`).join('\n')}\n`,
    );
    const run = runMeasured(['scan', '.', '--format', 'json'], root);
    expect(run.status, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.summary.callSites).toBe(MAX_CALL_SITES_PER_SCAN);
    expect(report.callSites.filter((c) => c.file === 'zz/with-pat.sh')).toHaveLength(1_000);
    const cut = report.errors.filter((e) => /call sites in the scan/.test(e.message));
    expect(cut.length).toBeGreaterThan(0);
    const dropped = cut.reduce((n, e) => n + Number(/([\d,]+) of this file dropped/.exec(e.message)![1]!.replace(/,/g, '')), 0);
    expect(dropped).toBe(files * 1_000 + 1_000 - MAX_CALL_SITES_PER_SCAN);
  }, 120_000);
});

describe('the JavaScript text scan (minified bundles, files too big to parse)', () => {
  it('reports its cap instead of stopping silently, and no longer stops at 500 calls', () => {
    const root = tempDir('text-scan-');
    const call = (i: number): string => `fetch("${API}/1/jobs/${i}/run/",{headers:{Authorization:"Token "+process.env.DBT_TOKEN}});`;
    // One line each: minified, so not parsed but scanned as text.
    writeFileSync(join(root, 'small.min.js'), `${Array.from({ length: 600 }, (_, i) => call(i)).join('')}${'x'.repeat(25_000)}\n`);
    writeFileSync(join(root, 'bundle.min.js'), `${Array.from({ length: MAX_SCANNED_SITES_PER_FILE + 500 }, (_, i) => call(i)).join('')}\n`);
    const run = runMeasured(['scan', '.', '--format', 'json'], root);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.callSites.filter((c) => c.file === 'small.min.js')).toHaveLength(600);
    expect(errorsOf(report, 'small.min.js')).toEqual([]);
    expect(errorsOf(report, 'bundle.min.js')).toContain(
      `more dbt Cloud calls found by the text scan of this JavaScript than the limit of ${MAX_SCANNED_SITES_PER_FILE.toLocaleString('en-US')}: the first kept, the rest of the file not read`,
    );
    expect(run.cpuMs).toBeLessThan(20_000);
  }, 120_000);
});
