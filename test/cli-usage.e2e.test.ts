import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAIN_HELP, RULES_HELP, SCAN_HELP } from '../src/cli/args.js';
import { progressReporter } from '../src/cli/progress.js';
import { BIN, FAKE_PAT, makeRepo, runCli } from './helpers/run-cli.js';
import { GIT_ENV, REPO_ROOT } from './helpers/worktree-copy.js';

// The terminal experience beyond test/cli.e2e.test.ts: help for every command, the version,
// the wording of usage and config errors (exit 2, one line, no stack, a pointer to --help),
// --quiet, and the progress line (only on a terminal, never in CI, with --quiet or in a pipe).

const RULE_IDS = [
  'legacy-user-api-key',
  'pat-in-production',
  'hardcoded-token',
  'service-token-in-user-context',
  'account-listing-with-pat',
  'token-shared-across-accounts',
  'undocumented-endpoint',
  'unknown-token-in-production',
  'pat-creates-service-token',
  'legacy-host-for-cell-account',
];
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const workflow = `name: deploy
on: push
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/
`;

/** A usage or config error: exit 2, nothing on stdout, one `dbt-token-scan: ` message, no stack. */
function expectUsageError(args: string[], cwd: string, ...parts: (string | RegExp)[]): string {
  const r = runCli(args, cwd);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
  expect(r.stdout, args.join(' ')).toBe('');
  expect(r.stderr).toMatch(/^dbt-token-scan: /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toContain('internal error');
  for (const p of parts) {
    if (typeof p === 'string') expect(r.stderr, args.join(' ')).toContain(p);
    else expect(r.stderr, args.join(' ')).toMatch(p);
  }
  return r.stderr;
}

describe('help and version', () => {
  it('prints the version of the package with --version and -v', () => {
    for (const flag of ['--version', '-v']) {
      const r = runCli([flag], process.cwd());
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${VERSION}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it('prints help for every command with --help and -h, exit 0, nothing on stderr', () => {
    const cases: [string[], string][] = [
      [['--help'], MAIN_HELP],
      [['-h'], MAIN_HELP],
      [['scan', '--help'], SCAN_HELP],
      [['scan', '-h'], SCAN_HELP],
      [['rules', '--help'], RULES_HELP],
      [['inventory', '-h'], 'Usage: dbt-token-scan inventory'],
      [['explain', '-h'], 'Usage: dbt-token-scan explain RULE_ID'],
    ];
    for (const [args, text] of cases) {
      const r = runCli(args, process.cwd());
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toContain(text);
      expect(r.stderr).toBe('');
    }
    // the top-level help also shows the scan options, since scan is the default command
    expect(runCli(['--help'], process.cwd()).stdout).toContain(SCAN_HELP);
  });

  it('documents every option in the help', () => {
    const src = readFileSync(join(REPO_ROOT, 'src', 'cli', 'option-table.ts'), 'utf8');
    const table = src.slice(src.indexOf('const OPTIONS'), src.indexOf('} as const'));
    const options = [...table.matchAll(/^\s+'?([a-z-]+)'?: \{ type/gm)].map((m) => m[1]!);
    expect(options.length).toBeGreaterThan(10);
    const help = runCli(['--help'], process.cwd()).stdout;
    for (const o of options) expect(help, `--${o}`).toContain(`--${o}`);
  });
});

describe('usage errors: exit 2 and a message that says what to do', () => {
  const dir = makeRepo({});

  it('names an unknown option and points to --help', () => {
    expectUsageError(['scan', '--no-such-option'], dir, '--no-such-option', "Run 'dbt-token-scan --help' for usage.");
    expectUsageError(['--formt', 'json'], dir, '--formt');
  });

  it('lists the accepted values of a bad option value', () => {
    expectUsageError(['scan', '--format', 'xml'], dir, '"xml"', 'text, json, sarif, github, markdown');
    expectUsageError(['scan', '--fail-on', 'never'], dir, '"never"', 'error, warning, note, none');
    expectUsageError(['inventory', '--format', 'sarif'], dir, '"sarif"', 'markdown, json, csv');
    expectUsageError(['rules', '--format', 'xml'], dir, '"xml"');
    expectUsageError(['scan', '--jobs', '0'], dir, '--jobs', '"0"');
    expectUsageError(['scan', '--max-file-size', 'big'], dir, '--max-file-size', '"big"');
    expectUsageError(['scan', '--max-file-size', '1000'], dir, '--max-file-size', 'up to 256');
  });

  it("words option-parser errors as its own, never as Node's parser does", () => {
    const own = (args: string[], message: string): void => {
      const stderr = expectUsageError(args, dir, message);
      expect(stderr).not.toMatch(/Option '|argument missing|To specify a positional/);
    };
    own(['scan', '--formt', 'json'], 'unknown option "--formt"; did you mean --format?');
    own(['scan', '-x'], 'unknown option "-x"');
    own(['scan', '--format'], '--format: needs a value');
    own(['scan', '-f'], '--format: needs a value');
    own(['scan', '--staged=yes'], '--staged: takes no value');
  });

  it('says on stderr where a report written with --output went, unless --quiet', () => {
    const repo = makeRepo({ 'ci.sh': `curl -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\n` });
    let r = runCli(['scan', '--format', 'json', '--output', 'report.json'], repo);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('dbt-token-scan: wrote the json report to report.json (1 finding)\n');
    r = runCli(['inventory', '--format', 'csv', '-o', 'inv.csv'], repo);
    expect(r.stderr).toBe('dbt-token-scan: wrote the csv inventory to inv.csv (1 call site)\n');
    expect(runCli(['scan', '--quiet', '--output', 'r.txt'], repo).stderr).toBe('');
  });

  it('names an option given without its value', () => {
    expectUsageError(['scan', '--format'], dir, '--format');
    expectUsageError(['scan', '--output'], dir, '--output');
  });

  it('lists the rule ids for explain without one or with an unknown one', () => {
    expectUsageError(['explain'], dir, ...RULE_IDS);
    expectUsageError(['explain', 'pat-in-productio'], dir, 'unknown rule id "pat-in-productio"', ...RULE_IDS);
    expectUsageError(['explain', 'a', 'b'], dir, 'one rule id');
  });

  it('refuses --staged with --changed, and git modes outside a git repository', () => {
    expectUsageError(['scan', '--staged', '--changed', 'HEAD'], dir, '--staged and --changed');
    expectUsageError(['scan', '--staged'], dir, /git/);
    expectUsageError(['scan', '--changed', 'main'], dir, /git/);
  });

  it('names a path that does not exist', () => {
    expectUsageError(['scan', 'no-such-folder'], dir, 'no-such-folder: no such file or folder');
  });
});

describe('config errors: exit 2, naming the file, the key and what was expected', () => {
  const withConfig = (text: string, name = '.dbt-token-scan.yml'): string => makeRepo({ [name]: text });

  it('reports a missing --config file and a missing --baseline file', () => {
    const dir = makeRepo({});
    expectUsageError(['scan', '--config', 'ci/dts.yml'], dir, 'ci/dts.yml: config file not found');
    expectUsageError(['scan', '--baseline', 'base.json'], dir, 'base.json: baseline file not found');
  });

  it('reports YAML that does not parse, and a config that is not a mapping', () => {
    expectUsageError(['scan'], withConfig('tokens:\n  X: pat\n bad: [\n'), '.dbt-token-scan.yml:3: not valid YAML');
    expectUsageError(
      ['scan'],
      withConfig('- tokens\n- rules\n'),
      '.dbt-token-scan.yml:1: expected a mapping',
      'tokens, production, development, ignore, rules',
    );
  });

  it('reports an unknown key, a bad token type, a bad rule setting and bad globs', () => {
    expectUsageError(['scan'], withConfig('token:\n  X: pat\n'), 'unknown key "token"', 'tokens, production, development, ignore, rules');
    expectUsageError(
      ['scan'],
      withConfig('tokens:\n  DBT_CLOUD_API_KEY: service\n'),
      'tokens.DBT_CLOUD_API_KEY',
      'pat, service-token, legacy-user-api-key',
      '"service"',
    );
    expectUsageError(
      ['scan'],
      withConfig('rules:\n  hardcoded-token: maybe\n'),
      'rules.hardcoded-token',
      'off, note, warning, error',
      '"maybe"',
    );
    expectUsageError(['scan'], withConfig('rules:\n  hardcoded-tokens: off\n'), 'rules.hardcoded-tokens: unknown rule id');
    expectUsageError(['scan'], withConfig('ignore: [1, 2]\n'), 'ignore: expected a list of glob patterns');
  });

  it('reports the file named by --config, as given', () => {
    expectUsageError(
      ['scan', '--config', 'conf/scan.yaml'],
      withConfig('tokens: [a]\n', 'conf/scan.yaml'),
      'conf/scan.yaml:1: tokens: expected a mapping',
    );
  });
});

describe('--staged and --changed with paths', () => {
  it('scans only the named staged files or folders, and only changed files under the named paths', () => {
    const token = `TOKEN=${FAKE_PAT}\n`;
    const dir = makeRepo({ 'README.md': '# repo\n' });
    const git = (...a: string[]): void => {
      const r = spawnSync('git', a, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
      expect(r.status, r.stderr).toBe(0);
    };
    const files = (...args: string[]): string[] => {
      const r = runCli(['scan', '--format', 'json', ...args], dir);
      expect([0, 1], r.stderr).toContain(r.status);
      return [...new Set((JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file))].sort();
    };
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'init');
    for (const f of ['scripts/a.sh', 'scripts/..b.sh', 'other/c.sh', 'untracked.sh']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), token);
    }
    git('add', 'scripts', 'other');
    expect(files('--staged')).toEqual(['other/c.sh', 'scripts/..b.sh', 'scripts/a.sh']);
    // pre-commit style: staged file names on the command line
    expect(files('--staged', 'scripts/a.sh', 'other/c.sh')).toEqual(['other/c.sh', 'scripts/a.sh']);
    expect(files('--staged', 'scripts')).toEqual(['scripts/..b.sh', 'scripts/a.sh']);
    // a named file that is not staged is not part of the commit
    expect(files('--staged', 'untracked.sh')).toEqual([]);
    expect(files('--changed', 'HEAD', 'scripts', 'untracked.sh')).toEqual(['scripts/..b.sh', 'scripts/a.sh', 'untracked.sh']);
  });
});

describe('--quiet', () => {
  it('prints the findings without the summary, and nothing when there are none', () => {
    const dir = makeRepo({ '.github/workflows/deploy.yml': workflow });
    const loud = runCli(['scan'], dir);
    expect(loud.stdout).toContain('Call sites by workflow');
    const quiet = runCli(['scan', '--quiet'], dir);
    expect(quiet.status).toBe(1);
    expect(quiet.stdout).toContain('hardcoded-token');
    expect(quiet.stdout).not.toContain('Call sites by workflow');
    expect(quiet.stdout).not.toMatch(/problems? \(/);
    const clean = runCli(['scan', '-q'], makeRepo({ 'README.md': '# nothing\n' }));
    expect(clean.status).toBe(0);
    expect(clean.stdout).toBe('');
    expect(clean.stderr).toBe('');
  });
});

describe('the progress line', () => {
  const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  const ci = process.env.CI;
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  function capture(isTTY: boolean, env: { CI?: string }): string[] {
    Object.defineProperty(process.stderr, 'isTTY', { value: isTTY, configurable: true });
    if (env.CI === undefined) delete process.env.CI;
    else process.env.CI = env.CI;
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    return writes;
  }

  function drive(quiet: boolean): void {
    const p = progressReporter(quiet);
    p.update?.(1, 500); // at once: nothing, a quick scan shows no progress at all
    vi.setSystemTime(1_000_900);
    p.update?.(200, 500);
    vi.setSystemTime(1_000_950);
    p.update?.(210, 500); // within 100 ms of the last redraw: skipped
    vi.setSystemTime(1_001_100);
    p.update?.(400, 500);
    p.done();
  }

  it('appears on a terminal after a moment, redraws at most every 100 ms and is cleared at the end', () => {
    const writes = capture(true, {});
    drive(false);
    expect(writes).toEqual(['\r\x1b[2Kdbt-token-scan: 200/500 files', '\r\x1b[2Kdbt-token-scan: 400/500 files', '\r\x1b[2K']);
  });

  it('never appears with --quiet, in CI or when stderr is not a terminal', () => {
    for (const [isTTY, env, quiet] of [
      [true, {}, true],
      [true, { CI: 'true' }, false],
      [false, {}, false],
    ] as const) {
      const writes = capture(isTTY, env);
      drive(quiet);
      expect(writes, JSON.stringify({ isTTY, env, quiet })).toEqual([]);
      vi.restoreAllMocks();
    }
  });

  it('leaves nothing behind in the real binary on a terminal (when `script` can give it one)', () => {
    const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
    if (!hasScript) return; // util-linux `script` is missing: the unit checks above still hold
    const dir = makeRepo({});
    for (let i = 0; i < 1500; i++) {
      const sub = join(dir, `jobs${Math.floor(i / 100)}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(
        join(sub, `run${i}.sh`),
        `curl -H "Authorization: Token $DBT_CLOUD_SERVICE_TOKEN" https://cloud.getdbt.com/api/v2/accounts/${i}/runs/\n`,
      );
    }
    const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
    const onTty = (args: string, env: Record<string, string | undefined>): string => {
      const r = spawnSync('script', ['-qefc', `${shellQuote(process.execPath)} ${shellQuote(BIN)} ${args}`, '/dev/null'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 300_000,
        env: { ...process.env, NO_COLOR: '1', CI: undefined, ...env },
      });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      return r.stdout;
    };
    const out = onTty('scan --fail-on none', {});
    const lastProgress = out.lastIndexOf('dbt-token-scan: ');
    if (lastProgress >= 0) {
      // every progress line is erased before the report is printed
      const rest = out.slice(lastProgress);
      expect(rest.indexOf('\r\x1b[2K')).toBeGreaterThan(0);
      expect(rest.indexOf('\r\x1b[2K')).toBeLessThan(rest.indexOf('No dbt Cloud token problems'));
    }
    expect(out).toContain('No dbt Cloud token problems found; 1500 files scanned');
    expect(onTty('scan --fail-on none --quiet', {})).not.toContain('dbt-token-scan: ');
    expect(onTty('scan --fail-on none', { CI: 'true' })).not.toContain('dbt-token-scan: ');
  }, 300_000);
});

describe('--changed with a ref the clone lacks', () => {
  it('says which ref is missing and how to fetch it, in a shallow clone and in a full one', () => {
    const origin = makeRepo({ 'a.sh': 'echo 1\n' });
    const git = (cwd: string, ...a: string[]): void => {
      const r = spawnSync('git', a, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
      expect(r.status, r.stderr).toBe(0);
    };
    git(origin, 'init', '-q');
    for (const n of ['1', '2', '3']) {
      writeFileSync(join(origin, 'a.sh'), `echo ${n}\n`);
      git(origin, 'add', '-A');
      git(origin, 'commit', '-qm', n);
    }
    const shallow = join(origin, '..', `${origin.split('/').pop()}-shallow`);
    git(origin, 'clone', '-q', '--depth', '1', `file://${origin}`, shallow);
    let r = runCli(['scan', '--changed', 'HEAD~2'], shallow);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--changed: "HEAD~2" names no commit in this shallow clone');
    expect(r.stderr).toContain('fetch-depth: 0');
    expect(r.stderr).toContain('GIT_DEPTH: 0');
    r = runCli(['scan', '--changed', 'release'], origin);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--changed: "release" names no commit in this repository');
    expect(r.stderr).toContain('git fetch origin <branch>');
  });
});
