import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// In a git work tree the files scanned are what git tracks plus untracked files that git does not
// ignore, with git's own ignore rules. A scan that applied rules of its own could be steered by a
// pull request: a token in a file git keeps (or a case or negation the walker read differently)
// went unscanned, while files git ignores were scanned. Each case builds a repository from scratch
// and runs the built CLI on it.

const TOKEN = ['dbtu', '_', 'Ab3dEf6h'.repeat(6), 'Zz'].join('');
const secret = `DBT_CLOUD_TOKEN=${TOKEN}\n`;

/** A clean environment for git, so that the tester's global config and excludes play no part. */
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, ...GIT_ENV },
  });
}

function repo(files: Record<string, string>, commit: string[] = []): string {
  const root = tempDir('dts-gitrules-');
  git(root, 'init', '-q');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  if (commit.length) {
    git(root, 'add', '-f', '--', ...commit);
    git(root, 'commit', '-q', '-m', 'first');
  }
  return root;
}

interface Scan {
  status: number | null;
  files: string[];
  errors: { file: string; message: string }[];
}

/** The files with a finding, and the errors, of `scan --format json` run in `cwd`. */
function scan(cwd: string, args: string[] = ['.'], env: Record<string, string | undefined> = {}): Scan {
  const res = runCli(['scan', '--format', 'json', '--fail-on', 'none', ...args], cwd, { ...GIT_ENV, ...env });
  expect(res.stderr).toBe('');
  const report = JSON.parse(res.stdout) as { findings: { file: string }[]; errors: { file: string; message: string }[] };
  return { status: res.status, files: [...new Set(report.findings.map((f) => f.file))].sort(), errors: report.errors };
}

