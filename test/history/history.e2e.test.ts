import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { validate, type SchemaNode } from '../helpers/json-schema.js';
import { tempDir } from '../helpers/temp-dir.js';
import { write } from '../helpers/hostile-git.js';
import { GIT_ENV, REPO_ROOT } from '../helpers/worktree-copy.js';

// `dbt-token-scan history` through the built CLI, on repositories built here commit by commit
// with fixed dates: a token added then deleted, a renamed file, merges, branches never merged,
// --since, --branches, the formats, suppressions and baselines. Tokens are made of pieces.

const token = (prefix: 'dbtu_' | 'dbtc_', piece: string): string => `${prefix}${piece.repeat(13).slice(0, 46)}${piece.slice(0, 4)}`;
const PAT = token('dbtu_', 'A1b2');
const SVC = token('dbtc_', 'C3d4');
const BRANCH_PAT = token('dbtu_', 'E5f6');
const MERGED_SVC = token('dbtc_', 'G7h8');
const KEY = ['0123456789', 'abcdef0123', '456789abcd', 'ef01234567'].join('');
const curl = (t: string): string => `curl -H "Authorization: Token ${t}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`;
const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures', 'reporters', 'report.schema.json'), 'utf8')) as SchemaNode;

interface Entry {
  file: string;
  line: number;
  ruleId: string;
  message: string;
  fingerprint: string;
  credential: { type: string; redacted?: string };
  history: { commit: string; date: string; commits: number; presentAtHead: boolean };
}
interface HistoryJson {
  findings: Entry[];
  suppressed: Entry[];
  errors: { file: string; message: string }[];
  history: { branches: string; commitsRead: number };
}

