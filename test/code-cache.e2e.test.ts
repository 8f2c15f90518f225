import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FAKE_PAT, makeRepo, runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';
import { REPO_ROOT } from './helpers/worktree-copy.js';

// The launcher keeps V8's compiled code between runs (src/cli/startup/code-cache.ts). Whatever
// state the cache is in (none yet, warm, corrupt, truncated, foreign, unwritable), a run's
// output is the same, and a bad file is never handed to V8 (corrupt code data crashes Node).

/** A pre-commit run's five files of mixed types, each calling dbt Cloud; one holds a token. */
const FILES = {
  'scripts/list_runs.py':
    'import os\nimport requests\n\nresp = requests.get(\n    "https://cloud.getdbt.com/api/v2/accounts/1/runs/",\n    headers={"Authorization": f"Token {os.environ[\'DBT_CLOUD_SERVICE_TOKEN\']}"},\n)\nprint(resp.json())\n',
  'src/dbtCloud.ts':
    'const token = process.env.DBT_CLOUD_API_TOKEN;\nexport const runs = () => fetch("https://cloud.getdbt.com/api/v2/accounts/1/runs/", { headers: { Authorization: `Token ${token}` } });\n',
  '.github/workflows/nightly.yml': `name: nightly\non:\n  schedule:\n    - cron: "0 5 * * *"\njobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          curl -X POST -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/\n`,
  'infra/main.tf':
    'provider "dbtcloud" {\n  account_id = 1\n  token      = var.dbt_cloud_token\n  host_url   = "https://cloud.getdbt.com/api"\n}\n',
  'ci/trigger.sh':
    '#!/usr/bin/env bash\ncurl -sf -X POST -H "Authorization: Token $DBT_CLOUD_TOKEN" \\\n  "https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/"\n',
};
const ARGS = ['scan', ...Object.keys(FILES), '--format', 'json'];

/** The packages the CLI needs at run time: package.json's dependencies and theirs, by top-level folder. */
function runtimeDependencies(): string[] {
  const seen = new Set<string>();
  const queue = Object.keys(
    (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies ?? {},
  );
  while (queue.length > 0) {
    const dep = queue.shift()!;
    const manifest = join(REPO_ROOT, 'node_modules', dep, 'package.json');
    // Installed nested under the package that needs it: copied along with that package.
    if (seen.has(dep) || !existsSync(manifest)) continue;
    seen.add(dep);
    queue.push(...Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: object }).dependencies ?? {}));
  }
  return [...seen];
}

/** The report without its one run-dependent field. */
const stable = (stdout: string): string => stdout.replace(/"durationMs": \d+/, '"durationMs": 0');

/** What the launcher says about each file it loaded (DTS_TIMING), e.g. { 'program.js': 'used' }. */
function cacheStates(stderr: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of stderr.matchAll(/^dts-timing code cache (\S+): ([^,]+),/gm)) out[m[1]!] = m[2]!;
  return out;
}

const cacheFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.v8'))
        .sort()
    : [];

