import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAdapterContext } from '../../src/scan/repo-files.js';

// What adapters and the reach may look up besides their own file: which repository files exist.
// Imports are probed in many folders that are not there (`pkg/__init__.py` in each folder above
// the importer); the answers must be those of the file system, folder by folder.

let root: string;
let outside: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dts-repo-files-'));
  outside = mkdtempSync(join(tmpdir(), 'dts-repo-files-out-'));
  mkdirSync(join(root, 'dags/helpers'), { recursive: true });
  writeFileSync(join(root, 'dags/helpers/__init__.py'), '');
  writeFileSync(join(root, 'dags/helpers/dbt_cloud.py'), 'TOKEN = 1\n');
  writeFileSync(join(root, 'dags/run.py'), 'import helpers\n');
  mkdirSync(join(root, 'src/pkg'), { recursive: true });
  writeFileSync(join(root, 'src/pkg/mod.py'), '');
  // A folder reached through a link inside the tree, and one whose link leads out of it.
  symlinkSync(join(root, 'src/pkg'), join(root, 'linked'));
  writeFileSync(join(outside, 'secret.py'), '');
  symlinkSync(outside, join(root, 'escape'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('fileExists of an adapter context', () => {
  // No file was found by the walk: every answer comes from the file system.
  const context = () => makeAdapterContext(root, new Set(), 1024 * 1024);

  it('finds files at any depth, and folders only as the folders they are', () => {
    const ctx = context();
    expect(ctx.fileExists('dags/helpers/dbt_cloud.py')).toBe(true);
    expect(ctx.fileExists('dags/helpers/__init__.py')).toBe(true);
    expect(ctx.fileExists('dags/run.py')).toBe(true);
    expect(ctx.fileExists('src/pkg/mod.py')).toBe(true);
    expect(ctx.fileExists('dags/helpers')).toBe(false);
  });

  it('answers no for files in folders that are not there, however deep', () => {
    const ctx = context();
    expect(ctx.fileExists('dags/requests/__init__.py')).toBe(false);
    expect(ctx.fileExists('dags/helpers/requests/adapters/__init__.py')).toBe(false);
    expect(ctx.fileExists('no/such/folder/at/all/m.py')).toBe(false);
    expect(ctx.fileExists('dags/run.py/__init__.py')).toBe(false);
    // Asked again after the misses, the files that are there are still found.
    expect(ctx.fileExists('dags/helpers/dbt_cloud.py')).toBe(true);
    expect(ctx.fileExists('src/pkg/mod.py')).toBe(true);
  });

  it('finds a file through a link inside the tree, never one through a link out of it', () => {
    const ctx = context();
    expect(ctx.fileExists('linked/mod.py')).toBe(true);
    expect(ctx.fileExists('linked/missing/mod.py')).toBe(false);
    expect(ctx.fileExists('escape/secret.py')).toBe(false);
  });
});
