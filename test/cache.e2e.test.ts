import { createHmac } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { FAKE_PAT, FAKE_SERVICE, nightlyRunsScript, runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';
import { GIT_ENV, run, userEnv } from './helpers/worktree-copy.js';

// --cache: a warm scan reports exactly what a cold one does, after edits, renames, deletions and
// changes to a file another one imports; a damaged or foreign cache is ignored with a note; the
// cache holds no token; and with the cache a partial scan in a git repository reads the rest of
// the repository as context, so it reports for its files what a full scan reports.

const DEMO = fileURLToPath(new URL('../fixtures/demo', import.meta.url));

/** The report without what differs from run to run by nature (the time taken). */
function stable(stdout: string): unknown {
  const r = JSON.parse(stdout) as Report;
  return { ...r, summary: { ...r.summary, durationMs: 0 } };
}

function scanJson(cwd: string, args: string[], env: Record<string, string> = {}): { report: unknown; stderr: string } {
  const r = runCli(['scan', ...args, '--format', 'json', '--fail-on', 'none'], cwd, env);
  expect(r.status, r.stderr).toBe(0);
  return { report: stable(r.stdout), stderr: r.stderr };
}

/** A private cache folder per test: the signing key lives there, as in a user's home. */
function cacheHome(): Record<string, string> {
  return { XDG_CACHE_HOME: tempDir('dts-cache-home-') };
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/** The workflow a report gives the call in app/job.py (the reach tests' module with a call). */
const workflowOfCall = (report: unknown): string | undefined => (report as Report).callSites.find((c) => c.file === 'app/job.py')?.workflow;

/** A cache file outside the scanned tree, so that a scan without the cache does not read it either. */
const cacheFile = (): string => join(tempDir('dts-cache-file-'), 'facts.cache');

describe('--cache', () => {
  it('gives the report of a cold scan, cold and warm, on the demo repository', () => {
    const root = tempDir('dts-cache-demo-');
    cpSync(DEMO, root, { recursive: true });
    const env = cacheHome();
    const file = cacheFile();
    const cold = scanJson(root, []).report;
    const first = scanJson(root, ['--cache', '--cache-location', file], env);
    expect(existsSync(file)).toBe(true);
    const warm = scanJson(root, ['--cache', '--cache-location', file, '--verbose'], env);
    expect(first.report).toEqual(cold);
    expect(warm.report).toEqual(cold);
    expect(warm.stderr).toMatch(/cache: \d+ files unchanged, 0 read/);
  });

  it('sees edits, renames, deletions and a changed imported module', () => {
    const root = tempDir('dts-cache-edit-');
    write(root, 'settings.py', 'TOKEN_KIND = "x"\nimport os\nDBT_TOKEN = os.environ["DBT_CLOUD_TOKEN"]\n');
    write(
      root,
      'jobs/run.py',
      'import requests\nfrom settings import DBT_TOKEN\nrequests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/", headers={"Authorization": f"Token {DBT_TOKEN}"})\n',
    );
    write(root, 'scripts/trigger.sh', `curl -H "Authorization: Token $DBT_CLOUD_TOKEN" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\n`);
    write(root, 'notes.md', '# notes\n');
    const env = cacheHome();
    const args = ['--cache', '--cache-location', cacheFile()];
    const same = (): void => {
      const warm = scanJson(root, args, env).report;
      expect(warm).toEqual(scanJson(root, []).report);
    };
    same();
    same();
    // An edit that adds a committed token (same size class, other content).
    write(root, 'notes.md', `# notes\nold token ${FAKE_PAT}\n`);
    same();
    // A rename and a deletion.
    renameSync(join(root, 'scripts/trigger.sh'), join(root, 'scripts/trigger-job.sh'));
    rmSync(join(root, 'notes.md'));
    same();
    // The imported module now holds a service token: the importer's facts must be taken again.
    write(root, 'settings.py', `DBT_TOKEN = "${FAKE_SERVICE}"\n`);
    same();
    // A config that declares a name's type applies to cached files too.
    write(root, '.dbt-token-scan.yml', 'tokens:\n  DBT_CLOUD_TOKEN: pat\n');
    same();
  });

  it('is not rewritten when the only files changed held nothing and still do: the next run reads them again', () => {
    const root = tempDir('dts-cache-quiet-');
    cpSync(DEMO, root, { recursive: true });
    write(root, 'NOTES.md', '# notes\n');
    const env = cacheHome();
    const file = cacheFile();
    const args = ['--cache', '--cache-location', file, '--verbose'];
    const cold = scanJson(root, []).report;
    scanJson(root, args, env);
    const written = readFileSync(file);
    write(root, 'NOTES.md', '# notes\n\nNothing to do with any token.\n');
    for (let run = 0; run < 2; run++) {
      const warm = scanJson(root, args, env);
      expect(warm.report).toEqual(cold);
      expect(warm.stderr).toMatch(/cache: \d+ files unchanged, 1 read/);
      expect(readFileSync(file).equals(written)).toBe(true);
    }
    // A change that gives a file something to keep is written at once.
    write(root, 'NOTES.md', `# notes\nold token ${FAKE_PAT}\n`);
    scanJson(root, args, env);
    expect(readFileSync(file).equals(written)).toBe(false);
    expect(scanJson(root, args, env).stderr).toMatch(/cache: \d+ files unchanged, 0 read/);
  });

  it('follows the reach again when a file it read changes, though every file keeps its facts', () => {
    const root = tempDir('dts-cache-reach-');
    write(
      root,
      'app/job.py',
      'import os, requests\ndef run():\n    requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/", headers={"Authorization": "Token " + os.environ["DBT_CLOUD_TOKEN"]})\n',
    );
    write(root, 'app/main.py', 'from job import run\nrun()\n');
    write(root, 'Dockerfile', 'FROM python:3.12\nCOPY app /app\nCMD ["python", "app/main.py"]\n');
    write(root, 'README.md', '# app\n');
    const env = cacheHome();
    const args = ['--cache', '--cache-location', cacheFile()];
    const same = (): unknown => {
      const cold = scanJson(root, []).report;
      expect(scanJson(root, args, env).report).toEqual(cold);
      return cold;
    };
    expect(workflowOfCall(same())).toBe('application');
    // Facts and the files the reach read unchanged: the same answer.
    write(root, 'README.md', '# app\n\nMore words.\n');
    expect(workflowOfCall(same())).toBe('application');
    // The container no longer starts the app: no file's facts change, the reach's answer does.
    write(root, 'Dockerfile', 'FROM python:3.12\nCOPY app /app\nCMD ["sleep", "infinity"]\n');
    expect(workflowOfCall(same())).not.toBe('application');
    write(root, 'Dockerfile', 'FROM python:3.12\nCOPY app /app\nCMD ["python", "app/main.py"]\n');
    expect(workflowOfCall(same())).toBe('application');
    // The entry point stops importing the module with the call.
    write(root, 'app/main.py', 'print("idle")\n');
    expect(workflowOfCall(same())).not.toBe('application');
  });

  it('ignores a damaged, truncated or foreign cache with a note, and still reports the same', () => {
    const root = tempDir('dts-cache-bad-');
    cpSync(DEMO, root, { recursive: true });
    const env = cacheHome();
    const file = cacheFile();
    const args = ['--cache', '--cache-location', file];
    const cold = scanJson(root, []).report;
    scanJson(root, args, env);
    const good = readFileSync(file);

    // One byte changed in the middle: the signature no longer holds.
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1]! ^= 1;
    writeFileSync(file, flipped);
    let r = scanJson(root, args, env);
    expect(r.stderr).toMatch(/cache file was not written by this user \(or is damaged\): ignored/);
    expect(r.report).toEqual(cold);

    writeFileSync(file, good.subarray(0, good.length >> 1));
    r = scanJson(root, args, env);
    expect(r.stderr).toMatch(/cache .*: ignored/);
    expect(r.report).toEqual(cold);

    writeFileSync(file, '{"not": "a cache"}');
    r = scanJson(root, args, env);
    expect(r.stderr).toMatch(/cache file is not a dbt-token-scan cache: ignored/);
    expect(r.report).toEqual(cold);

    // A cache another user signed (another key): a planted cache must not hide findings.
    writeFileSync(file, good);
    r = scanJson(root, args, cacheHome());
    expect(r.stderr).toMatch(/not written by this user/);
    expect(r.report).toEqual(cold);
  });

  it('ignores a cache signed by this user whose dependency table is malformed, and still reports the same', () => {
    const root = tempDir('dts-cache-table-');
    cpSync(DEMO, root, { recursive: true });
    // An entry with a dependency, so that the table is not empty.
    write(root, 'jobs/settings.py', 'import os\nDBT_TOKEN = os.environ["DBT_CLOUD_TOKEN"]\n');
    write(
      root,
      'jobs/run.py',
      'import requests\nfrom settings import DBT_TOKEN\nrequests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/", headers={"Authorization": f"Token {DBT_TOKEN}"})\n',
    );
    const env = cacheHome();
    const file = cacheFile();
    const args = ['--cache', '--cache-location', file];
    const cold = scanJson(root, []).report;
    scanJson(root, args, env);
    const text = readFileSync(file, 'utf8');
    const [magic, , setting, json, ...rest] = text.split('\n');
    const stored = JSON.parse(json!) as { deps: unknown[]; entries: Record<string, { deps: number[] }> };
    expect(stored.deps.length).toBeGreaterThan(0);
    // Signed with the user's own key, as a bug of an earlier run could have written it.
    const key = readFileSync(join(env.XDG_CACHE_HOME!, 'dbt-token-scan', 'cache-signing-key'));
    const resign = (s: typeof stored & { reach?: unknown }): void => {
      const body = [setting, JSON.stringify(s), ...rest].join('\n');
      writeFileSync(file, `${magic}\n${createHmac('sha256', key).update(body).digest('base64url')}\n${body}`);
    };
    resign({ ...stored, deps: [null, ...stored.deps.slice(1)] });
    let r = scanJson(root, args, env);
    expect(r.stderr).toMatch(/cache file is damaged: ignored/);
    expect(r.report).toEqual(cold);
    // An entry naming a dependency the table does not have is read again, never trusted.
    const entries = Object.fromEntries(Object.entries(stored.entries).map(([rel, e]) => [rel, { ...e, deps: e.deps.map(() => 9999) }]));
    resign({ ...stored, entries });
    r = scanJson(root, args, env);
    expect(r.report).toEqual(cold);
    expect(scanJson(root, args, env).report).toEqual(cold);
  });

  it('keeps the reach in a signed file beside the cache, used only as this user wrote it for this setting', () => {
    const root = tempDir('dts-cache-reach-file-');
    write(
      root,
      'jobs/run.py',
      'import os, requests\nrequests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/", headers={"Authorization": "Token " + os.environ["DBT_CLOUD_TOKEN"]})\n',
    );
    const env = cacheHome();
    const file = cacheFile();
    const args = ['--cache', '--cache-location', file];
    const cold = scanJson(root, []).report;
    expect(scanJson(root, args, env).report).toEqual(cold);
    const reachFile = `${file}.reach`;
    const [magic, , setting, json] = readFileSync(reachFile, 'utf8').split('\n');
    const kept = JSON.parse(json!) as { workflows: [string, string][]; deps: [string, string][] };
    const workflowOf = (report: unknown): string | undefined =>
      (report as Report).callSites.find((c) => c.file === 'jobs/run.py')?.workflow;
    expect(workflowOf(cold)).not.toBe('orchestrator');
    const ownKey = readFileSync(join(env.XDG_CACHE_HOME!, 'dbt-token-scan', 'cache-signing-key'));
    const plant = (reach: unknown, key: Buffer | string = ownKey, settingLine = setting): void => {
      const body = [settingLine, JSON.stringify(reach)].join('\n');
      writeFileSync(reachFile, `${magic}\n${createHmac('sha256', key).update(body).digest('base64url')}\n${body}`);
    };
    const told = { ...kept, workflows: [...kept.workflows, ['jobs/run.py', 'orchestrator']] };
    // As this user's own run would have written it: taken (what makes the cases below worth checking).
    plant(told);
    expect(workflowOf(scanJson(root, args, env).report)).toBe('orchestrator');
    // Signed with another key, written for another setting, of another shape, or with a file it read
    // since changed: never taken.
    for (const bad of [
      () => plant(told, 'another key'),
      () => plant(told, ownKey, 'another setting'),
      () => plant({ ...told, workflows: [['jobs/run.py', 'everywhere']] }),
      () => plant({ ...told, deps: [...told.deps, ['jobs/run.py', 'm:1:2:3:4']] }),
      () => writeFileSync(reachFile, readFileSync(reachFile).subarray(0, 40)),
    ]) {
      plant(told);
      scanJson(root, args, env);
      bad();
      expect(scanJson(root, args, env).report).toEqual(cold);
    }
  });

  it('holds no token characters beyond what reports hold', () => {
    const root = tempDir('dts-cache-leak-');
    write(
      root,
      'deploy.sh',
      `curl -H "Authorization: Token ${FAKE_PAT}" "https://cloud.getdbt.com/api/v2/accounts/1/jobs/?key=${FAKE_SERVICE}"\n`,
    );
    write(
      root,
      'app.py',
      `import requests\nrequests.get("https://cloud.getdbt.com/api/v2/accounts/1/", headers={"Authorization": "Bearer ${FAKE_SERVICE}"})\n`,
    );
    const file = cacheFile();
    scanJson(root, ['--cache', '--cache-location', file], cacheHome());
    const text = readFileSync(file, 'latin1');
    for (const token of [FAKE_PAT, FAKE_SERVICE]) {
      const body = token.slice(5, -4);
      for (let i = 0; i + 8 <= body.length; i++)
        expect(text.includes(body.slice(i, i + 8)), `cache holds part of ${token.slice(0, 5)}…`).toBe(false);
    }
  });

  it('is never fatal: an unwritable location is a note and the scan runs', () => {
    const root = tempDir('dts-cache-ro-');
    cpSync(DEMO, root, { recursive: true });
    write(root, 'blocker', 'a file where the cache folder would go\n');
    const r = runCli(
      ['scan', '--cache', '--cache-location', 'blocker/sub/facts.cache', '--format', 'json', '--fail-on', 'none'],
      root,
      cacheHome(),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/cache not written \(ENOTDIR\)/);
    expect(stable(r.stdout)).toEqual(scanJson(root, []).report);
  });

  it.each([
    ['1', 'dbt-token-scan-facts-cache 1\nsignature\n{"format":"dbt-token-scan facts cache","version":1}'],
    ['2', 'dbt-token-scan-facts-cache 2\nsignature\nsetting\n{"jobs/run.py":{"key":"m:1","deps":[["settings.py",""]],"result":null}}\n'],
  ])('drops a cache of an earlier format (%s) without a note, as one of another tool version', (_version, older) => {
    const root = tempDir('dts-cache-older-');
    cpSync(DEMO, root, { recursive: true });
    const env = cacheHome();
    const file = cacheFile();
    writeFileSync(file, older);
    const first = scanJson(root, ['--cache', '--cache-location', file], env);
    expect(first.stderr).not.toMatch(/cache/);
    expect(first.report).toEqual(scanJson(root, []).report);
    expect(scanJson(root, ['--cache', '--cache-location', file, '--verbose'], env).stderr).toMatch(/cache: \d+ files unchanged, 0 read/);
  });

  it('refuses an unknown --cache-strategy, and content strategy gives the same report', () => {
    const root = tempDir('dts-cache-strategy-');
    cpSync(DEMO, root, { recursive: true });
    const bad = runCli(['scan', '--cache', '--cache-strategy', 'mtime'], root);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--cache-strategy: expected metadata or content, got "mtime"');
    const env = cacheHome();
    const args = ['--cache', '--cache-strategy', 'content', '--cache-location', cacheFile()];
    scanJson(root, args, env);
    expect(scanJson(root, args, env).report).toEqual(scanJson(root, []).report);
  });
});

describe('a partial scan with --cache in a git repository', () => {
  /** A repository whose CI file runs a script with a PAT-named secret: only the CI file says so. */
  function repoWithContext(): string {
    const root = tempDir('dts-cache-context-');
    for (const [rel, text] of Object.entries(nightlyRunsScript('scripts/trigger.py'))) write(root, rel, text);
    write(root, 'scripts/other.py', 'print("hello")\n');
    return committed(root);
  }

  /** `root` made a git repository of one commit holding all its files. */
  function committed(root: string): string {
    for (const args of [
      ['init', '-q'],
      ['add', '-A'],
      ['commit', '-q', '--no-verify', '-m', 'init'],
    ])
      expect(run('git', args, root, userEnv(GIT_ENV)).status).toBe(0);
    return root;
  }

  /** What a report says about one file. */
  const about = (report: unknown, file: string): unknown => {
    const r = report as Report;
    return {
      findings: r.findings.filter((f) => f.file === file),
      callSites: r.callSites.filter((c) => c.file === file),
      errors: r.errors.filter((e) => e.file === file),
    };
  };

  it('reports for the named files exactly what a full scan reports for them, and nothing else', () => {
    const root = repoWithContext();
    const full = scanJson(root, []).report;
    const env = cacheHome();
    const named = scanJson(root, ['scripts/trigger.py', 'scripts/other.py', '--cache'], env).report as Report;
    expect(about(named, 'scripts/trigger.py')).toEqual(about(full, 'scripts/trigger.py'));
    expect(named.findings.map((f) => f.ruleId)).toContain('pat-in-production');
    expect(new Set([...named.findings, ...named.callSites].map((x) => x.file))).toEqual(new Set(['scripts/trigger.py']));
    expect(named.summary.filesScanned).toBe(2);
    // Without the context the CI file gives, the script alone says less: the PAT is not known.
    const alone = scanJson(root, ['scripts/trigger.py']).report as Report;
    expect(alone.findings.map((f) => f.ruleId)).not.toContain('pat-in-production');
    // Warm, the same.
    expect(scanJson(root, ['scripts/trigger.py', 'scripts/other.py', '--cache'], env).report).toEqual(named);
  });

  it('naming the whole work tree is a full scan: discovery errors (a broken link) are reported as without the cache', () => {
    const root = repoWithContext();
    symlinkSync('missing.sh', join(root, 'scripts/broken.sh'));
    const env = cacheHome();
    const plain = scanJson(root, ['.']).report as Report;
    expect(plain.errors.map((e) => `${e.file}: ${e.message}`)).toContain('scripts/broken.sh: skipped: broken symbolic link');
    const args = ['.', '--cache', '--cache-location', cacheFile()];
    expect(scanJson(root, args, env).report).toEqual(plain);
    const warm = scanJson(root, [...args, '--verbose'], env);
    expect(warm.report).toEqual(plain);
    expect(warm.stderr).toMatch(/cache: \d+ files unchanged, 0 read/);
  });

  it('knows tracked files by their object ids: a fresh clone at the same path, its cache restored, reads nothing again', () => {
    const root = repoWithContext();
    const env = { ...cacheHome(), ...userEnv(GIT_ENV) } as Record<string, string>;
    const args = ['.', '--cache', '--cache-location', cacheFile()];
    scanJson(root, args, env);
    // As in CI: the next run checks the repository out afresh (new inodes and times) where the last one did.
    const clone = join(tempDir('dts-cache-clone-'), 'repo');
    expect(run('git', ['clone', '-q', '--no-hardlinks', root, clone], root, userEnv(GIT_ENV)).status).toBe(0);
    rmSync(root, { recursive: true });
    renameSync(clone, root);
    // A checkout can leave the files written in the index's own tick "racily clean" (git compares
    // their content); once the clock has moved on, a refresh records their times for certain.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    expect(run('git', ['update-index', '-q', '--really-refresh'], root, userEnv(GIT_ENV)).status).toBe(0);
    const warm = scanJson(root, [...args, '--verbose'], env);
    expect(warm.stderr).toMatch(/cache: \d+ files unchanged, 0 read/);
    expect(warm.report).toEqual(scanJson(root, ['.']).report);
  });

  it('--staged with --cache keeps what it knew of the staged files: the next full scan reads nothing again', () => {
    const root = repoWithContext();
    const env = { ...cacheHome(), ...userEnv(GIT_ENV) } as Record<string, string>;
    const args = ['--cache', '--cache-location', cacheFile()];
    write(root, 'scripts/new.py', 'print("new")\n');
    expect(run('git', ['add', 'scripts/new.py'], root, userEnv(GIT_ENV)).status).toBe(0);
    scanJson(root, ['.', ...args], env);
    // The staged run reads the staged file from git's index, not from the working tree.
    scanJson(root, ['--staged', ...args], env);
    expect(scanJson(root, ['.', ...args, '--verbose'], env).stderr).toMatch(/cache: \d+ files unchanged, 0 read/);
  });

  it('--staged with --cache knows the rest of the repository by the index: an unstaged edit is not read', () => {
    const root = repoWithContext();
    const env = { ...cacheHome(), ...userEnv(GIT_ENV) } as Record<string, string>;
    const args = ['--cache', '--cache-location', cacheFile()];
    scanJson(root, ['.', ...args], env);
    write(root, 'scripts/new.py', 'print("new")\n');
    expect(run('git', ['add', 'scripts/new.py'], root, userEnv(GIT_ENV)).status).toBe(0);
    // Not staged: the commit holds the indexed copy, whose facts the cache has.
    write(root, 'scripts/other.py', 'print("edited, not staged")\n');
    const staged = scanJson(root, ['--staged', ...args, '--verbose'], env);
    expect(staged.stderr).toMatch(/cache: \d+ files unchanged, 0 read/);
    expect((staged.report as Report).summary.filesScanned).toBeGreaterThan(0);
  });

  it('--staged with --cache reports what a run with a fresh cache does, as the files the reach reads change', () => {
    const root = tempDir('dts-cache-staged-reach-');
    const job = (id: number): string =>
      `import os, requests\ndef run():\n    requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/${id}/run/", headers={"Authorization": "Token " + os.environ["DBT_CLOUD_TOKEN"]})\n`;
    write(root, 'app/job.py', job(2));
    write(root, 'app/main.py', 'from job import run\nrun()\n');
    write(root, 'Dockerfile', 'FROM python:3.12\nCOPY app /app\nCMD ["python", "app/main.py"]\n');
    committed(root);
    const gitEnv = userEnv(GIT_ENV);
    const env = { ...cacheHome(), ...gitEnv } as Record<string, string>;
    const kept = ['--cache', '--cache-location', cacheFile()];
    const fresh = (): unknown => scanJson(root, ['--staged', '--cache', '--cache-location', cacheFile()], env).report;
    write(root, 'app/job.py', job(3));
    expect(run('git', ['add', 'app/job.py'], root, gitEnv).status).toBe(0);
    for (let i = 0; i < 2; i++) expect(scanJson(root, ['--staged', ...kept], env).report).toEqual(fresh());
    expect(workflowOfCall(fresh())).toBe('application');
    // Not staged, but what the reach reads: the container no longer starts the app.
    write(root, 'Dockerfile', 'FROM python:3.12\nCOPY app /app\nCMD ["sleep", "infinity"]\n');
    const now = fresh();
    expect(scanJson(root, ['--staged', ...kept], env).report).toEqual(now);
    expect(workflowOfCall(now)).not.toBe('application');
  });

  it('--staged with --cache takes the repository around the staged files from the index: an untracked CI file is not in the commit', () => {
    const root = repoWithContext();
    const env = { ...cacheHome(), ...userEnv(GIT_ENV) } as Record<string, string>;
    const gitEnv = userEnv(GIT_ENV);
    // The workflow that runs the script with a PAT leaves the index: it stays on disk, untracked.
    expect(run('git', ['rm', '-q', '--cached', '.github/workflows/nightly.yml'], root, gitEnv).status).toBe(0);
    write(root, 'scripts/trigger.py', `${nightlyRunsScript('scripts/trigger.py')['scripts/trigger.py']}# staged edit\n`);
    expect(run('git', ['add', 'scripts/trigger.py'], root, gitEnv).status).toBe(0);
    const rules = (report: unknown): string[] => (report as Report).findings.map((f) => `${f.file} ${f.ruleId}`);
    const args = ['--staged', '--cache', '--cache-location', cacheFile()];
    expect(rules(scanJson(root, args, env).report)).not.toContain('scripts/trigger.py pat-in-production');
    // A full scan of the working tree reads it: the script runs in production with a PAT.
    expect(rules(scanJson(root, ['.']).report)).toContain('scripts/trigger.py pat-in-production');
    // Staged, the workflow is part of the commit and of the context.
    expect(run('git', ['add', '.github/workflows/nightly.yml'], root, gitEnv).status).toBe(0);
    expect(rules(scanJson(root, args, env).report)).toContain('scripts/trigger.py pat-in-production');
  });

  it('--staged with --cache reports the staged content of its files with the repository as context', () => {
    const root = repoWithContext();
    const env = { ...cacheHome(), ...userEnv(GIT_ENV) } as Record<string, string>;
    write(
      root,
      'scripts/other.py',
      `import requests\nrequests.get("https://cloud.getdbt.com/api/v2/accounts/1/", headers={"Authorization": "Token ${FAKE_SERVICE}"})\n`,
    );
    expect(run('git', ['add', 'scripts/other.py'], root, userEnv(GIT_ENV)).status).toBe(0);
    // The working tree then differs from what is staged: the staged content is what is reported.
    write(root, 'scripts/other.py', 'print("unstaged")\n');
    const staged = scanJson(root, ['--staged', '--cache'], env).report as Report;
    expect(staged.findings.map((f) => `${f.file} ${f.ruleId}`)).toContain('scripts/other.py hardcoded-token');
    expect(new Set(staged.findings.map((f) => f.file))).toEqual(new Set(['scripts/other.py']));
  });
});
