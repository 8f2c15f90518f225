import { symlinkSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobId, changedSince } from '../src/vcs/worktree-changes.js';
import { git, write } from './helpers/hostile-git.js';
import { tempDir } from './helpers/temp-dir.js';

// --changed works out what differs from a commit without letting git hash the working tree
// (src/vcs/worktree-changes.ts). On a repository with no filters, its answer must be git's own:
// `git diff --name-only REF` plus the untracked files that are not ignored.

const all = (repo: string) => ({ wanted: () => true, hashLimit: 1 << 20, indexFile: join(repo, '.git', 'index') });

function gitsAnswer(repo: string, ref: string): string[] {
  const diff = git(repo, 'diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRT', ref, '--').split('\0');
  const untracked = git(repo, 'ls-files', '-z', '--others', '--exclude-standard').split('\0');
  return [...new Set([...diff, ...untracked].filter(Boolean))]
    .filter((p) => {
      try {
        return statSync(join(repo, p)).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}

describe('changedSince', () => {
  it('agrees with git diff REF on edits, touches, same-size edits, adds, deletes, type changes, intent-to-add, ignored and conflicted files', async () => {
    const repo = tempDir('dts-changed-');
    write(repo, {
      'same.txt': 'same\n',
      'touched.txt': 'touched\n',
      'edited.txt': 'edited\n',
      'samesize.txt': 'aaaa\n',
      'deleted.txt': 'gone\n',
      'sub/deep.sh': 'echo deep\n',
      'tracked.env': 'A=1\n',
      'target.txt': 'x\n',
      'conflict.txt': 'base\n',
      '.gitignore': '*.env\n',
    });
    symlinkSync('target.txt', join(repo, 'link'));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'add', '-f', 'tracked.env');
    git(repo, 'commit', '-qm', 'base');
    // A conflict: both sides change conflict.txt.
    git(repo, 'checkout', '-q', '-b', 'other');
    write(repo, { 'conflict.txt': 'other\n' });
    git(repo, 'commit', '-qam', 'other');
    git(repo, 'checkout', '-q', 'main');
    write(repo, { 'conflict.txt': 'main\n' });
    git(repo, 'commit', '-qam', 'main');
    const ref = git(repo, 'rev-parse', 'HEAD').trim();
    try {
      git(repo, 'merge', '-q', 'other');
    } catch {
      /* the conflict is the point */
    }
    const later = new Date(Date.now() + 10_000);
    utimesSync(join(repo, 'touched.txt'), later, later);
    write(repo, {
      'edited.txt': 'edited, more\n',
      'new.txt': 'new\n',
      'staged.txt': 'staged\n',
      'tracked.env': 'A=2\n',
      'sub/deep.sh': 'echo deeper\n',
      'ignored.env': 'B=1\n',
    });
    // Same size, and the old mtime put back: only ctime (and the content) tells.
    const st = statSync(join(repo, 'samesize.txt'));
    writeFileSync(join(repo, 'samesize.txt'), 'bbbb\n');
    utimesSync(join(repo, 'samesize.txt'), st.atime, st.mtime);
    git(repo, 'add', 'staged.txt');
    write(repo, { 'ita.txt': 'intent\n' });
    git(repo, 'add', '-N', 'ita.txt');
    unlinkSync(join(repo, 'deleted.txt'));
    rmSync(join(repo, 'link'));
    write(repo, { link: 'now a file\n' });

    const ours = await changedSince(repo, ref, all(repo));
    expect(ours).toEqual(gitsAnswer(repo, ref));
    expect(ours).toEqual(
      expect.arrayContaining([
        'conflict.txt',
        'edited.txt',
        'ita.txt',
        'link',
        'new.txt',
        'samesize.txt',
        'staged.txt',
        'sub/deep.sh',
        'tracked.env',
      ]),
    );
    expect(ours).not.toContain('touched.txt');
    expect(ours).not.toContain('same.txt');
    expect(ours).not.toContain('ignored.env');
  });

  it('hashes only the paths it is asked about', async () => {
    const repo = tempDir('dts-changed-');
    write(repo, { 'a/x.txt': 'x\n', 'b/y.txt': 'y\n' });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    write(repo, { 'a/x.txt': 'x2\n', 'b/y.txt': 'y2\n' });
    expect(await changedSince(repo, 'HEAD', { ...all(repo), wanted: (p) => p.startsWith('b/') })).toEqual(['b/y.txt']);
  });

  it('computes the blob ids git computes', () => {
    const repo = tempDir('dts-blobid-');
    write(repo, { 'f.bin': 'hello\r\n\u0000world' });
    git(repo, 'init', '-q');
    const expected = git(repo, 'hash-object', '--no-filters', 'f.bin').trim();
    expect(blobId(Buffer.from('hello\r\n\u0000world'), 'sha1')).toBe(expected);
  });
});
