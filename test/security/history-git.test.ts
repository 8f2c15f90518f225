import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { armRepository, childProcessesIn, git, hostileRoot, installHooks, markersLeft, write } from '../helpers/hostile-git.js';
import { FAKE_PAT, FAKE_SERVICE, runCli } from '../helpers/run-cli.js';

// `dbt-token-scan history` reads every commit of an untrusted repository: its .git/config and
// .gitattributes name filters, textconv, external diff, fsmonitor, hooks, a pager, gpg for
// signatures; none may run (a marker would appear, GIT_TRACE would show a program started). A
// partial clone is never fetched from: history stops with exit 2 before git reads what is absent.

const curl = (token: string): string => `curl -H "Authorization: Token ${token}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`;

describe('history in a hostile repository', () => {
  it('finds the tokens of every commit without running a filter, textconv, diff driver, hook, fsmonitor, pager or gpg', () => {
    const h = hostileRoot('dts-history-hostile-');
    const repo = join(h.root, 'repo');
    write(repo, { 'deploy.sh': curl(FAKE_PAT), 'notes.txt': 'notes\n' });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'one');
    write(repo, { 'deploy.sh': curl('$DBT_CLOUD_TOKEN'), 'notes.txt': `${curl(FAKE_SERVICE)}` });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'two');
    git(repo, 'checkout', '-qb', 'side');
    write(repo, { 'side.sh': 'echo side\n' });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'side');
    git(repo, 'checkout', '-q', 'main');
    armRepository(h, repo);
    const later = new Date(Date.now() + 5000);
    for (const f of ['deploy.sh', 'notes.txt']) utimesSync(join(repo, f), later, later);
    for (const format of ['json', 'sarif', 'text', 'markdown']) {
      const trace = join(h.root, `trace-${format}`);
      const r = runCli(['history', '--format', format], repo, { GIT_TRACE: trace });
      expect(markersLeft(h), r.stderr).toEqual([]);
      expect(childProcessesIn(trace)).toEqual([]);
      expect(r.status, r.stderr).toBe(1);
      if (format === 'json') {
        const files = JSON.parse(r.stdout).findings.map(
          (f: { file: string; history: { presentAtHead: boolean } }) => `${f.file} ${f.history.presentAtHead}`,
        );
        expect(files.sort()).toEqual(['deploy.sh false', 'notes.txt true']);
      }
    }
  });

  it('stops with exit 2, fetching nothing, in a partial clone whose old contents are absent', () => {
    const h = hostileRoot('dts-history-partial-');
    const server = join(h.root, 'server');
    write(server, { 'deploy.sh': curl(FAKE_PAT) });
    git(server, 'init', '-q', '-b', 'main');
    git(server, 'config', 'uploadpack.allowFilter', 'true');
    git(server, 'add', '-A');
    git(server, 'commit', '-qm', 'one');
    write(server, { 'deploy.sh': curl('$DBT_CLOUD_TOKEN') });
    git(server, 'add', '-A');
    git(server, 'commit', '-qm', 'two');
    const repo = join(h.root, 'clone');
    git(h.root, 'clone', '-q', '--filter=blob:none', `file://${server}`, repo);
    // Any fetch from now on would go over ssh, through the repository's own ssh command.
    git(repo, 'remote', 'set-url', 'origin', 'ssh://dts-test.invalid/repo.git');
    git(repo, 'config', 'core.sshCommand', `${h.mark} ssh`);
    git(repo, 'config', 'protocol.allow', 'always');
    installHooks(h, join(repo, '.git', 'hooks'));
    const absent = (): number =>
      git(repo, 'rev-list', '--objects', '--all', '--missing=print')
        .split('\n')
        .filter((l) => l.startsWith('?')).length;
    expect(absent()).toBeGreaterThan(0);
    const trace = join(h.root, 'trace');
    const r = runCli(['history', '--format', 'json'], repo, { GIT_TRACE: trace });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not in this partial clone, and dbt-token-scan never fetches/);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(markersLeft(h)).toEqual([]);
    expect(childProcessesIn(trace)).toEqual([]);
    expect(absent()).toBeGreaterThan(0);
  });
});
