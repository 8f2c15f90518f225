import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CodeCache, codeCacheDirs } from '../../src/cli/startup/code-cache.js';
import { tempDir } from '../helpers/temp-dir.js';

// The cache store in-process; the launcher's use of it is tested through the CLI
// (test/code-cache.e2e.test.ts).

/** A CommonJS file that requires a neighbour, with a body unique to this test (V8 caches compiled scripts per process too). */
function makeModule(dir: string, tag: string): string {
  writeFileSync(join(dir, 'helper.js'), `module.exports = (x) => x * 2;\n`);
  const file = join(dir, 'mod.js');
  writeFileSync(
    file,
    `#!/usr/bin/env node\nconst twice = require('./helper.js');\nexports.tag = ${JSON.stringify(tag)};\nexports.value = twice(21);\nexports.file = __filename;\n`,
  );
  return file;
}

describe('CodeCache', () => {
  it('loads a CommonJS file as Node would, and keeps its code for the next process', () => {
    const root = tempDir('dts-cc-unit-');
    const cacheDir = join(root, 'cache');
    const file = makeModule(root, 'first');
    const cache = new CodeCache([{ path: cacheDir, mustBeOwn: false }], '--flags');
    const mod = cache.require(file) as { tag: string; value: number; file: string };
    expect(mod).toEqual({ tag: 'first', value: 42, file });
    // Loaded once per process.
    expect(cache.require(file)).toBe(mod);
    expect(cache.report()).toEqual([expect.stringMatching(/^code cache mod\.js: none, \d+ ms$/)]);
    cache.save();
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.v8'))).toHaveLength(1);
  });

  it('turns down a file made under other flags or for a changed source', () => {
    const root = tempDir('dts-cc-unit-');
    const cacheDir = join(root, 'cache');
    const file = makeModule(root, 'second');
    new CodeCache([{ path: cacheDir, mustBeOwn: false }], '--flags').require(file);
    const writer = new CodeCache([{ path: cacheDir, mustBeOwn: false }], '--flags');
    writer.require(file);
    writer.save();
    const other = new CodeCache([{ path: cacheDir, mustBeOwn: false }], '--other-flags');
    other.require(file);
    expect(other.report()[0]).toMatch(/: none,/);
    // Rewritten with the same length: the change time differs, so the entry is not this file's.
    writeFileSync(file, readFileSync(file, 'utf8').replace('second', 'thirdx'));
    const edited = new CodeCache([{ path: cacheDir, mustBeOwn: false }], '--flags');
    expect((edited.require(file) as { tag: string }).tag).toBe('thirdx');
    expect(edited.report()[0]).toMatch(/: none,/);
  });

  it('never fails a run when the folder cannot be written', () => {
    const root = tempDir('dts-cc-unit-');
    const file = makeModule(root, 'fifth');
    // A file where the folder should be.
    writeFileSync(join(root, 'blocked'), '');
    const cache = new CodeCache([{ path: join(root, 'blocked', 'v8'), mustBeOwn: false }], '--flags');
    cache.require(file);
    expect(() => cache.save()).not.toThrow();
  });

  it('reads from a user cache folder only when it is private to this user', () => {
    const root = tempDir('dts-cc-unit-');
    const file = makeModule(root, 'sixth');
    const shared = join(root, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    const writer = new CodeCache([{ path: shared, mustBeOwn: false }], '--flags');
    writer.require(file);
    writer.save();
    chmodSync(shared, 0o777);
    const reader = new CodeCache([{ path: shared, mustBeOwn: true }], '--flags');
    reader.require(file);
    expect(reader.report()[0]).toMatch(/: none,/);
  });

  it('is found in the package, then the user cache folder; DTS_CODE_CACHE overrides both', () => {
    expect(codeCacheDirs('/pkg', { HOME: '/home/u', XDG_CACHE_HOME: '/xdg' })).toEqual([
      { path: '/pkg/node_modules/.cache/dbt-token-scan/v8', mustBeOwn: false },
      { path: '/xdg/dbt-token-scan/v8', mustBeOwn: true },
    ]);
    expect(codeCacheDirs('/pkg', { DTS_CODE_CACHE: 'off' })).toEqual([]);
    expect(codeCacheDirs('/pkg', { DTS_CODE_CACHE: '0' })).toEqual([]);
    expect(codeCacheDirs('/pkg', { DTS_CODE_CACHE: '/somewhere' })).toEqual([{ path: '/somewhere', mustBeOwn: false }]);
  });
});
