import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load-config.js';
import type { Report } from '../../src/model/report.js';
import type { RuleId } from '../../src/model/vocabulary.js';
import { scan } from '../../src/scan/scan.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export interface FixtureCase {
  /** e.g. `pat-in-production/positive/github-actions-deploy-job` */
  name: string;
  dir: string;
  polarity: 'positive' | 'negative';
  group: string;
}

/** Every `<group>/{positive,negative}/<case>/` folder under fixtures/<area>/. */
export function listCases(area: string): FixtureCase[] {
  const root = join(FIXTURES, area);
  if (!existsSync(root)) return [];
  const out: FixtureCase[] = [];
  for (const group of readdirSync(root).sort()) {
    for (const polarity of ['positive', 'negative'] as const) {
      const pdir = join(root, group, polarity);
      if (!existsSync(pdir)) continue;
      for (const c of readdirSync(pdir).sort()) {
        const dir = join(pdir, c);
        if (statSync(dir).isDirectory()) out.push({ name: relative(root, dir).split('\\').join('/'), dir, polarity, group });
      }
    }
  }
  return out;
}

/**
 * Scans a case folder as a user would from inside it: its own config, only the given rules. The
 * folder is scanned from a copy outside this repository's work tree: inside it, each scan would
 * start `git ls-files`, and a process started from a test worker costs about 20 ms (most of a
 * small case's scan). Listing with git and with the walker give the same files
 * (test/security/walker-vs-git.test.ts); the end-to-end tests scan inside git.
 */
export async function scanCase(dir: string, onlyRules?: ReadonlySet<RuleId>): Promise<Report> {
  const copy = copyOutsideGit(dir);
  const config = await loadConfig(copy);
  return scan({ cwd: copy, paths: ['.'], config, onlyRules, threads: 1 });
}

function copyOutsideGit(dir: string): string {
  // The run's folder for copies (fixture-copies-setup.ts); a lone run of this helper makes its own.
  const copies = (process.env.DTS_FIXTURE_COPIES ??= mkdtempSync(join(tmpdir(), 'dts-fixture-copies-')));
  const to = join(copies, relative(FIXTURES, dir));
  if (!existsSync(to)) cpSync(dir, to, { recursive: true, verbatimSymlinks: true });
  return to;
}

export interface Expected {
  findings?: Record<string, unknown>[];
  callSites?: Record<string, unknown>[];
  errors?: Record<string, unknown>[];
}

/**
 * The expectation beside a case. Missing is a failure; UPDATE_FIXTURES=1 writes it from the
 * actual report (refused in CI), for review in the diff.
 */
export function readExpected(dir: string, actual: () => Expected): Expected {
  const file = join(dir, 'expected.json');
  if (process.env.UPDATE_FIXTURES === '1') {
    if (process.env.CI) throw new Error('UPDATE_FIXTURES is refused when CI is set');
    writeFileSync(file, `${JSON.stringify(actual(), null, 2)}\n`);
  }
  if (!existsSync(file)) throw new Error(`${file} is missing (write it, or run UPDATE_FIXTURES=1 npm test and review the diff)`);
  return JSON.parse(readFileSync(file, 'utf8')) as Expected;
}

/** Picks the fields an expectation pins, so a regenerated expected.json stays readable. */
export function pinFinding(f: Report['findings'][number]): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    file: f.file,
    line: f.line,
    column: f.column,
    severity: f.severity,
    workflow: f.workflow,
    production: f.production,
    credential: { type: f.credential.type, source: f.credential.source, ...(f.credential.name ? { name: f.credential.name } : {}) },
    ...(f.recommendation.tokenType ? { recommendation: { tokenType: f.recommendation.tokenType } } : {}),
  };
}

export function pinCallSite(c: Report['callSites'][number]): Record<string, unknown> {
  const ep = c.endpoint
    ? Object.fromEntries(
        Object.entries({ host: c.endpoint.host, path: c.endpoint.path, api: c.endpoint.api }).filter(([, v]) => v !== undefined),
      )
    : undefined;
  return {
    file: c.file,
    line: c.line,
    column: c.column,
    kind: c.kind,
    ...(ep ? { endpoint: ep } : {}),
    credential: { type: c.credential.type, source: c.credential.source, ...(c.credential.name ? { name: c.credential.name } : {}) },
    workflow: c.workflow,
    production: c.production,
  };
}