/** git with a fixed identity and, when given, a fixed date for the commit it makes. */
function git(cwd: string, args: string[], date?: string): string {
  const env = { ...process.env, ...GIT_ENV, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
  const res = spawnSync('git', args, { cwd, encoding: 'utf8', env });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')}: ${res.stderr}`);
  return res.stdout.trim();
}

function commit(repo: string, files: Record<string, string | null>, message: string, date: string): string {
  for (const [p, text] of Object.entries(files)) {
    if (text === null) rmSync(join(repo, p));
    else write(repo, { [p]: text });
  }
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-qm', message], date);
  return git(repo, ['rev-parse', 'HEAD']);
}

/**
 * main: PAT added (Jan), deleted (Feb); service token in a.sh (Mar), renamed to b.sh (Apr), edited
 * (May); a merged branch that added a second service token (Jun); a user API key in a .env (Jul).
 * Branch `leak`, never merged: another PAT (Aug).
 */
function buildRepo() {
  const repo = tempDir('dts-history-');
  git(repo, ['init', '-q', '-b', 'main']);
  const c: Record<string, string> = {};
  c.patAdded = commit(
    repo,
    { 'deploy.sh': curl(PAT), 'README.md': 'release 1234567890abcdef1234567890abcdef12345678\n' },
    'add deploy',
    '2024-01-10T10:00:00Z',
  );
  c.patDeleted = commit(repo, { 'deploy.sh': curl('$DBT_CLOUD_TOKEN') }, 'use the secret', '2024-02-10T10:00:00Z');
  c.svcAdded = commit(repo, { 'a.sh': curl(SVC) }, 'add a', '2024-03-10T10:00:00Z');
  git(repo, ['mv', 'a.sh', 'b.sh']);
  c.renamed = commit(repo, {}, 'rename', '2024-04-10T10:00:00Z');
  c.edited = commit(repo, { 'b.sh': `# nightly\n${curl(SVC)}` }, 'edit b', '2024-05-10T10:00:00Z');
  git(repo, ['checkout', '-qb', 'feature']);
  c.featureSvc = commit(repo, { 'jobs/run.sh': curl(MERGED_SVC) }, 'feature token', '2024-06-01T10:00:00Z');
  git(repo, ['checkout', '-q', 'main']);
  c.mainWork = commit(repo, { 'notes.md': 'notes\n' }, 'notes', '2024-06-05T10:00:00Z');
  git(repo, ['merge', '-q', '--no-ff', '-m', 'merge feature', 'feature'], '2024-06-10T10:00:00Z');
  c.merge = git(repo, ['rev-parse', 'HEAD']);
  c.key = commit(repo, { '.env': `DBT_CLOUD_API_KEY=${KEY}\n` }, 'env', '2024-07-10T10:00:00Z');
  git(repo, ['checkout', '-qb', 'leak', c.patDeleted]);
  c.leak = commit(repo, { 'tmp/try.sh': curl(BRANCH_PAT) }, 'try', '2024-08-10T10:00:00Z');
  git(repo, ['checkout', '-q', 'main']);
  return { repo, c };
}

const json = (r: { stdout: string; stderr: string }): HistoryJson => {
  try {
    return JSON.parse(r.stdout) as HistoryJson;
  } catch {
    throw new Error(`not JSON: ${r.stdout.slice(0, 300)}\n${r.stderr}`);
  }
};
const last4 = (t: string): string => t.slice(-4);
const byToken = (report: HistoryJson, t: string): Entry[] => report.findings.filter((f) => f.credential.redacted?.endsWith(last4(t)));

describe('dbt-token-scan history', () => {
  const { repo, c } = buildRepo();

  it('lists each distinct token once, at its first commit, most recent first, with the HEAD state', () => {
    const r = runCli(['history', '--format', 'json'], repo);
    expect(r.status, r.stderr).toBe(1);
    const report = json(r);
    expect(validate(schema, schema, report, 'report')).toEqual([]);
    expect(report.findings.map((f) => f.credential.redacted)).toEqual([
      `dbtu_…${last4(BRANCH_PAT)}`,
      `…${last4(KEY)}`,
      `dbtc_…${last4(MERGED_SVC)}`,
      `dbtc_…${last4(SVC)}`,
      `dbtu_…${last4(PAT)}`,
    ]);
    for (const f of report.findings) expect(f.ruleId).toBe('hardcoded-token');

    // Added, then deleted: still reported, no longer in HEAD.
    const [pat] = byToken(report, PAT);
    expect(pat).toMatchObject({
      file: 'deploy.sh',
      line: 1,
      credential: { type: 'pat' },
      history: { commit: c.patAdded, date: '2024-01-10T10:00:00Z', commits: 1, presentAtHead: false },
    });
    expect(pat!.message).toContain(`First committed in ${c.patAdded!.slice(0, 12)} on 2024-01-10`);
    expect(pat!.message).toContain('no longer in HEAD');

    // Renamed without a change, then edited: the first commit is where it was written, under its first name.
    const [svc] = byToken(report, SVC);
    expect(svc).toMatchObject({
      file: 'a.sh',
      credential: { type: 'service-token' },
      history: { commit: c.svcAdded, presentAtHead: true },
    });
    expect(svc!.history.commits).toBe(3); // added, renamed (a new path), edited

    // From a merged branch: the branch's commit, not the merge.
    expect(byToken(report, MERGED_SVC)[0]).toMatchObject({
      file: 'jobs/run.sh',
      history: { commit: c.featureSvc, commits: 1, presentAtHead: true },
    });

    // A 40-hex value is a user API key only in a dbt context: the .env entry, not the README's commit id.
    expect(byToken(report, KEY)[0]).toMatchObject({
      file: '.env',
      credential: { type: 'legacy-user-api-key' },
      history: { commit: c.key },
    });
    expect(report.findings.filter((f) => f.file === 'README.md')).toEqual([]);

    // On a branch never merged: found with every branch, not in HEAD.
    expect(byToken(report, BRANCH_PAT)[0]).toMatchObject({ file: 'tmp/try.sh', history: { commit: c.leak, presentAtHead: false } });
    expect(report.history).toMatchObject({ branches: 'all', commitsRead: 10 });
  });

  it("--branches current reads HEAD's history only", () => {
    const report = json(runCli(['history', '--branches', 'current', '--format', 'json'], repo));
    expect(byToken(report, BRANCH_PAT)).toEqual([]);
    expect(byToken(report, PAT)).toHaveLength(1);
    expect(report.history.branches).toBe('current');
  });

  it('--since REF leaves out what REF holds; --since DATE cuts by date', () => {
    const byRef = json(runCli(['history', '--since', c.edited!, '--branches', 'current', '--format', 'json'], repo));
    expect(byRef.findings.map((f) => f.file).sort()).toEqual(['.env', 'jobs/run.sh']);
    const byDate = json(runCli(['history', '--since', '2024-05-01', '--format', 'json'], repo));
    // b.sh's edit (May) wrote the service token again: within the range, it counts from there.
    expect(byDate.findings.map((f) => f.file).sort()).toEqual(['.env', 'b.sh', 'jobs/run.sh', 'tmp/try.sh']);
    expect(byToken(byDate, SVC)[0]!.history.commit).toBe(c.edited);
    const bad = runCli(['history', '--since', 'no-such-branch'], repo);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--since: "no-such-branch" names no commit of this repository and is no date/);
  });

  it('writes SARIF with the commit in versionControlProvenance and in each result', () => {
    const r = runCli(['history', '--format', 'sarif'], repo);
    expect(r.status, r.stderr).toBe(1);
    const run = (
      JSON.parse(r.stdout) as {
        runs: {
          versionControlProvenance: { repositoryUri: string; revisionId: string }[];
          results: { ruleId: string; message: { text: string }; properties: Record<string, unknown> }[];
        }[];
      }
    ).runs[0]!;
    expect(run.versionControlProvenance).toEqual([{ repositoryUri: expect.stringMatching(/^file:\/\//), revisionId: c.key }]);
    expect(run.results).toHaveLength(5);
    const pat = run.results.find((x) => x.properties.commit === c.patAdded)!;
    expect(pat).toMatchObject({
      ruleId: 'hardcoded-token',
      properties: { commitDate: '2024-01-10T10:00:00Z', commits: 1, presentAtHead: false },
    });
    expect(pat.message.text).toContain(c.patAdded!.slice(0, 12));
  });

  it('writes text and markdown, and no format holds a token whole', () => {
    const text = runCli(['history'], repo);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`${c.patAdded!.slice(0, 12)}  2024-01-10  deploy.sh:1:`);
    expect(text.stdout).toMatch(/5 dbt Cloud tokens committed in the history, 3 still in HEAD; 10 commits/);
    const md = runCli(['history', '--format', 'markdown'], repo);
    expect(md.stdout).toContain(
      `| \`${c.patAdded!.slice(0, 12)}\` | 2024-01-10 | \`deploy.sh\`:1 | PAT | \`dbtu_…${last4(PAT)}\` | 1 | no |`,
    );
    for (const out of [
      text.stdout,
      md.stdout,
      runCli(['history', '--format', 'json'], repo).stdout,
      runCli(['history', '--format', 'sarif'], repo).stdout,
    ]) {
      for (const t of [PAT, SVC, BRANCH_PAT, MERGED_SVC, KEY]) expect(out).not.toContain(t.slice(5, 20));
    }
  });

  it('an inline suppression silences a token; a baseline records and silences the rest (exit 0)', () => {
    const quiet = tempDir('dts-history-suppressed-');
    git(quiet, ['init', '-q', '-b', 'main']);
    commit(
      quiet,
      { 'fixture.sh': `# dbt-token-scan-ignore hardcoded-token -- a fake token for the tests\n${curl(SVC)}` },
      'fixture',
      '2024-01-01T00:00:00Z',
    );
    const r = runCli(['history', '--format', 'json'], quiet);
    expect(r.status, r.stderr).toBe(0);
    expect(json(r).findings).toEqual([]);
    expect(json(r).suppressed).toMatchObject([{ file: 'fixture.sh', history: { presentAtHead: true } }]);

    const baseline = join(tempDir('dts-history-baseline-'), 'baseline.json');
    const w = runCli(['history', '--write-baseline', baseline], repo);
    expect(w.status, w.stderr).toBe(0);
    const b = runCli(['history', '--baseline', baseline, '--format', 'json'], repo);
    expect(b.status, b.stderr).toBe(0);
    expect(json(b).findings).toEqual([]);
    expect(json(b).suppressed).toHaveLength(5);
  });

  it('refuses what it cannot read: not a repository, a bad option value', () => {
    const plain = tempDir('dts-history-plain-');
    const r = runCli(['history'], plain);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/history needs a git repository/);
    expect(runCli(['history', '--branches', 'some'], repo).status).toBe(2);
    expect(runCli(['history', '--format', 'github'], repo).status).toBe(2);
  });

  it('reports nothing for a repository without a token (exit 0)', () => {
    const clean = tempDir('dts-history-clean-');
    git(clean, ['init', '-q', '-b', 'main']);
    commit(
      clean,
      { 'deploy.sh': curl('$DBT_CLOUD_SERVICE_TOKEN'), 'placeholder.sh': curl('dbtc_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx') },
      'one',
      '2024-01-01T00:00:00Z',
    );
    const r = runCli(['history'], clean);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No committed dbt Cloud token in the history; 1 commit/);
  });
});
