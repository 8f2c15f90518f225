import { chmodSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { armRepository, childProcessesIn, git, hostileRoot, markersLeft, write } from '../helpers/hostile-git.js';
import { FAKE_PAT, FAKE_SERVICE, runCli } from '../helpers/run-cli.js';

// A repository under scan is not trusted, its .git/config and .gitattributes included: a pull
// request, a cloned project or a CI checkout may carry them. Every command they can name (filter
// drivers, textconv, external diff, fsmonitor, hooks, pager, aliases, ssh, credential helpers,
// gpg) is a marker script here; no marker may appear, and git may start no program at all.

const curl = (token: string): string => `curl -H "Authorization: Token ${token}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`;

function hostileRepo() {
  const h = hostileRoot('dts-hostile-');
  const repo = join(h.root, 'repo');
  write(repo, {
    'deploy.sh': curl('$DBT_CLOUD_SERVICE_TOKEN'),
    'notes.txt': 'release notes\n',
    'ignored-but-tracked.env': 'DBT_CLOUD_HOST=cloud.getdbt.com\n',
  });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'init');
  // Staged: a token in the index; the working tree goes back to the clean text.
  write(repo, { 'staged.sh': curl(FAKE_PAT) });
  git(repo, 'add', 'staged.sh');
  write(repo, { 'staged.sh': curl('$DBT_CLOUD_PAT') });
  // Changed since HEAD: a new file, an edited one, and every tracked file's stat made dirty so
  // that git would re-hash it through the clean filter if it looked at the working tree.
  write(repo, { 'new.sh': curl(FAKE_SERVICE), 'notes.txt': 'release notes, edited\n', '.gitignore': '*.env\n' });
  const later = new Date(Date.now() + 5000);
  for (const f of ['deploy.sh', 'notes.txt', 'ignored-but-tracked.env', 'staged.sh']) utimesSync(join(repo, f), later, later);
  armRepository(h, repo);
  return { h, repo };
}

describe('a hostile .git/config and .gitattributes run nothing', () => {
  it('--changed reads what changed without a filter, textconv, fsmonitor, hook or alias running', () => {
    const { h, repo } = hostileRepo();
    const trace = join(h.root, 'trace-changed');
    const r = runCli(['scan', '--changed', 'HEAD', '--format', 'json'], repo, { GIT_TRACE: trace });
    expect(markersLeft(h), r.stderr).toEqual([]);
    expect(childProcessesIn(trace)).toEqual([]);
    expect(r.status, r.stderr).toBe(1);
    const files = new Set(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file));
    expect(files).toContain('new.sh');
  });

  it('--staged reads the staged blobs without running anything', () => {
    const { h, repo } = hostileRepo();
    const trace = join(h.root, 'trace-staged');
    const r = runCli(['scan', '--staged', '--format', 'json'], repo, { GIT_TRACE: trace });
    expect(markersLeft(h), r.stderr).toEqual([]);
    expect(childProcessesIn(trace)).toEqual([]);
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`)).toContain('staged.sh hardcoded-token');
  });

  it('inventory --changed and a plain scan of the tree (tracked files under .gitignore) run nothing', () => {
    const { h, repo } = hostileRepo();
    const trace = join(h.root, 'trace-tree');
    const inv = runCli(['inventory', '--changed', 'HEAD', '--format', 'json'], repo, { GIT_TRACE: trace });
    expect(inv.status, inv.stderr).toBe(0);
    const tree = runCli(['scan', '.', '--format', 'json'], repo, { GIT_TRACE: trace });
    expect(tree.status, tree.stderr).toBe(1);
    expect(markersLeft(h)).toEqual([]);
    expect(childProcessesIn(trace)).toEqual([]);
  });

  it('--cache (git index read for object ids) and --staged --cache run nothing, cold or warm', () => {
    const { h, repo } = hostileRepo();
    const trace = join(h.root, 'trace-cache');
    const env = { GIT_TRACE: trace, XDG_CACHE_HOME: join(h.root, 'cache-home') };
    const cache = ['--cache', '--cache-location', join(h.root, 'facts.cache')];
    for (const args of [
      ['.', ...cache],
      ['.', ...cache],
      ['--staged', ...cache],
    ]) {
      const r = runCli(['scan', ...args, '--format', 'json'], repo, env);
      expect(r.status, r.stderr).toBe(1);
    }
    expect(markersLeft(h)).toEqual([]);
    expect(childProcessesIn(trace)).toEqual([]);
  });

  it('a `git` the repository ships is never the one run, whatever PATH leads into the repository', () => {
    const { h, repo } = hostileRepo();
    const fake = `#!/bin/sh\ntouch "${h.markers}/repository-git"\nexit 1\n`;
    write(repo, { git: fake, 'bin/git': fake, 'node_modules/.bin/git': fake });
    for (const p of ['git', 'bin/git', 'node_modules/.bin/git']) chmodSync(join(repo, p), 0o755);
    const path = ['.', '', join(repo, 'bin'), join(repo, 'node_modules/.bin'), process.env.PATH].join(':');
    for (const args of [
      ['scan', '--changed', 'HEAD'],
      ['scan', '--staged'],
      ['scan', '.'],
    ]) {
      const r = runCli([...args, '--format', 'json'], repo, { PATH: path });
      expect(r.status, `${args.join(' ')}\n${r.stderr}`).toBe(1);
    }
    expect(markersLeft(h)).toEqual([]);
  });
});
