import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_PAT, makeRepo, runCli } from '../helpers/run-cli.js';

// The config and the baseline can arrive with a pull request, so they are read as hostile input:
// whatever they hold, the run ends at once with exit 2, one line naming the file, the line and the
// reason, and no internal error, hang or memory blow-up.

const SCANNED = { 'a.py': 'print("hello")\n' };

function expectRefused(files: Record<string, string>, args: string[], ...parts: (string | RegExp)[]): void {
  const dir = makeRepo({ ...SCANNED, ...files });
  const started = Date.now();
  const r = runCli(['scan', ...args], dir);
  const took = Date.now() - started;
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^dbt-token-scan: /);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  for (const p of parts) {
    if (typeof p === 'string') expect(r.stderr).toContain(p);
    else expect(r.stderr).toMatch(p);
  }
  // Node's own start-up is a fifth of that; the margin is for a loaded CI machine.
  expect(took, r.stderr).toBeLessThan(2500);
}

/** Nine levels of nine aliases each: a few hundred bytes that expand to 9^9 strings. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level < 9; level++) {
    const name = String.fromCharCode(97 + level);
    const previous = String.fromCharCode(96 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  lines.push('ignore: *i');
  return `${lines.join('\n')}\n`;
}

describe('a hostile .dbt-token-scan.yml', () => {
  it('refuses a YAML alias bomb, naming the line of the first alias', () => {
    expectRefused({ '.dbt-token-scan.yml': aliasBomb() }, [], '.dbt-token-scan.yml:2:', /alias/);
  });

  it('refuses more aliases than a config could need', () => {
    const many = `x: &x a\ntokens:\n${Array.from({ length: 150 }, (_, i) => `  T${i}: *x`).join('\n')}\n`;
    expectRefused({ '.dbt-token-scan.yml': many }, [], '.dbt-token-scan.yml:3:', '150 YAML aliases');
  });

  it('refuses 100,000 keys before parsing them', () => {
    const keys = `tokens:\n${Array.from({ length: 100_000 }, (_, i) => `  T${i}: pat`).join('\n')}\n`;
    expectRefused({ '.dbt-token-scan.yml': keys }, [], '.dbt-token-scan.yml:', 'too big for a config file', '64 KB');
  });

  it('refuses a huge file named by --config without reading it whole', () => {
    const dir = makeRepo(SCANNED);
    writeFileSync(join(dir, 'big.yml'), `ignore:\n${'  - x\n'.repeat(2_000_000)}`);
    const r = runCli(['scan', '--config', 'big.yml'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('big.yml: 11719 KB is too big for a config file');
  });

  it('names the line of a syntax error without quoting the source', () => {
    const text = `tokens:\n  SECRET_${FAKE_PAT}: pat\nignore: [a, b\nrules: {\n`;
    expectRefused({ '.dbt-token-scan.yml': text }, [], /^dbt-token-scan: \.dbt-token-scan\.yml:\d+: not valid YAML/);
    const r = runCli(['scan'], makeRepo({ ...SCANNED, '.dbt-token-scan.yml': text }));
    expect(r.stderr).not.toContain(FAKE_PAT.slice(5, 20));
  });

  it('refuses a glob that can never mean what it says, with its line', () => {
    expectRefused(
      { '.dbt-token-scan.yml': 'production:\n  - ci/**\n  - "[z-a]*.yml"\n' },
      [],
      '.dbt-token-scan.yml:3:',
      'production',
      '"z-a" runs backwards',
    );
    expectRefused({ '.dbt-token-scan.yml': 'ignore:\n  - "build/[abc"\n' }, [], '.dbt-token-scan.yml:2:', 'is never closed');
    expectRefused({ '.dbt-token-scan.yml': 'ignore:\n  - "docs\\\\"\n' }, [], '.dbt-token-scan.yml:2:', 'lone backslash');
    expectRefused({ '.dbt-token-scan.yml': 'development:\n  - ../other/**\n' }, [], '.dbt-token-scan.yml:2:', '".." segments never match');
  });

  it('names the line of an unknown rule, a bad token type and a key given twice', () => {
    expectRefused(
      { '.dbt-token-scan.yml': 'rules:\n  hardcoded-token: off\n  no-such-rule: error\n' },
      [],
      '.dbt-token-scan.yml:3: rules.no-such-rule: unknown rule id',
    );
    expectRefused({ '.dbt-token-scan.yml': 'tokens:\n  A: pat\n  B: sometimes\n' }, [], '.dbt-token-scan.yml:3: tokens.B');
    expectRefused({ '.dbt-token-scan.yml': 'ignore: [a]\nrules: {}\nignore: [b]\n' }, [], '.dbt-token-scan.yml:3: "ignore" is given twice');
  });

  it('never echoes a token written as a key or value in the config', () => {
    const dir = makeRepo({ ...SCANNED, '.dbt-token-scan.yml': `rules:\n  ${FAKE_PAT}: off\n` });
    const r = runCli(['scan'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown rule id');
    expect(r.stderr).not.toContain(FAKE_PAT.slice(5, 20));
  });

  it('still accepts an ordinary config with a few anchors', () => {
    const dir = makeRepo({
      ...SCANNED,
      '.dbt-token-scan.yml': 'production: &prod\n  - deploy/**\ndevelopment:\n  - notebooks/**\nrules:\n  undocumented-endpoint: "off"\n',
    });
    expect(runCli(['scan'], dir).status).toBe(0);
  });
});

describe('a hostile baseline file', () => {
  it("refuses another tool's JSON, naming the file", () => {
    expectRefused(
      { 'base.json': JSON.stringify({ version: 1, findings: [{ fingerprint: 'abc', ruleId: 'x', file: 'a', line: 1 }] }) },
      ['--baseline', 'base.json'],
      'base.json: not a dbt-token-scan baseline',
    );
    expectRefused({ 'base.json': '[]' }, ['--baseline', 'base.json'], 'base.json: not a dbt-token-scan baseline');
    expectRefused(
      { 'base.json': '{"tool":"dbt-token-scan","version":7,"findings":[]}' },
      ['--baseline', 'base.json'],
      'base.json: baseline version 7',
    );
  });

  it('refuses fingerprints that none of ours could be', () => {
    const findings = [{ fingerprint: 'x'.repeat(10_000), ruleId: 'hardcoded-token', file: 'a', line: 1 }];
    expectRefused(
      { 'base.json': JSON.stringify({ version: 1, tool: 'dbt-token-scan', findings }) },
      ['--baseline', 'base.json'],
      'base.json: findings: expected a list',
    );
  });

  it('refuses a baseline too big to be one before reading it', () => {
    const dir = makeRepo(SCANNED);
    writeFileSync(join(dir, 'base.json'), Buffer.alloc(65 * 1024 * 1024, 0x20));
    const r = runCli(['scan', '--baseline', 'base.json'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('base.json: 65 MB is too big for a baseline file');
  });

  it('names the baseline it cannot write', () => {
    const dir = makeRepo({ ...SCANNED, 'notes.txt': 'x\n' });
    const r = runCli(['scan', '--write-baseline', 'notes.txt/base.json'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot write notes.txt/base.json (--write-baseline)');
  });
});
