import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FAKE_PAT, deployWorkflow, makeRepo, runCli } from '../helpers/run-cli.js';

// A report that could not be written must not look like a clean run: exit 2 with a message that
// names where it was going. What can be known before the scan (a missing or read-only folder) is
// checked before it, so a long scan is not wasted; DTS_TIMING lines show whether a scan ran.

const repoWithFinding = (): string => makeRepo({ '.github/workflows/deploy.yml': deployWorkflow(FAKE_PAT) });
const scanned = (stderr: string): boolean => /dts-timing discovered/.test(stderr);

/** Runs the CLI with stdout on an open file descriptor (a device, a file), stderr captured. */
function runWithStdout(args: readonly string[], cwd: string, stdoutPath: string): { status: number | null; stderr: string } {
  const fd = openSync(stdoutPath, 'w');
  try {
    const res = spawnSync(process.execPath, [BIN, ...args], {
      cwd,
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { status: res.status, stderr: res.stderr };
  } finally {
    closeSync(fd);
  }
}

/** Root ignores permission bits: a read-only bind mount in a private mount namespace is read-only for root too. */
function canMountReadOnly(): boolean {
  return spawnSync('unshare', ['-rm', 'true']).status === 0;
}

describe('a report that cannot be written is exit 2, naming where it went', () => {
  it('--output /dev/full (a full disk)', () => {
    const dir = repoWithFinding();
    const r = runCli(['scan', '--output', '/dev/full'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('/dev/full');
    expect(r.stderr).toMatch(/no space left/i);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('stdout on /dev/full', () => {
    const dir = repoWithFinding();
    const r = runWithStdout(['scan'], dir, '/dev/full');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/stdout/);
    expect(r.stderr).toMatch(/no space left/i);
  });

  it('--output and --write-baseline in folders that do not exist yet: the folders are made', () => {
    const dir = repoWithFinding();
    for (const cmd of [['scan'], ['inventory'], ['rules'], ['explain', 'hardcoded-token']]) {
      const out = `made/${cmd[0]}/report.txt`;
      const r = runCli([...cmd, '--output', out], dir);
      expect([0, 1], `${cmd.join(' ')}: ${r.stderr}`).toContain(r.status);
      expect(readFileSync(join(dir, out), 'utf8').length, cmd.join(' ')).toBeGreaterThan(0);
    }
    const r = runCli(['scan', '--write-baseline', 'ci/baselines/dts.json'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'ci/baselines/dts.json'), 'utf8'))).toMatchObject({ tool: 'dbt-token-scan' });
  });

  it('--output through a file, or that is a folder, and --write-baseline through a file: before the scan', () => {
    const dir = repoWithFinding();
    writeFileSync(join(dir, 'notes.txt'), 'x\n');
    for (const cmd of [['scan'], ['inventory'], ['rules'], ['explain', 'hardcoded-token']]) {
      const r = runCli([...cmd, '--output', 'notes.txt/report.txt'], dir, { DTS_TIMING: '1' });
      expect(r.status, cmd.join(' ')).toBe(2);
      expect(r.stderr).toContain('notes.txt/report.txt (--output)');
      expect(r.stderr).not.toMatch(/internal error/);
      expect(scanned(r.stderr)).toBe(false);
    }
    mkdirSync(join(dir, 'reports'));
    let r = runCli(['scan', '--output', 'reports'], dir, { DTS_TIMING: '1' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('reports');
    expect(scanned(r.stderr)).toBe(false);
    r = runCli(['scan', '--write-baseline', 'notes.txt/baseline.json'], dir, { DTS_TIMING: '1' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('notes.txt/baseline.json');
    expect(scanned(r.stderr)).toBe(false);
  });

  it('--output in a read-only folder: before the scan', () => {
    const dir = repoWithFinding();
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    let r: { status: number | null; stderr: string };
    if (process.getuid?.() === 0) {
      if (!canMountReadOnly()) return void console.warn('output-write-failures: read-only case SKIPPED (root without user namespaces)');
      const script = `mount --bind "${ro}" "${ro}" && mount -o remount,bind,ro "${ro}" "${ro}" && exec "${process.execPath}" "${BIN}" scan --output ro/report.txt`;
      const res = spawnSync('unshare', ['-rm', 'sh', '-c', script], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, DTS_TIMING: '1', NO_COLOR: '1' },
      });
      r = { status: res.status, stderr: res.stderr };
    } else {
      chmodSync(ro, 0o555);
      r = runCli(['scan', '--output', 'ro/report.txt'], dir, { DTS_TIMING: '1' });
    }
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('ro/report.txt');
    expect(scanned(r.stderr)).toBe(false);
    expect(existsSync(join(ro, 'report.txt'))).toBe(false);
  });

  it('stdout closed by its reader before the report is written is exit 2, not a clean exit', async () => {
    const dir = repoWithFinding();
    const child = spawn(process.execPath, [BIN, 'scan', '--fail-on', 'none'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.destroy(); // the reader goes away at once
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(2);
    expect(stderr).toMatch(/stdout/);
  });

  it('stdout piped into `head -c1` with a report bigger than the pipe: exit 2 from the scanner', () => {
    // Enough findings that the report outgrows the 64 KB a pipe holds.
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`.github/workflows/deploy${i}.yml`] = deployWorkflow(FAKE_PAT);
    const dir = makeRepo(files);
    writeFileSync(
      join(dir, 'run.sh'),
      `set -o pipefail\n"${process.execPath}" "${BIN}" scan --format json --fail-on none | head -c1 >/dev/null\n`,
    );
    const res = spawnSync('bash', ['run.sh'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/stdout/);
  });
});
