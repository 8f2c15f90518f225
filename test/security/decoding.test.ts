import { isUtf8 } from 'node:buffer';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, deployWorkflow } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// Bytes that are not plain UTF-8 must not hide a token: a text file with a stray NUL byte, UTF-16
// without a byte-order mark, and a file whose name is not UTF-8 are all read and scanned. A binary
// file is not parsed, but one that holds what the keyword search looks for is listed in `errors`,
// never dropped silently. Reports stay valid UTF-8 whatever the names.

const TOKEN = ['dbtc', '_', 'Qr5tUv8x'.repeat(6), 'Yy'].join('');
const workflow = deployWorkflow(TOKEN);

interface Report {
  findings: { ruleId: string; file: string }[];
  callSites: unknown[];
  errors: { file: string; message: string }[];
}

/** Runs the built CLI with raw output, so that invalid UTF-8 in it would be seen, not replaced. */
function run(cwd: string, format = 'json'): { stdout: Buffer; status: number | null } {
  const res = spawnSync(process.execPath, [BIN, 'scan', '--format', format, '--fail-on', 'none', '.'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    timeout: 120_000,
  });
  expect(res.stderr.toString('utf8')).toBe('');
  return { stdout: res.stdout, status: res.status };
}

function scanJson(cwd: string): Report {
  const { stdout } = run(cwd);
  expect(isUtf8(stdout)).toBe(true);
  return JSON.parse(stdout.toString('utf8')) as Report;
}

const tokenFiles = (r: Report): string[] =>
  [...new Set(r.findings.filter((f) => f.ruleId === 'hardcoded-token').map((f) => f.file))].sort();

function folder(files: Record<string, Buffer | string>): string {
  const root = tempDir('dts-decode-');
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), content);
  }
  return root;
}

const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();

describe('text that is not plain UTF-8 is read, not skipped', () => {
  it('reads a YAML file with a stray NUL byte', () => {
    const withNul = workflow.replace('on:\n', 'on:\0\n');
    const r = scanJson(folder({ '.github/workflows/deploy.yml': withNul, 'notes.txt': `token ${TOKEN}\n\0\n` }));
    expect(tokenFiles(r)).toEqual(['.github/workflows/deploy.yml', 'notes.txt']);
    expect(r.callSites.length).toBe(1);
    expect(r.errors).toEqual([]);
  });

  it('reads UTF-16 without a byte-order mark, little- and big-endian', () => {
    const r = scanJson(
      folder({
        '.github/workflows/le.yml': Buffer.from(workflow, 'utf16le'),
        '.github/workflows/be.yml': utf16be(workflow),
        'scripts/deploy.ps1': Buffer.from(`# Déploiement\n$env:DBT_CLOUD_TOKEN = "${TOKEN}"\n`, 'utf16le'),
      }),
    );
    expect(tokenFiles(r)).toEqual(['.github/workflows/be.yml', '.github/workflows/le.yml', 'scripts/deploy.ps1']);
    expect(r.callSites.length).toBe(2);
  });

  it('still reads UTF-16 with a byte-order mark', () => {
    const r = scanJson(
      folder({
        'le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`t=${TOKEN}\n`, 'utf16le')]),
        'be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(`t=${TOKEN}\n`)]),
      }),
    );
    expect(tokenFiles(r)).toEqual(['be.txt', 'le.txt']);
  });

  it('skips a binary file, listing it in errors when it holds a dbt Cloud keyword', () => {
    const noise = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const r = scanJson(
      folder({
        'shot.png': Buffer.concat([png, noise, Buffer.from(`host cloud.getdbt.com ${TOKEN}`), noise]),
        'plain.png': Buffer.concat([png, noise, Buffer.from('dbt'), noise]),
      }),
    );
    expect(r.findings).toEqual([]);
    expect(r.errors).toEqual([{ file: 'shot.png', message: 'skipped: binary file' }]);
  });

  it('lists a binary file by each mark, wherever it sits, and not by near misses', () => {
    const noise = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256));
    const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]);
    const bin = (mark: string, tail = true): Buffer => Buffer.concat([head, noise, Buffer.from(mark), ...(tail ? [noise] : [])]);
    const r = scanJson(
      folder({
        'a.bin': bin('dbtu_'),
        'b.bin': bin('dbtc_', false),
        'c.bin': bin('xgetdbt.com', false),
        'd.bin': bin('api.dbt.com/'),
        'n1.bin': bin('dbt.com', false),
        'n2.bin': bin('dbtu', false),
        'n3.bin': bin('gedbt.com'),
        'n4.bin': bin('DBTU_'),
        'n5.bin': bin('getdbt.co', false),
      }),
    );
    expect(r.errors.map((e: { file: string }) => e.file)).toEqual(['a.bin', 'b.bin', 'c.bin', 'd.bin']);
  });
});

describe('file names that are not UTF-8', () => {
  const badFile = Buffer.from([0x63, 0x72, 0x65, 0x64, 0x73, 0x2d, 0xff, 0x2e, 0x74, 0x78, 0x74]); // creds-\xff.txt
  const badDir = Buffer.from([0x64, 0x69, 0x72, 0xfe]); // dir\xfe

  function withBadNames(): string {
    const root = folder({ 'ok.txt': 'nothing here\n' });
    writeFileSync(Buffer.concat([Buffer.from(`${root}/`), badFile]), `token=${TOKEN}\n`);
    mkdirSync(Buffer.concat([Buffer.from(`${root}/`), badDir]));
    writeFileSync(Buffer.concat([Buffer.from(`${root}/`), badDir, Buffer.from('/inner.txt')]), `token=${TOKEN}\n`);
    return root;
  }

  const expected = ['creds-%FF.txt', 'dir%FE/inner.txt'];

  it('are scanned and reported escaped, outside git', () => {
    expect(tokenFiles(scanJson(withBadNames()))).toEqual(expected);
  });

  it('are scanned and reported escaped in a git work tree, tracked or not', () => {
    const root = withBadNames();
    const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
    execFileSync('git', ['init', '-q'], { cwd: root, env });
    execFileSync('git', ['add', '--', 'dir*'], { cwd: root, env });
    expect(tokenFiles(scanJson(root))).toEqual(expected);
  });

  it('never put invalid UTF-8 into any report format', () => {
    const root = withBadNames();
    for (const format of ['text', 'json', 'sarif', 'github', 'markdown', 'gitlab', 'junit']) {
      const { stdout } = run(root, format);
      expect(isUtf8(stdout), format).toBe(true);
      // `%FF`, and `%25FF` in a SARIF URI, which encodes the `%`.
      expect(stdout.toString('utf8'), format).toMatch(/creds-%(?:25)?FF\.txt/);
    }
  });
});