describe('in a git work tree, git decides which files are scanned', () => {
  it('compares names with the case git uses (core.ignorecase)', () => {
    const root = repo({ '.gitignore': 'token.txt\n', 'notes/Token.txt': secret, 'notes/token.txt': secret });
    git(root, 'config', 'core.ignorecase', 'false');
    expect(scan(root).files).toEqual(['notes/Token.txt']);
    git(root, 'config', 'core.ignorecase', 'true');
    expect(scan(root).files).toEqual([]);
  });

  it('lets a deeper .gitignore re-include what a higher one ignores', () => {
    const root = repo({ '.gitignore': '*.txt\n', 'deploy/.gitignore': '!prod.txt\n', 'deploy/prod.txt': secret, 'deploy/dev.txt': secret });
    expect(scan(root).files).toEqual(['deploy/prod.txt']);
  });

  it('applies the root .gitignore and .git/info/exclude when run in a subfolder', () => {
    const root = repo({
      '.gitignore': 'pkg/generated/\n',
      'pkg/generated/creds.txt': secret,
      'pkg/src/app.txt': secret,
      'pkg/local-notes.txt': secret,
    });
    writeFileSync(join(root, '.git/info/exclude'), 'local-notes.txt\n');
    expect(scan(join(root, 'pkg')).files).toEqual(['src/app.txt']);
    expect(scan(root, ['pkg']).files).toEqual(['pkg/src/app.txt']);
  });

  it('scans a tracked file that an ignore rule matches, but not an ignored untracked one', () => {
    const root = repo(
      {
        '.env': secret,
        'config/dbt_cloud.yml': `version: "1"\ncontext:\n  active-project: "1"\nprojects:\n  - project-id: "1"\n    account-host: "cloud.getdbt.com"\n    token-value: "${TOKEN}"\n`,
        'scratch.env': secret,
      },
      ['.env', 'config/dbt_cloud.yml'],
    );
    writeFileSync(join(root, '.gitignore'), '*.env\n.env\nconfig/\n');
    expect(scan(root).files).toEqual(['.env', 'config/dbt_cloud.yml']);
  });

  it('skips a tracked file deleted from the working tree without an error, and counts it nowhere', () => {
    const root = repo({ 'gone.txt': secret, 'kept.txt': secret }, ['gone.txt', 'kept.txt']);
    execFileSync('rm', [join(root, 'gone.txt')]);
    const res = runCli(['scan', '--format', 'json', '--fail-on', 'none', '.'], root, GIT_ENV);
    const report = JSON.parse(res.stdout) as { findings: { file: string }[]; errors: unknown[]; summary: { filesScanned: number } };
    expect(report.findings.map((f) => f.file)).toEqual(['kept.txt']);
    expect(report.errors).toEqual([]);
    expect(report.summary.filesScanned).toBe(1);
  });

  it('runs no fsmonitor hook and reads no untracked cache the repository configures', () => {
    const root = repo({ 'a.txt': secret }, ['a.txt']);
    const marker = join(root, 'ran');
    git(root, 'config', 'core.fsmonitor', `touch ${marker}; false`);
    git(root, 'config', 'core.untrackedCache', 'true');
    writeFileSync(join(root, 'b.txt'), secret);
    expect(scan(root).files).toEqual(['a.txt', 'b.txt']);
    expect(existsSync(marker)).toBe(false);
  });

  it('never reads through a symbolic link, tracked or not, and reports those that lead out', () => {
    const outside = tempDir('dts-outside-');
    writeFileSync(join(outside, 'creds.txt'), secret);
    const root = repo({ 'real.txt': secret });
    symlinkSync(join(outside, 'creds.txt'), join(root, 'tracked-link.txt'));
    symlinkSync('real.txt', join(root, 'alias.txt'));
    git(root, 'add', 'tracked-link.txt', 'real.txt', 'alias.txt');
    git(root, 'commit', '-q', '-m', 'links');
    symlinkSync(join(outside, 'creds.txt'), join(root, 'untracked-link.txt'));
    const s = scan(root);
    expect(s.files).toEqual(['real.txt']);
    expect(s.errors).toEqual([
      { file: 'tracked-link.txt', message: 'skipped: symbolic link leads outside the scanned folder' },
      { file: 'untracked-link.txt', message: 'skipped: symbolic link leads outside the scanned folder' },
    ]);
  });

  it('does not descend into a submodule, and says so; lists a nested clone as the repository it is', () => {
    const inner = repo({ 'inner.txt': secret }, ['inner.txt']);
    const root = repo({ 'own.txt': secret }, ['own.txt']);
    git(root, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'vendor-sub');
    git(root, 'commit', '-q', '-m', 'submodule');
    mkdirSync(join(root, 'clone'));
    git(join(root, 'clone'), 'init', '-q');
    writeFileSync(join(root, 'clone/c.txt'), secret);
    writeFileSync(join(root, 'clone/.gitignore'), 'local.txt\n');
    writeFileSync(join(root, 'clone/local.txt'), secret);
    const s = scan(root);
    expect(s.files).toEqual(['clone/c.txt', 'own.txt']);
    expect(s.errors).toEqual([
      { file: 'vendor-sub', message: 'skipped: git submodule (a repository of its own); scan it by naming its folder' },
    ]);
    // Named, each is scanned as the repository it is.
    expect(scan(root, ['vendor-sub']).files).toEqual(['vendor-sub/inner.txt']);
  });

  it('expands a quoted glob to the files git lists', () => {
    const root = repo({ '.gitignore': '*.txt\n', 'deploy/.gitignore': '!prod.txt\n', 'deploy/prod.txt': secret, 'deploy/dev.txt': secret });
    expect(scan(root, ['deploy/*.txt']).files).toEqual(['deploy/prod.txt']);
  });

  it('falls back to its own walk, with the same rules, when git refuses the repository or is not installed', () => {
    const root = repo(
      {
        '.gitignore': 'ignored.txt\npkg/generated/\n',
        'ignored.txt': secret,
        'kept.txt': secret,
        'pkg/generated/creds.txt': secret,
        'pkg/src/app.txt': secret,
        'pkg/local-notes.txt': secret,
      },
      ['kept.txt'],
    );
    writeFileSync(join(root, '.git/info/exclude'), 'local-notes.txt\n');
    const expected = ['kept.txt', 'pkg/src/app.txt'];
    // A CI container running as another user than the checkout's owner meets the first.
    expect(scan(root, ['.'], { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' }).files).toEqual(expected);
    expect(scan(root, ['.'], { PATH: tempDir('dts-no-git-') }).files).toEqual(expected);
    expect(scan(join(root, 'pkg'), ['.'], { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' }).files).toEqual(['src/app.txt']);
  });
});