describe('the code cache', () => {
  const repo = makeRepo(FILES);
  const reference = runCli(ARGS, repo, { DTS_CODE_CACHE: 'off' });

  it('gives the same report with no cache, a fresh one and a warm one', () => {
    expect(reference.status, reference.stderr).toBe(1);
    expect(JSON.parse(reference.stdout).callSites).toHaveLength(5);
    expect(reference.stdout).not.toContain(FAKE_PAT);

    const dir = join(tempDir('dts-code-cache-'), 'v8');
    const fresh = runCli(ARGS, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' });
    expect(fresh.status).toBe(1);
    expect(stable(fresh.stdout)).toBe(stable(reference.stdout));
    expect(cacheStates(fresh.stderr)['program.js']).toBe('none');
    // The bundle and the parsers it loaded (Babel's, web-tree-sitter's).
    expect(cacheFiles(dir).length).toBeGreaterThanOrEqual(3);

    const warm = runCli(ARGS, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' });
    expect(warm.status).toBe(1);
    expect(stable(warm.stdout)).toBe(stable(reference.stdout));
    const states = cacheStates(warm.stderr);
    expect(Object.keys(states).length).toBeGreaterThanOrEqual(3);
    for (const [file, state] of Object.entries(states)) expect(state, file).toBe('used');
  });

  it('ignores a corrupt, truncated or foreign cache file, and replaces it', () => {
    const dir = join(tempDir('dts-code-cache-'), 'v8');
    expect(runCli(ARGS, repo, { DTS_CODE_CACHE: dir }).status).toBe(1);
    const files = cacheFiles(dir);
    const program = files.find((f) => f.startsWith('program.js-'))!;
    const other = files.find((f) => !f.startsWith('program.js-'))!;
    expect(program).toBeDefined();

    const damage: Record<string, (path: string) => void> = {
      // Bytes flipped in V8's data: handed to V8, this would abort the process.
      corrupt: (path) => {
        const data = readFileSync(path);
        for (let i = data.length - 64; i > data.length / 2; i -= 997) data[i]! ^= 0x5a;
        writeFileSync(path, data);
      },
      truncated: (path) => truncateSync(path, Math.floor(statSync(path).size / 2)),
      // Another file's cache under the bundle's name: whole and valid, but not made from this source.
      foreign: (path) => writeFileSync(path, readFileSync(join(dir, other))),
      garbage: (path) => writeFileSync(path, 'not a cache\n'),
    };
    for (const [how, apply] of Object.entries(damage)) {
      apply(join(dir, program));
      const r = runCli(ARGS, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' });
      expect(r.status, `${how}: ${r.stderr}`).toBe(1);
      expect(stable(r.stdout), how).toBe(stable(reference.stdout));
      expect(cacheStates(r.stderr)['program.js'], how).toBe('none');
      // The run wrote a good file in its place.
      const again = runCli(ARGS, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' });
      expect(cacheStates(again.stderr)['program.js'], how).toBe('used');
    }
  });

  it('compiles from source when V8 turns down data that passed the file checks', () => {
    const dir = join(tempDir('dts-code-cache-'), 'v8');
    expect(runCli(ARGS, repo, { DTS_CODE_CACHE: dir }).status).toBe(1);
    const path = join(
      dir,
      cacheFiles(dir).find((f) => f.startsWith('program.js-'))!,
    );
    // The file's own header stays valid for the new payload; V8's header in it (magic, version
    // and flags hashes) is broken, which V8 checks before it reads any code.
    const data = readFileSync(path);
    const magicEnd = data.indexOf('\n') + 1;
    const headerLength = data.readUInt32LE(magicEnd);
    const headerStart = magicEnd + 4;
    const header = JSON.parse(data.toString('utf8', headerStart, headerStart + headerLength)) as { payload: string };
    const payload = Buffer.from(data.subarray(headerStart + headerLength));
    for (let i = 0; i < 16; i++) payload[i] = payload[i]! ^ 0xff;
    header.payload = createHash('sha1').update(payload).digest('hex');
    const newHeader = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(newHeader.length);
    writeFileSync(path, Buffer.concat([data.subarray(0, magicEnd), length, newHeader, payload]));
    const r = runCli(ARGS, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' });
    expect(r.status, r.stderr).toBe(1);
    expect(stable(r.stdout)).toBe(stable(reference.stdout));
    expect(cacheStates(r.stderr)['program.js']).toBe('rejected by V8');
    expect(cacheStates(runCli(ARGS, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' }).stderr)['program.js']).toBe('used');
  });

  it('is not written for --help or --version, nor when turned off', () => {
    const dir = join(tempDir('dts-code-cache-'), 'v8');
    expect(runCli(['--version'], repo, { DTS_CODE_CACHE: dir }).status).toBe(0);
    expect(runCli(['scan', '--help'], repo, { DTS_CODE_CACHE: dir }).status).toBe(0);
    expect(cacheFiles(dir)).toEqual([]);
    const off = runCli(ARGS, repo, { DTS_CODE_CACHE: 'off', DTS_TIMING: '1' });
    expect(stable(off.stdout)).toBe(stable(reference.stdout));
    expect(cacheStates(off.stderr)['program.js']).toBe('off');
  });

  it("keeps a folder's scan and a run of named files apart: each kind loads only the code it compiled", () => {
    const dir = join(tempDir('dts-code-cache-'), 'v8');
    const folderFiles = (): string[] => cacheFiles(dir).filter((f) => f.endsWith('.folder.v8'));
    const shortFiles = (): string[] => cacheFiles(dir).filter((f) => !f.endsWith('.folder.v8'));
    expect(runCli(['scan', '.', '--format', 'json'], repo, { DTS_CODE_CACHE: dir }).status).toBeLessThan(2);
    expect(folderFiles().some((f) => f.startsWith('program.js-'))).toBe(true);
    expect(shortFiles()).toEqual([]);
    // The folder's cache is not what a run of named files loads...
    const short = runCli(ARGS, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' });
    expect(short.status).toBeLessThan(2);
    expect(cacheStates(short.stderr)['program.js']).toBe('none');
    expect(shortFiles().some((f) => f.startsWith('program.js-'))).toBe(true);
    // ...and each kind then finds its own.
    expect(cacheStates(runCli(ARGS, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' }).stderr)['program.js']).toBe('used');
    const folder = runCli(['scan', '--format', 'json'], repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' });
    expect(cacheStates(folder.stderr)['program.js']).toBe('used');
    expect(stable(folder.stdout)).toBe(stable(runCli(['scan', '--format', 'json'], repo, { DTS_CODE_CACHE: 'off' }).stdout));
    // --staged and --changed are short runs too, even with no file named.
    expect(
      cacheStates(runCli(['scan', '--changed', 'HEAD', '--format', 'json'], repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' }).stderr)[
        'program.js'
      ],
    ).toBe('used');
    // A short run with --cache (the pre-commit hook's) reads the repository as context: a kind of its own.
    const contextFiles = (): string[] => cacheFiles(dir).filter((f) => f.endsWith('.context.v8'));
    const withContext = [...ARGS, '--cache', '--cache-location', join(tempDir('dts-facts-'), 'facts')];
    expect(contextFiles()).toEqual([]);
    expect(cacheStates(runCli(withContext, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' }).stderr)['program.js']).toBe('none');
    expect(contextFiles().some((f) => f.startsWith('program.js-'))).toBe(true);
    expect(cacheStates(runCli(withContext, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' }).stderr)['program.js']).toBe('used');
  });

  it("keeps a reader thread's code too, apart from the main thread's", () => {
    const dir = join(tempDir('dts-code-cache-'), 'v8');
    const files: Record<string, string> = { ...FILES };
    for (let i = 0; i < 450; i++) files[`notes/n${i}.txt`] = `note ${i}\n`;
    const big = makeRepo(files);
    const args = ['scan', '.', '--format', 'json', '--jobs', '2'];
    const expected = stable(runCli(args, big, { DTS_CODE_CACHE: 'off' }).stdout);
    const workerStates = (stderr: string): Record<string, string> =>
      cacheStates(stderr.replace(/^dts-timing worker code cache /gm, 'dts-timing code cache worker:'));
    const first = runCli(args, big, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' });
    expect(stable(first.stdout)).toBe(expected);
    expect(workerStates(first.stderr)['worker:worker.js']).toBe('none');
    expect(cacheFiles(dir).some((f) => /^worker\.js-.*\.worker\.v8$/.test(f))).toBe(true);
    const warm = runCli(args, big, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' });
    expect(stable(warm.stdout)).toBe(expected);
    expect(workerStates(warm.stderr)['worker:worker.js']).toBe('used');
    expect(cacheStates(warm.stderr)['program.js']).toBe('used');
  });

  it('leaves one whole file when runs write it at the same time', async () => {
    const dir = join(tempDir('dts-code-cache-'), 'v8');
    const { spawn } = await import('node:child_process');
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<number | null>((done) => {
          const child = spawn(process.execPath, [BIN, ...ARGS], {
            cwd: repo,
            env: { ...process.env, DTS_CODE_CACHE: dir },
            stdio: 'ignore',
          });
          child.on('exit', done);
        }),
    );
    expect(await Promise.all(runs)).toEqual([1, 1, 1, 1]);
    // No temporary files left behind, and the survivor is used as it is.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const r = runCli(ARGS, repo, { DTS_CODE_CACHE: dir, DTS_TIMING: '1' });
    expect(stable(r.stdout)).toBe(stable(reference.stdout));
    for (const [file, state] of Object.entries(cacheStates(r.stderr))) expect(state, file).toBe('used');
  });

  it('works from a read-only install: the cache goes to the user cache folder, or nowhere', () => {
    // The package as installed (dist/, rules/, data/, package.json), its dependencies beside it.
    const base = tempDir('dts-ro-install-');
    const pkg = join(base, 'pkg');
    mkdirSync(pkg);
    for (const f of ['dist', 'rules', 'data', 'package.json']) cpSync(join(REPO_ROOT, f), join(pkg, f), { recursive: true });
    // Beside the package, not in it: Node finds them there, and the package folder has no
    // node_modules of its own to write a cache into. Run as nobody (below), the checkout's own
    // node_modules may sit in a folder only its owner can enter: then they are copied, as npm
    // would install them; otherwise linked.
    const root = process.getuid?.() === 0;
    if (root) {
      for (const dep of runtimeDependencies())
        cpSync(join(REPO_ROOT, 'node_modules', dep), join(base, 'node_modules', dep), { recursive: true });
    } else {
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(base, 'node_modules'), 'dir');
    }
    const home = join(base, 'home');
    mkdirSync(home);
    // Root writes through any mode: the run is made as nobody, for whom the install is read-only.
    const NOBODY = 65534;
    // Temporary folders are private (0700): others need to pass through them, up to the system's.
    for (let d = base; d.startsWith(`${tmpdir()}${sep}`); d = dirname(d)) chmodSync(d, 0o755);
    if (root) {
      spawnSync('chown', [String(NOBODY), home]);
      spawnSync('chmod', ['-R', 'a+rX', base]);
    } else {
      spawnSync('chmod', ['-R', 'a-w', pkg]);
    }
    const work = tempDir('dts-ro-work-');
    for (const [p, text] of Object.entries(FILES)) {
      mkdirSync(join(work, p, '..'), { recursive: true });
      writeFileSync(join(work, p), text);
    }
    spawnSync('chmod', ['-R', 'a+rX', work]);
    const run = (env: Record<string, string>) => {
      const res = spawnSync(process.execPath, [join(pkg, 'dist/cli/main.js'), ...ARGS], {
        cwd: work,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, NO_COLOR: '1', DTS_TIMING: '1', ...env },
        timeout: 120_000,
        ...(root ? { uid: NOBODY, gid: NOBODY } : {}),
      });
      return { status: res.status, stdout: res.stdout, stderr: res.stderr };
    };
    try {
      // A writable home: the cache is kept there, private to the user.
      const first = run({ HOME: home });
      expect(first.status, first.stderr).toBe(1);
      expect(stable(first.stdout)).toBe(stable(reference.stdout));
      expect(existsSync(join(pkg, 'node_modules/.cache/dbt-token-scan'))).toBe(false);
      const userDir = join(home, '.cache/dbt-token-scan/v8');
      expect(cacheFiles(userDir).length).toBeGreaterThanOrEqual(3);
      expect(statSync(userDir).mode & 0o077).toBe(0);
      const second = run({ HOME: home });
      expect(stable(second.stdout)).toBe(stable(reference.stdout));
      expect(cacheStates(second.stderr)['program.js']).toBe('used');
      // Nowhere to write at all: the run is the same, silently.
      const nowhere = run({ HOME: join(pkg, 'no-home') });
      expect(nowhere.status, nowhere.stderr).toBe(1);
      expect(stable(nowhere.stdout)).toBe(stable(reference.stdout));
      expect(nowhere.stderr.split('\n').filter((l) => l && !l.startsWith('dts-timing'))).toEqual([]);
    } finally {
      spawnSync('chmod', ['-R', 'u+w', base]);
    }
  });
});
