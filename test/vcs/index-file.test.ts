import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listFromIndex, listWithGit } from '../../src/discover/git-files.js';
import { parseIndexFile } from '../../src/vcs/index-file.js';
import { parseDebug, type IndexEntry } from '../../src/vcs/index-stat.js';
import { readIndexView } from '../../src/vcs/index-view.js';
import { tempDir } from '../helpers/temp-dir.js';
import { GIT_ENV } from '../helpers/worktree-copy.js';

// git's index read from its file (src/vcs/index-file.ts) must be what `git ls-files --stage
// --debug` says of the same index, in every layout it takes; any other layout is left to git.

const env = { ...process.env, ...GIT_ENV };
const git = (cwd: string, ...args: string[]): Buffer => execFileSync('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'ignore'] });

/** What git itself reads from the index: every stage, with stat info. */
const gitsView = (top: string): IndexEntry[] | undefined => parseDebug(git(top, 'ls-files', '-z', '--stage', '--debug'));
const fileView = (top: string, index = join(top, '.git', 'index')): IndexEntry[] | undefined => parseIndexFile(readFileSync(index));
/** The direct reading without what only it knows (ls-files --debug does not print the skip-worktree flag). */
const withoutFlags = (entries: IndexEntry[] | undefined): IndexEntry[] | undefined => entries?.map(({ skipWorktree: _, ...e }) => e);

function repository(): string {
  const top = tempDir('index-');
  git(top, 'init', '-q', '-b', 'main');
  mkdirSync(join(top, 'dags', 'nested'), { recursive: true });
  writeFileSync(join(top, 'dags', 'run_job.py'), 'import os\n');
  writeFileSync(join(top, 'dags', 'nested', 'deep_module_with_a_long_name_for_prefix_sharing.py'), 'x = 1\n');
  writeFileSync(join(top, 'dags', 'nested', 'deep_module_with_a_long_name_for_prefix_sharing_2.py'), 'y = 2\n');
  writeFileSync(join(top, 'scripts.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  writeFileSync(join(top, 'café ünïcode.md'), 'notes\n');
  symlinkSync('dags/run_job.py', join(top, 'link.py'));
  git(top, 'add', '-A');
  git(top, 'commit', '-q', '-m', 'first');
  return top;
}

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['GIT_INDEX_FILE', 'GIT_DIR']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('git index file read directly', () => {
  // Version 3 is written only when an entry has extended flags (below).
  it.each([2, 4])('reads index version %i as git does', (version) => {
    const top = repository();
    git(top, 'update-index', '--index-version', String(version));
    expect(readFileSync(join(top, '.git', 'index')).readUInt32BE(4)).toBe(version);
    const direct = fileView(top);
    expect(direct).toHaveLength(6);
    expect(direct).toEqual(gitsView(top));
    expect(direct!.find((e) => e.path === 'link.py')?.mode).toBe('120000');
    expect(direct!.find((e) => e.path === 'scripts.sh')?.mode).toBe('100755');
    expect(direct!.some((e) => e.path === 'café ünïcode.md')).toBe(true);
  });

  it.each([3, 4])('reads extended flags in version %i: an intent-to-add entry and a skip-worktree one', (version) => {
    const top = repository();
    writeFileSync(join(top, 'later.py'), 'z = 3\n');
    git(top, 'add', '-N', 'later.py');
    git(top, 'update-index', '--skip-worktree', 'scripts.sh');
    git(top, 'update-index', '--index-version', String(version));
    expect(readFileSync(join(top, '.git', 'index')).readUInt32BE(4)).toBe(version);
    const direct = fileView(top);
    expect(withoutFlags(direct)).toEqual(gitsView(top));
    expect(direct!.find((e) => e.path === 'scripts.sh')?.skipWorktree).toBe(true);
    expect(direct!.find((e) => e.path === 'later.py')?.skipWorktree).toBeUndefined();
  });

  it('reads every stage of a conflict', () => {
    const top = repository();
    git(top, 'checkout', '-q', '-b', 'other');
    writeFileSync(join(top, 'dags', 'run_job.py'), 'import sys\n');
    git(top, 'commit', '-q', '-am', 'other');
    git(top, 'checkout', '-q', 'main');
    writeFileSync(join(top, 'dags', 'run_job.py'), 'import json\n');
    git(top, 'commit', '-q', '-am', 'main');
    expect(() => git(top, 'merge', '-q', 'other')).toThrow();
    const direct = fileView(top);
    expect(direct!.filter((e) => e.path === 'dags/run_job.py').map((e) => e.stage)).toEqual([1, 2, 3]);
    expect(direct).toEqual(gitsView(top));
  });

  it('leaves a split index to git, and readIndexView still answers', async () => {
    const top = repository();
    git(top, 'update-index', '--split-index');
    expect(fileView(top)).toBeUndefined();
    const view = await readIndexView(top);
    expect([...view!.entries.keys()].sort()).toEqual(
      gitsView(top)!
        .map((e) => e.path)
        .sort(),
    );
    expect(view!.all).toBeUndefined();
  });

  it('takes nothing from a damaged, truncated or foreign file', () => {
    const top = repository();
    const bytes = readFileSync(join(top, '.git', 'index'));
    expect(parseIndexFile(bytes.subarray(0, bytes.length - 30))).toBeUndefined();
    expect(parseIndexFile(bytes.subarray(0, 40))).toBeUndefined();
    const otherVersion = Buffer.from(bytes);
    otherVersion.writeUInt32BE(5, 4);
    expect(parseIndexFile(otherVersion)).toBeUndefined();
    const damaged = Buffer.from(bytes);
    damaged.writeUInt16BE(damaged.readUInt16BE(12 + 60) ^ 0x0005, 12 + 60); // the first entry's name length
    expect(parseIndexFile(damaged)).toBeUndefined();
    expect(parseIndexFile(Buffer.from('not an index at all, just text'))).toBeUndefined();
  });

  it('follows GIT_INDEX_FILE, as a commit hook runs with it', async () => {
    const top = repository();
    writeFileSync(join(top, 'staged_elsewhere.py'), 'a = 1\n');
    const alternate = join(top, '.git', 'alternate-index');
    execFileSync('git', ['read-tree', 'HEAD'], { cwd: top, env: { ...env, GIT_INDEX_FILE: alternate } });
    execFileSync('git', ['add', 'staged_elsewhere.py'], { cwd: top, env: { ...env, GIT_INDEX_FILE: alternate } });
    process.env.GIT_INDEX_FILE = alternate;
    const view = await readIndexView(top);
    expect(view!.entries.has('staged_elsewhere.py')).toBe(true);
    expect(view!.all).toBeDefined();
    delete process.env.GIT_INDEX_FILE;
    expect((await readIndexView(top))!.entries.has('staged_elsewhere.py')).toBe(false);
  });

  it("reads a linked work tree's own index", async () => {
    const top = repository();
    const linked = join(tempDir('linked-'), 'wt');
    git(top, 'worktree', 'add', '-q', linked);
    writeFileSync(join(linked, 'only_here.py'), 'b = 2\n');
    git(linked, 'add', 'only_here.py');
    const view = await readIndexView(linked);
    expect(view!.all).toBeDefined();
    expect(view!.entries.has('only_here.py')).toBe(true);
    expect((await readIndexView(top))!.entries.has('only_here.py')).toBe(false);
  });
});

describe('--staged listing from the index', () => {
  it("lists the index's tracked files as ls-files does, without untracked or skip-worktree files", async () => {
    const top = repository();
    writeFileSync(join(top, 'untracked.py'), 'c = 3\n');
    git(top, 'update-index', '--skip-worktree', 'scripts.sh');
    const view = await readIndexView(top);
    listFromIndex(top, Promise.resolve(view!.all));
    const listing = await listWithGit(top);
    const tracked = git(top, 'ls-files', '-z', '-t')
      .toString('utf8')
      .split('\0')
      .filter((l) => l.startsWith('H '));
    expect(listing!.entries.map((e) => e.rel)).toEqual(tracked.map((l) => l.slice(2)));
    expect(listing!.entries.find((e) => e.rel === 'link.py')?.kind).toBe('link');
    expect(listing!.entries.some((e) => e.rel === 'untracked.py' || e.rel === 'scripts.sh')).toBe(false);
  });

  it('never lists a path out of the tree that a hand-made index names: git lists the folder instead', async () => {
    const top = repository();
    const view = await readIndexView(top);
    for (const bad of ['../outside.py', 'dags/../../outside.py', '/etc/passwd', '.git/config', 'dags//run.py']) {
      const top2 = repository();
      const entries = [...view!.all!, { ...view!.all![0]!, path: bad }];
      listFromIndex(top2, Promise.resolve(entries));
      const listing = await listWithGit(top2);
      expect(
        listing!.entries.map((e) => e.rel),
        bad,
      ).not.toContain(bad);
      expect(listing!.entries.map((e) => e.rel)).toContain('dags/run_job.py');
    }
  });

  it('falls back to git listing the folder when the index was not read directly', async () => {
    const top = repository();
    writeFileSync(join(top, 'untracked.py'), 'c = 3\n');
    listFromIndex(top, Promise.resolve(undefined));
    const listing = await listWithGit(top);
    expect(listing!.entries.some((e) => e.rel === 'untracked.py')).toBe(true);
  });
});
