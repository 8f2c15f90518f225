import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AdapterContext } from '../../src/adapters/adapter.js';
import { ADAPTERS } from '../../src/adapters/registry.js';
import type { SourceFile } from '../../src/discover/source-file.js';
import type { FileFacts } from '../../src/model/raw-facts.js';
import { tempDir } from './temp-dir.js';

/**
 * Runs one adapter on one in-memory file, with `others` as the rest of the repository
 * (for import following). For adapter unit tests; fixture tests go through the whole scan.
 */
export async function extractWith(adapterId: string, path: string, text: string, others: Record<string, string> = {}): Promise<FileFacts> {
  const entry = ADAPTERS.find((a) => a.id === adapterId);
  if (!entry) throw new Error(`no adapter ${adapterId}`);
  const root = tempDir('dts-extract-');
  const files = new Map<string, string>([[path, text], ...Object.entries(others)]);
  for (const [p, t] of files) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  }
  const ctx: AdapterContext = {
    readRepoFile: (p) => (files.has(p) ? { path: p, absPath: join(root, p), text: files.get(p)! } : undefined),
    fileExists: (p) => files.has(p),
  };
  const file: SourceFile = { path, absPath: join(root, path), text };
  return (await entry.load()).extract(file, ctx);
}
