import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AdapterContext } from '../../src/adapters/adapter.js';
import { adapterFor } from '../../src/adapters/registry.js';
import { SKIPPED_DIRS } from '../../src/discover/find-files.js';
import type { SourceFile } from '../../src/discover/source-file.js';
import type { FileFacts } from '../../src/model/raw-facts.js';
import { mayMatter } from '../../src/prefilter/keywords.js';
import { pythonImporters } from '../../src/scan/python-importers.js';
import { FIXTURES, listCases } from './fixture-cases.js';

// Every file of every fixture repository with the facts the scan's adapter extracts from it,
// for tests that look at all fixtures at once (the keyword-line audit).

export interface FixtureFile {
  /** The fixture repository's folder, relative to fixtures/. */
  root: string;
  /** Path inside the repository, with `/`. */
  path: string;
  text: string;
  adapter?: string;
  facts?: FileFacts;
}

/** The roots: every adapter and rule case, and the demo repository. */
export function fixtureRoots(): string[] {
  const roots = [...listCases('adapters').map((c) => c.dir), ...listCases('rules').map((c) => c.dir)];
  const demo = join(FIXTURES, 'demo');
  if (existsSync(demo)) roots.push(demo);
  return roots;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!SKIPPED_DIRS.includes(name)) walk(p, out);
    } else out.push(p);
  }
}

/**
 * The files of one fixture repository, each run through the adapter the scan would pick, as the
 * scan does (same pre-filter). `expected.json` is the test's expectation beside the repository,
 * not part of it.
 */
export async function fixtureFiles(rootDir: string): Promise<FixtureFile[]> {
  const abs: string[] = [];
  walk(rootDir, abs);
  const rel = (p: string): string => relative(rootDir, p).split('\\').join('/');
  const files = new Map(abs.map((p) => [rel(p), p]));
  const ctx: AdapterContext = {
    readRepoFile: (p) => {
      const a = files.get(p);
      return a ? { path: p, absPath: a, text: readFileSync(a, 'utf8') } : undefined;
    },
    fileExists: (p) => files.has(p),
  };
  const out: FixtureFile[] = [];
  // The scan also extracts Python files that import a module the pre-filter passed (python-importers.ts).
  const passed = [...files.keys()].filter((p) => mayMatter(readFileSync(files.get(p)!, 'utf8')));
  const pythonPassed = passed.filter((p) => adapterFor(p, readFileSync(files.get(p)!, 'utf8'))?.id === 'python');
  // Every passed module stands for the orchestrator ones: a fixture's operator module imports Airflow.
  const importers = new Set(
    pythonImporters(pythonPassed, new Set(passed), [...files.keys()], (p) => ctx.readRepoFile(p)?.text, pythonPassed),
  );
  for (const [path, absPath] of files) {
    if (path === 'expected.json') continue;
    const text = readFileSync(absPath, 'utf8');
    const file: FixtureFile = { root: relative(FIXTURES, rootDir).split('\\').join('/'), path, text };
    const entry = mayMatter(text) || importers.has(path) ? adapterFor(path, text) : undefined;
    if (entry) {
      const source: SourceFile = { path, absPath, text };
      file.adapter = entry.id;
      file.facts = await (await entry.load()).extract(source, ctx);
    }
    out.push(file);
  }
  return out;
}
