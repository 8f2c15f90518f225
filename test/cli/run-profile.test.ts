import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProfileOf } from '../../src/cli/startup/run-profile.js';
import { tempDir } from '../helpers/temp-dir.js';

// Which code cache a run loads, and with which V8 flags (src/cli/startup/run-profile.ts): a
// pre-commit hook's named files and --staged / --changed runs are short; a folder's scan with
// --cache is cached; a folder's scan, or any other command, is a folder run.

describe('runProfileOf', () => {
  const root = tempDir('dts-run-profile-');
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'a.py'), 'print(1)\n');
  const rel = (p: string): string => relative(process.cwd(), join(root, p));

  it('takes named files, --staged and --changed for a short run', () => {
    expect(runProfileOf(['scan', rel('src/a.py'), '--format', 'json'])).toBe('short');
    expect(runProfileOf(['scan', '--staged'])).toBe('short');
    expect(runProfileOf(['scan', '--changed', 'main'])).toBe('short');
    expect(runProfileOf(['scan', '--changed=origin/main', '--format', 'sarif'])).toBe('short');
  });

  it("takes a folder's scan, a missing path and other commands for a folder run", () => {
    expect(runProfileOf(['scan'])).toBe('folder');
    expect(runProfileOf(['scan', rel('src'), '--format', 'json'])).toBe('folder');
    expect(runProfileOf(['scan', rel('src/missing.py')])).toBe('folder');
    expect(runProfileOf(['inventory', '--format', 'csv'])).toBe('folder');
  });

  it("takes a folder's scan with --cache for a cached run, and a short run with it for one with context", () => {
    expect(runProfileOf(['scan', '--cache'])).toBe('cached');
    expect(runProfileOf(['scan', rel('src'), '--cache', '--cache-strategy', 'content'])).toBe('cached');
    expect(runProfileOf(['scan', rel('src/a.py'), '--cache'])).toBe('context');
    expect(runProfileOf(['scan', '--cache', rel('src/a.py')])).toBe('context');
    expect(runProfileOf(['scan', '--staged', '--cache'])).toBe('context');
    expect(runProfileOf(['scan', '--cache', '--changed=main'])).toBe('context');
  });

  it("takes an option's value for no file named (`--output report.json`, `-c config.yml`)", () => {
    expect(runProfileOf(['scan', '.', '--output', rel('src/a.py')])).toBe('folder');
    expect(runProfileOf(['scan', '-o', rel('src/a.py'), '--format', 'json'])).toBe('folder');
    expect(runProfileOf(['scan', '--cache', '--cache-location', rel('src/a.py')])).toBe('cached');
    expect(runProfileOf(['scan', `--output=${rel('src/a.py')}`, rel('src/a.py')])).toBe('short');
  });

  it('takes a path it cannot look at (through a file, too long) for no file, without failing', () => {
    expect(runProfileOf(['scan', rel('src/a.py/sub/facts.cache')])).toBe('folder');
    expect(runProfileOf(['scan', 'x'.repeat(5000)])).toBe('folder');
  });
});
