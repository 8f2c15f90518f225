import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFiles } from '../../src/discover/find-files.js';
import { tempDir } from '../helpers/temp-dir.js';

// Outside a git work tree the walker applies .gitignore files itself. Whatever it applies must be
// what git applies: generated trees with assorted .gitignore files (negations across levels,
// folder-only and anchored patterns, `**`, escapes, trailing spaces, character classes, nested
// files overriding their parents) are walked, then copied into a fresh repository where
// `git ls-files --others --exclude-standard` says what git leaves; the two lists must be equal.

const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

// Names avoid the built-in skipped folders and credential files (`.env`, dbt_cloud.yml), which the walker treats on purpose
// differently from git.
const NAMES = [
  'a',
  'b',
  'c',
  'foo',
  'Foo',
  'FOO.txt',
  'bar.log',
  'Bar.LOG',
  'keep.log',
  'x.ini',
  'keep.ini',
  '.ini',
  '#hash',
  '!bang',
  'sp ace',
  'trail ',
  '[x]',
  'a.b.c',
  'deep',
  'logs',
  'doc',
  'README.md',
  '.hidden',
  'café.txt',
  'q1',
  'q22',
  'z.c',
  'ab.c',
];
const PATTERNS = [
  'foo',
  'foo/',
  '/foo',
  '*.log',
  '!keep.log',
  '*.ini',
  '!*.ini',
  '!keep.ini',
  '**/deep',
  'deep/**',
  'a/**/b',
  'a/*/c',
  '**/logs/',
  '\\#hash',
  '#hash',
  '\\!bang',
  'trail\\ ',
  'trail ',
  'sp ace',
  'sp\\ ace',
  '[ab]',
  '[!a]*.c',
  '[a-c]*',
  'doc/*.md',
  '/doc',
  '?oo',
  'F*',
  '!a',
  '!/b/',
  'x.ini   ',
  '\\[x\\]',
  '[[:upper:]]*',
  'bar.log/',
  '!deep/',
  'b/',
  'a/b',
  '**/b/*.log',
  'q?',
  'q[0-9][0-9]',
  '*',
  '!*/',
  '!**/',
  '.*',
  '!.gitignore',
  'deep/*',
  '!deep/keep.log',
  'c/**/',
  '**',
  '/*.c',
  '*.[ch]',
  'a\\',
  'foo/**/',
  '***/x.ini',
  'doc/**/*',
  '!doc/README.md',
  '[z-a]',
  '[[:bogus:]]',
  '[!]]',
  'café.txt',
  'caf?.txt',
  'Caf*',
  '\\',
  'a/',
  '!a/',
  '*/',
  'logs',
  '!logs/keep.log',
  '/**/keep.ini',
];

function prng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
}

const WILD = ['*', '?', '**', '[a-c]', '[!a]', '[[:lower:]]', '\\*', '[]x]'];

/** A pattern made up from the names: wildcards in place of some characters, a folder or two, anchors, `!`, `/`. */
function composed(next: (n: number) => number): string {
  const segment = (): string => {
    if (next(5) === 0) return '**';
    const name = [...NAMES[next(NAMES.length)]!];
    for (let i = 0, n = next(3); i < n && name.length; i++) name.splice(next(name.length + 1), next(2), WILD[next(WILD.length)]!);
    return name.join('');
  };
  let p = Array.from({ length: 1 + next(3) }, segment).join('/');
  if (next(4) === 0) p = `/${p}`;
  if (next(4) === 0) p = `${p}/`;
  if (next(4) === 0) p = `!${p}`;
  return p;
}

