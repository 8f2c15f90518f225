import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { originRepositoryName, originUrlInConfigFile } from '../../src/vcs/repository-name.js';

// The origin's URL read from `.git/config` without starting git, and git asked whenever the file
// is written in a way this reading could get wrong.

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repoWithConfig(config: string): string {
  const top = mkdtempSync(join(tmpdir(), 'dts-origin-'));
  made.push(top);
  mkdirSync(join(top, '.git'));
  writeFileSync(join(top, '.git', 'config'), config);
  return top;
}

const CORE = '[core]\n\trepositoryformatversion = 0\n\tbare = false\n';

describe('origin URL from .git/config', () => {
  it('reads the url of [remote "origin"]', () => {
    const top = repoWithConfig(
      `${CORE}[remote "origin"]\n\turl = git@github.com:acme/analytics.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`,
    );
    expect(originUrlInConfigFile(top)).toBe('git@github.com:acme/analytics.git');
  });

  it('takes the last of several urls, as git config --get does', () => {
    const top = repoWithConfig(`[remote "origin"]\n\turl = https://old.example/a.git\n\turl = https://github.com/acme/b.git\n`);
    expect(originUrlInConfigFile(top)).toBe('https://github.com/acme/b.git');
  });

  it('says there is no origin when no section names it', () => {
    const top = repoWithConfig(`${CORE}[remote "upstream"]\n\turl = https://github.com/other/x.git\n`);
    expect(originUrlInConfigFile(top)).toBeNull();
  });

  it.each([
    ['a quoted value', '[remote "origin"]\n\turl = "https://github.com/acme/a.git"\n'],
    ['a comment after the value', '[remote "origin"]\n\turl = https://github.com/acme/a.git ; old\n'],
    ['a continued line', '[remote "origin"]\n\turl = https://github.com/acme/\\\n\ta.git\n'],
    ['the old [remote.origin] spelling', '[remote.origin]\n\turl = https://github.com/acme/a.git\n'],
    ['an unreadable section header', '[remote "origin" extra]\n\turl = https://github.com/acme/a.git\n'],
  ])('leaves %s to git', (_name, config) => {
    expect(originUrlInConfigFile(repoWithConfig(config))).toBeUndefined();
  });

  it('leaves a linked work tree (a .git file) to git', () => {
    const top = mkdtempSync(join(tmpdir(), 'dts-origin-'));
    made.push(top);
    writeFileSync(join(top, '.git'), 'gitdir: /elsewhere/.git/worktrees/x\n');
    expect(originUrlInConfigFile(top)).toBeUndefined();
  });

  it("names the repository as git's own answer does", async () => {
    const top = mkdtempSync(join(tmpdir(), 'dts-origin-'));
    made.push(top);
    const git = (...args: string[]) => execFileSync('git', ['-C', top, ...args], { stdio: 'pipe' });
    git('init', '-q');
    git('remote', 'add', 'origin', 'https://x-access-token:secret@github.com/acme/warehouse.git');
    expect(originUrlInConfigFile(top)).toBe(git('config', '--get', 'remote.origin.url').toString().trim());
    expect(await originRepositoryName(top)).toBe('acme/warehouse');
  });
});
