import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childProcessesIn, git, hostileRoot, installHooks, markersLeft, write } from '../helpers/hostile-git.js';
import { FAKE_SERVICE, runCli } from '../helpers/run-cli.js';

// A partial clone fetches a missing object from its promisor remote whenever a command reads it.
// dbt-token-scan must never do that: no network, and no ssh command or remote helper of the
// repository's choosing. Here the promisor remote is an ssh URL whose core.sshCommand leaves a
// marker, so any fetch attempt shows; GIT_TRACE must show no fetch and no other program either.

const curl = (token: string): string => `curl -H "Authorization: Token ${token}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`;

function partialClone(filter: 'blob:none' | 'tree:0') {
  const h = hostileRoot('dts-partial-');
  const server = join(h.root, 'server');
  write(server, { 'a.sh': 'echo old\n', 'sub/b.txt': 'old\n' });
  git(server, 'init', '-q', '-b', 'main');
  git(server, 'config', 'uploadpack.allowFilter', 'true');
  git(server, 'add', '-A');
  git(server, 'commit', '-qm', 'one');
  write(server, { 'a.sh': 'echo new\n', 'sub/b.txt': 'new\n' });
  git(server, 'add', '-A');
  git(server, 'commit', '-qm', 'two');
  const repo = join(h.root, 'clone');
  git(h.root, 'clone', '-q', `--filter=${filter}`, `file://${server}`, repo);
  // From now on any fetch would go over ssh, through the repository's own ssh command.
  git(repo, 'remote', 'set-url', 'origin', 'ssh://dts-test.invalid/repo.git');
  git(repo, 'config', 'core.sshCommand', `${h.mark} ssh`);
  git(repo, 'config', 'protocol.allow', 'always');
  // Dirty stat info: git would compare contents, and so read (fetch) the old blobs.
  const later = new Date(Date.now() + 5000);
  utimesSync(join(repo, 'a.sh'), later, later);
  utimesSync(join(repo, 'sub/b.txt'), later, later);
  write(repo, { 'new.sh': curl(FAKE_SERVICE) });
  return { h, repo, arm: () => installHooks(h, join(repo, '.git', 'hooks')) };
}

const missing = (repo: string, rev: string): string[] =>
  git(repo, 'rev-list', '--objects', '--no-walk', '--missing=print', rev)
    .split('\n')
    .filter((l) => l.startsWith('?'));

describe('a partial clone is never fetched from', () => {
  it('--changed against a commit whose blobs are absent compares object ids and fetches nothing', () => {
    const { h, repo, arm } = partialClone('blob:none');
    arm();
    expect(missing(repo, 'HEAD~1').length).toBeGreaterThan(0);
    const trace = join(h.root, 'trace');
    const r = runCli(['scan', '--changed', 'HEAD~1', '--format', 'json'], repo, { GIT_TRACE: trace });
    expect(markersLeft(h), r.stderr).toEqual([]);
    expect(childProcessesIn(trace)).toEqual([]);
    expect(r.status, r.stderr).toBe(1);
    expect(new Set(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file))).toEqual(new Set(['new.sh']));
    expect(missing(repo, 'HEAD~1').length).toBeGreaterThan(0);
  });

  it('--changed against a commit whose trees are absent is exit 2 with a clear message, not a fetch', () => {
    const { h, repo, arm } = partialClone('tree:0');
    arm();
    const trace = join(h.root, 'trace');
    const r = runCli(['scan', '--changed', 'HEAD~1'], repo, { GIT_TRACE: trace });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/HEAD~1.*not in this (partial )?clone.*never fetch/s);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(markersLeft(h)).toEqual([]);
    expect(childProcessesIn(trace)).toEqual([]);
  });

  it('--changed with the id of a commit this clone does not have is exit 2, not a fetch', () => {
    const { h, repo, arm } = partialClone('blob:none');
    arm();
    const trace = join(h.root, 'trace');
    const r = runCli(['scan', '--changed', '1234567890abcdef1234567890abcdef12345678'], repo, { GIT_TRACE: trace });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--changed: ".*" is not in this clone.*never fetch/s);
    expect(markersLeft(h)).toEqual([]);
    expect(childProcessesIn(trace)).toEqual([]);
  });

  it('--staged with a staged blob that is absent is exit 2 with a clear message, not a fetch', () => {
    const { h, repo, arm } = partialClone('blob:none');
    // Stage the old, absent content of a.sh under a new name.
    const absent = git(repo, 'rev-parse', 'HEAD~1:a.sh').trim();
    git(repo, 'update-index', '--add', '--cacheinfo', `100644,${absent},old.sh`);
    arm();
    const trace = join(h.root, 'trace');
    const r = runCli(['scan', '--staged'], repo, { GIT_TRACE: trace });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not in this (partial )?clone.*never fetch/s);
    expect(markersLeft(h)).toEqual([]);
    expect(childProcessesIn(trace)).toEqual([]);
  });
});