/** A tree of folders and files, with a .gitignore in some folders; returns its root. */
function generate(seed: number): string {
  const next = prng(seed);
  const root = tempDir('dts-walk-');
  const folders = [''];
  for (let i = 0; i < 8; i++) {
    const parent = folders[next(folders.length)]!;
    if (parent.split('/').length > 3) continue;
    const dir = parent ? `${parent}/${NAMES[next(NAMES.length)]!}` : NAMES[next(NAMES.length)]!;
    if (!folders.includes(dir)) folders.push(dir);
  }
  const made = new Set<string>();
  for (const dir of folders) {
    mkdirSync(join(root, dir), { recursive: true });
    made.add(dir);
  }
  for (const dir of folders) {
    for (let i = 0, n = 2 + next(4); i < n; i++) {
      const file = dir ? `${dir}/${NAMES[next(NAMES.length)]!}` : NAMES[next(NAMES.length)]!;
      if (made.has(file)) continue;
      made.add(file);
      writeFileSync(join(root, file), 'x\n');
    }
    if (next(3) > 0) {
      const lines = Array.from({ length: 1 + next(5) }, () => (next(2) ? PATTERNS[next(PATTERNS.length)]! : composed(next)));
      const eol = next(4) === 0 ? '\r\n' : '\n';
      writeFileSync(join(root, dir, '.gitignore'), lines.join(eol) + (next(2) ? eol : ''));
    }
  }
  return root;
}

/** What git leaves of `folder` (relative to the copy's top) in a fresh repository made of a copy of `root`. */
function gitsView(root: string, folder = ''): string[] {
  const copy = tempDir('dts-walk-git-');
  cpSync(root, copy, { recursive: true });
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  execFileSync('git', ['init', '-q'], { cwd: copy, env });
  const out = execFileSync(
    'git',
    [
      '-c',
      `core.ignorecase=${IGNORE_CASE}`,
      '-c',
      'core.excludesFile=/dev/null',
      '-c',
      'core.quotePath=false',
      'ls-files',
      '-z',
      '--others',
      '--exclude-standard',
    ],
    { cwd: join(copy, folder), env },
  );
  const prefix = folder ? `${folder}/` : '';
  return out
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((p) => prefix + p)
    .sort();
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(join(dir, e.name)) : 1;
  return n;
}

const walkersView = async (root: string, paths: string[] = []): Promise<string[]> =>
  (await findFiles(paths, root, [])).files.map((f) => f.rel).sort();

describe('the walker outside git, against git itself', () => {
  it('leaves exactly what git leaves, on generated trees', async () => {
    let all = 0;
    let left = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const root = generate(seed);
      const walked = await walkersView(root);
      expect(walked, `seed ${seed}`).toEqual(gitsView(root));
      all += countFiles(root);
      left += walked.length;
    }
    // The trees are worth comparing: rules left out a good share of their files, not none or all.
    expect(left / all).toBeGreaterThan(0.2);
    expect(left / all).toBeLessThan(0.8);
  }, 120_000);

  it('applies the .gitignore files above a scanned subfolder as git does', async () => {
    for (let seed = 100; seed <= 130; seed++) {
      const root = generate(seed);
      const sub = NAMES.find((n) => existsSync(join(root, n)) && statSync(join(root, n)).isDirectory());
      if (!sub) continue;
      expect(await walkersView(root, [sub]), `seed ${seed}, scanning ${sub}`).toEqual(gitsView(root, sub));
    }
  }, 120_000);

  it('agrees with git on the cases named in the issue', async () => {
    const root = tempDir('dts-walk-named-');
    const files: Record<string, string> = {
      '.gitignore': '*.ini\nlogs/\n/build-out\n**/tmp\n\\#notes\nspaced  \n[0-9]*.txt\n',
      'app/.gitignore': '!deploy.ini\n',
      'app/deploy.ini': '',
      'app/other.ini': '',
      'root.ini': '',
      'logs/x.txt': '',
      'app/logs/y.txt': '',
      'build-out': '',
      'app/build-out': '',
      'a/b/tmp': '',
      tmp: '',
      '#notes': '',
      spaced: '',
      '1.txt': '',
      'one.txt': '',
      'Deploy.ENV': '',
    };
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(join(root, p, '..'), { recursive: true });
      writeFileSync(join(root, p), text);
    }
    const walked = await walkersView(root);
    expect(walked).toEqual(gitsView(root));
    // The nested !deploy.ini re-includes what the root's *.ini ignores; case follows the file system.
    expect(walked).toContain('app/deploy.ini');
    expect(walked).not.toContain('app/other.ini');
    expect(walked).toContain('app/build-out');
    if (!IGNORE_CASE) expect(walked).toContain('Deploy.ENV');
  });
});
