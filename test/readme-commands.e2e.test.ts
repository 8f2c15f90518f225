import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isShell, readmeBlocks, shellCommands, type ReadmeBlock } from './helpers/readme-blocks.js';
import { tempDir } from './helpers/temp-dir.js';
import { GIT_ENV, REPO_ROOT, copyWorkTree, run, userEnv } from './helpers/worktree-copy.js';

// The README read as a newcomer: every shell command in it runs as written. Each ```sh block says
// on the line above it (`<!-- readme-test: KIND -->`, invisible on GitHub) where it runs:
//   clone      in a fresh copy of this repository, committed and tagged as a clone is
//   project    in a user's project (the demo repository as a git repository with a package.json);
//              placeholders /path/to/... name the clone and its tarball, and the repository's
//              git URL is served from the clone (no network)
//   published  needs dbt-token-scan on the npm registry: the block says "once published" and pins
//              this version; run from a bare folder with the tarball standing in for the registry
//   suite      `npm ci && npm test`, the suite itself: .ci/run runs exactly that
//   not run: REASON

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  repository: { url: string };
};
const TARBALL = `${pkg.name}-${pkg.version}.tgz`;
const blocks = readmeBlocks().filter(isShell);
const ofKind = (kind: string): ReadmeBlock[] => blocks.filter((b) => b.marker === kind);
const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
}, 120_000);

const env = userEnv({
  ...GIT_ENV,
  NO_COLOR: '1',
  CI: undefined,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_loglevel: 'error',
});

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

function sh(command: string, cwd: string): Ran {
  return run('bash', ['--noprofile', '--norc', '-o', 'pipefail', '-c', command], cwd, env, 900_000);
}

