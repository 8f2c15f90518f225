import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, write } from '../helpers/hostile-git.js';
import { BIN, FAKE_PAT, deployWorkflow } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// --staged scans what the index holds, tokens included. That content must never land on disk:
// a copy in a temporary folder outlives a SIGINT/SIGTERM/SIGKILL and leaves the token behind.
// The CLI runs with a private TMPDIR, watched while it runs; it is stopped with SIGTERM as soon
// as anything appears there (the old behaviour), and nothing may ever appear.

function stagedRepo(): string {
  const root = tempDir('dts-staged-');
  const repo = join(root, 'repo');
  write(repo, { 'README.md': '# repo\n' });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'init');
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`.github/workflows/deploy${i}.yml`] = deployWorkflow(FAKE_PAT);
  write(repo, files);
  git(repo, 'add', '-A');
  // The working tree goes back to clean text: only the index holds the token.
  for (const p of Object.keys(files)) files[p] = deployWorkflow('${{ secrets.DBT_CLOUD_PAT }}');
  write(repo, files);
  return repo;
}

describe('--staged keeps staged content in memory', () => {
  it('writes nothing to the temporary folder, so a signal can leave nothing behind', async () => {
    const repo = stagedRepo();
    const tmp = join(repo, '..', 'tmp');
    mkdirSync(tmp);
    const child = spawn(process.execPath, [BIN, 'scan', '--staged', '--format', 'json'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const seen = new Set<string>();
    const watch = setInterval(() => {
      for (const e of readdirSync(tmp)) seen.add(e);
      if (seen.size) child.kill('SIGTERM');
    }, 2);
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(watch);
    for (const e of readdirSync(tmp)) seen.add(e);
    expect([...seen]).toEqual([]);
    expect(status, stderr).toBe(1);
    const findings = JSON.parse(stdout).findings as { file: string; ruleId: string }[];
    expect(findings.filter((f) => f.ruleId === 'hardcoded-token')).toHaveLength(40);
  });
});