/** `sh` without blocking, so the slow git-URL install runs beside the clone's build. */
function shAsync(command: string, cwd: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-o', 'pipefail', '-c', command], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The command without a trailing `# comment`, split at top-level `&&` (not inside a subshell). */
function chain(command: string): string[] {
  const text = command.replace(/\s+#.*$/, '');
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (depth === 0 && text.startsWith('&&', i)) {
      parts.push(text.slice(start, i).trim());
      start = i + 2;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** The demo repository as a user's git repository, with `origin/main` at its one commit. */
function demoRepo(prefix: string, files: Record<string, string> = {}): string {
  const dir = tempDir(prefix);
  cpSync(join(REPO_ROOT, 'fixtures/demo'), dir, { recursive: true });
  for (const [p, t] of Object.entries(files)) writeFileSync(join(dir, p), t);
  for (const c of [
    'git init -q -b main',
    'git add -A',
    'git commit -q --no-verify -m demo',
    'git update-ref refs/remotes/origin/main HEAD',
  ]) {
    const r = sh(c, dir);
    expect(r.status, `${c}: ${r.stderr}`).toBe(0);
  }
  return dir;
}

/** A run of the scanner: 0 (clean) or 1 (findings), never a usage error, crash or missing command. */
function expectScannerRan(command: string, r: { status: number | null; stdout: string; stderr: string }): void {
  expect([0, 1], `${command}\n${r.stdout}\n${r.stderr}`).toContain(r.status);
  expect(r.stderr, command).not.toMatch(/internal error|command not found|npm error|ERR!/i);
}

describe('the README as a newcomer reads it', () => {
  it('says for every shell block how it is checked', () => {
    expect(blocks.length).toBeGreaterThan(5);
    for (const b of blocks) {
      expect(b.marker, `README.md:${b.line} has no <!-- readme-test: ... --> line above it`).toBeDefined();
      expect(b.marker!, `README.md:${b.line}`).toMatch(/^(clone|project|published|suite|not run: \S.*)$/);
    }
  });

  it('opens with two commands for a fresh clone: scan the demo repository, run the whole suite', () => {
    const [demo, suite] = blocks;
    expect(demo!.marker).toBe('clone');
    expect(shellCommands(demo!).join('\n')).toMatch(/cd fixtures\/demo && node \.\.\/\.\.\/dist\/cli\/main\.js scan/);
    expect(suite!.marker).toBe('suite');
    expect(shellCommands(suite!)).toEqual(['npm ci && npm test']);
    // CI runs that command on a fresh clone (.ci/run); running it from inside the suite would recurse.
    const ci = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ci.indexOf('npm ci')).toBeGreaterThan(-1);
    expect(ci.indexOf('npm test')).toBeGreaterThan(ci.indexOf('npm ci'));
  });

  it('marks what needs the published package, pinned to this version', () => {
    const published = ofKind('published');
    expect(published.length).toBeGreaterThan(0);
    for (const b of published) {
      expect(b.body.split('\n')[0], `README.md:${b.line} starts with a comment saying it needs the published package`).toMatch(
        /^# once dbt-token-scan is published/,
      );
      for (const c of shellCommands(b)) expect(c, `README.md:${b.line}`).toContain(`npx --yes ${pkg.name}@${pkg.version} `);
    }
    // Any other block naming a registry version (CI examples in YAML) says so in the prose above it.
    for (const b of readmeBlocks()) {
      if (b.marker === 'published' || !new RegExp(`${pkg.name}@\\d`).test(b.body)) continue;
      expect(b.before, `README.md:${b.line} names ${pkg.name}@version without "once ... published" above it`).toMatch(
        /once (dbt-token-scan|it) is published/i,
      );
      expect(b.body, `README.md:${b.line}`).not.toMatch(new RegExp(`${pkg.name}@(?!${pkg.version.replace(/\./g, '\\.')}\\b)\\d`));
    }
    // Bare `npx dbt-token-scan` outside an installed project would go to the registry: said plainly.
    expect(readmeBlocks().length).toBeGreaterThan(0);
    const text = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(text).toMatch(
      /Elsewhere, `npx dbt-token-scan` asks the npm registry for a package of that name: until\s+dbt-token-scan is published there, that fails/,
    );
  });

  describe('runs every command that is meant to run', () => {
    let clone = '';
    const gitUrl = `git+${pkg.repository.url.replace(/^git\+/, '')}#v${pkg.version}`;
    const projectCommands = ofKind('project').flatMap((b) => shellCommands(b).map((c) => ({ b, c })));
    const substitute = (command: string): string => {
      const out = command
        .replaceAll(gitUrl, `git+file://${clone}/.git#v${pkg.version}`)
        .replaceAll(`/path/to/${TARBALL}`, join(clone, TARBALL))
        .replaceAll('/path/to/dbt-token-scan', clone);
      expect(out, `unknown placeholder in: ${command}`).not.toContain('/path/to/');
      return out;
    };
    const installed = (project: string, command: string): void => {
      const manifest = JSON.parse(readFileSync(join(project, 'node_modules', pkg.name, 'package.json'), 'utf8')) as { version: string };
      expect(manifest.version, command).toBe(pkg.version);
      expect(existsSync(join(project, 'node_modules', pkg.name, 'dist/cli/main.js')), `${command} installs a built package`).toBe(true);
    };
    /** The install from the repository's git URL (npm clones, installs the build tools, builds): the slowest command, run beside the clone's. */
    let fromGit: Promise<{ project: string; command: string; r: Ran }> | undefined;

    it('in a fresh clone', async () => {
      clone = copyWorkTree('dts-readme-clone-');
      temp.push(clone);
      for (const c of ['git init -q -b main', 'git add -A', 'git commit -q --no-verify -m clone', `git tag v${pkg.version}`]) {
        const r = sh(c, clone);
        expect(r.status, `${c}: ${r.stderr}`).toBe(0);
      }
      const gitInstall = projectCommands.find(({ c }) => c.includes(gitUrl));
      expect(gitInstall, `the README installs from ${gitUrl}`).toBeDefined();
      const project = demoRepo('dts-readme-git-project-', {
        'package.json': '{ "name": "demo-data-team", "version": "1.0.0", "private": true }\n',
      });
      fromGit = shAsync(substitute(gitInstall!.c), project).then((r) => ({ project, command: gitInstall!.c, r }));

      const done = new Set<string>();
      let ran = 0;
      for (const b of ofKind('clone')) {
        for (const command of shellCommands(b)) {
          // Commands already run in this clone establish the same state again: run the rest of the chain.
          const todo = chain(command).filter((p) => !done.has(p) && p !== 'npm test');
          if (todo.length === 0) continue;
          const r = await shAsync(todo.join(' && '), clone);
          expect(r.status, `README.md:${b.line}: ${command}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`).toBe(0);
          for (const p of todo) done.add(p);
          ran++;
          if (command.includes('fixtures/demo')) expect(r.stdout).toMatch(/\d+ problems? \(/);
        }
      }
      expect(ran).toBeGreaterThanOrEqual(3);
      expect(existsSync(join(clone, 'dist/cli/main.js'))).toBe(true);
      expect(existsSync(join(clone, TARBALL)), `npm pack wrote ${TARBALL}`).toBe(true);
    }, 900_000);

    it("in a user's project, installing from the repository's git URL and from the tarball", async () => {
      expect(fromGit, 'the clone step failed').toBeDefined();
      const git = await fromGit!;
      expect(git.r.status, `${git.command}\n${git.r.stderr.slice(-3000)}`).toBe(0);
      installed(git.project, git.command);
      expect(JSON.parse(readFileSync(join(git.project, 'package.json'), 'utf8')).devDependencies[pkg.name]).toMatch(/^git\+file:/);
      expectScannerRan(`npx ${pkg.name} after ${git.command}`, sh(`npx ${pkg.name} scan`, git.project));

      const project = demoRepo('dts-readme-project-', {
        'package.json': '{ "name": "demo-data-team", "version": "1.0.0", "private": true }\n',
      });
      for (const { b, c } of projectCommands) {
        if (c === git.command) continue;
        const r = await shAsync(substitute(c), project);
        if (c.startsWith('npm install')) {
          expect(r.status, `README.md:${b.line}: ${c}\n${r.stderr.slice(-3000)}`).toBe(0);
          installed(project, c);
        } else {
          expectScannerRan(`README.md:${b.line}: ${c}`, r);
        }
      }
      expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).devDependencies[pkg.name]).toMatch(/\.tgz$/);
      expect(existsSync(join(project, 'dbt-token-scan.sarif'))).toBe(true);
      expect(readFileSync(join(project, 'MIGRATION.md'), 'utf8')).toContain('## ');
    }, 900_000);

    it('from a folder with no install, with the tarball standing in for the registry', async () => {
      expect(clone, 'the clone step failed').not.toBe('');
      const anywhere = demoRepo('dts-readme-anywhere-');
      const registry = `npx --yes ${pkg.name}@${pkg.version} `;
      for (const b of ofKind('published')) {
        for (const c of shellCommands(b)) {
          const r = await shAsync(c.replace(registry, `npx --yes --package=${join(clone, TARBALL)} ${pkg.name} `), anywhere);
          expectScannerRan(`README.md:${b.line}: ${c}`, r);
        }
      }
      expect(existsSync(join(anywhere, 'node_modules')), 'npx installs into its cache, not the folder').toBe(false);
    }, 900_000);
  });
});
