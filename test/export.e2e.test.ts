import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RE2JS } from 're2js';
import { parse as parseToml } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDbtTokenName } from '../src/credentials/names.js';
import { DBT_TOKEN_IN_TEXT, LEGACY_KEY_SHAPE } from '../src/credentials/token-shapes.js';
import { redactTokens } from '../src/findings/redact.js';
import { makeRepo, runCli } from './helpers/run-cli.js';
import { REPO_ROOT } from './helpers/worktree-copy.js';

// `dbt-token-scan export gitleaks|github-secret-scanning`, through the built CLI. The exported
// patterns are run the way their scanners run them: the TOML is parsed by a real TOML parser and
// checked for the fields gitleaks requires; every regex is compiled by re2js (RE2, Go's syntax:
// no lookaround, no backreferences) and run both there and as a JavaScript RegExp after the
// same few spelling changes (`(?i)` to a flag, `\A`/`\z` to `^`/`$`), and the two must agree.
// With gitleaks' semantics (keywords, secret group, entropy, allowlist) they must find every
// token of the fixtures/ tree and none of the look-alikes.

interface GitleaksRule {
  id: string;
  description: string;
  regex: string;
  secretGroup: number;
  entropy: number;
  keywords: string[];
  tags: string[];
  allowlists: { description: string; regexTarget: string; regexes: string[] }[];
}

interface CustomPattern {
  name: string;
  secret_format: string;
  before_secret: string;
  after_secret: string;
  additional_match_requirements: { must_not_match: string[] };
  test_string: string;
}

/** A pattern in RE2/Hyperscan syntax as a JavaScript RegExp: the inline flag group, the text edges. */
function jsRegExp(pattern: string, extraFlags = ''): RegExp {
  const m = /^\(\?([ims]+)\)/.exec(pattern);
  const source = (m ? pattern.slice(m[0].length) : pattern).replace(/\\A/g, '^').replace(/\\z/g, '$');
  return new RegExp(source, `${m?.[1] ?? ''}${extraFlags}`);
}

/** Every match's group `group`, by RE2 and by JavaScript; they must agree. */
function allMatches(pattern: string, text: string, group: number): string[] {
  expect(pattern, 'RE2 has no lookaround or backreferences').not.toMatch(/\(\?<?[=!]|\\[1-9]|\\k</);
  const m = RE2JS.compile(pattern).matcher(text);
  const re2: string[] = [];
  while (m.find()) re2.push(m.group(group)!);
  const js = [...text.matchAll(jsRegExp(pattern, 'g'))].map((x) => x[group]!);
  expect(js, `JavaScript and RE2 disagree on ${pattern}`).toEqual(re2);
  return re2;
}

const entropy = (s: string): number => {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts.values()].reduce((h, n) => h - (n / s.length) * Math.log2(n / s.length), 0);
};

/** What gitleaks reports with one rule on one text: keyword, regex, secret group, entropy, allowlist. */
function gitleaksFinds(rule: GitleaksRule, text: string): string[] {
  if (!rule.keywords.some((k) => text.toLowerCase().includes(k.toLowerCase()))) return [];
  return allMatches(rule.regex, text, rule.secretGroup)
    .filter((secret) => entropy(secret) >= rule.entropy)
    .filter((secret) => !rule.allowlists.some((a) => a.regexes.some((r) => allMatches(r, secret, 0).length > 0)));
}

/** Random bodies of the token alphabet, fixed seed: what real tokens look like (about 5 bits a character). */
function randomBody(length: number, alphabet: string, seed: number): string {
  let x = seed;
  let out = '';
  while (out.length < length) {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    out += alphabet[x % alphabet.length];
  }
  return out;
}
const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const PAT = `dbtu_${randomBody(50, TOKEN_CHARS, 3)}`;
const SERVICE = `dbtc_${randomBody(50, TOKEN_CHARS, 5)}`;
const HEX = randomBody(40, '0123456789abcdef', 9);

/** Every file of the fixtures/ tree, with its text. */
function fixtureFiles(dir = join(REPO_ROOT, 'fixtures')): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) return fixtureFiles(p);
    return st.size < 1_000_000 ? [{ path: p.slice(REPO_ROOT.length + 1), text: readFileSync(p, 'utf8') }] : [];
  });
}

let toml = '';
let rules: GitleaksRule[] = [];
let json = '';
let patterns: CustomPattern[] = [];
const fixtures = fixtureFiles();

beforeAll(() => {
  const dir = makeRepo({});
  const g = runCli(['export', 'gitleaks'], dir);
  expect(g.status, g.stderr).toBe(0);
  toml = g.stdout;
  rules = (parseToml(toml) as unknown as { rules: GitleaksRule[] }).rules;
  const j = runCli(['export', 'github-secret-scanning', '--format', 'json'], dir);
  expect(j.status, j.stderr).toBe(0);
  json = j.stdout;
  patterns = (JSON.parse(json) as { patterns: CustomPattern[] }).patterns;
}, 60_000);

const rule = (id: string): GitleaksRule => rules.find((r) => r.id === id)!;

describe('export gitleaks', () => {
  it('is TOML with the fields gitleaks requires, and extends the default rules', () => {
    const config = parseToml(toml) as { title: string; extend: { useDefault: boolean } };
    expect(config.extend).toEqual({ useDefault: true });
    expect(rules.map((r) => r.id)).toEqual(['dbt-cloud-personal-access-token', 'dbt-cloud-service-token', 'dbt-cloud-user-api-key']);
    for (const r of rules) {
      expect(r.id).toMatch(/^[a-z0-9-]+$/);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.keywords.length).toBeGreaterThan(0);
      // gitleaks compares keywords with the lower-cased text.
      for (const k of r.keywords) expect(k).toBe(k.toLowerCase());
      expect(r.secretGroup).toBe(1);
      expect(r.entropy).toBeGreaterThan(0);
      expect(() => RE2JS.compile(r.regex)).not.toThrow();
      expect(RE2JS.compile(r.regex).groupCount()).toBeGreaterThanOrEqual(r.secretGroup);
      expect(r.allowlists[0]!.regexTarget).toBe('secret');
      for (const a of r.allowlists[0]!.regexes) expect(() => RE2JS.compile(a)).not.toThrow();
    }
  });

  it('finds every dbtu_/dbtc_ token of the fixtures/ tree, with its type', () => {
    const tokens = fixtures.flatMap((f) => [...f.text.matchAll(DBT_TOKEN_IN_TEXT)].map((m) => ({ ...f, token: m[0] })));
    // Placeholders of full length (`dbtu_XXXX…`) are look-alikes, checked below.
    const real = tokens.filter((t) => !/X{8}/.test(t.token));
    expect(new Set(real.map((t) => t.token)).size).toBeGreaterThanOrEqual(6);
    for (const t of real) {
      const id = t.token.startsWith('dbtu_') ? 'dbt-cloud-personal-access-token' : 'dbt-cloud-service-token';
      // The fixtures' fake tokens repeat a short piece (FAKEpat0FAKEpat0…), about 3 bits a character:
      // the regex and the allowlist must take them; the entropy floor is checked with real-looking tokens.
      const lowEntropy = { ...rule(id), entropy: 0 };
      expect(gitleaksFinds(lowEntropy, t.text), `${t.token.slice(0, 12)}… in ${t.path}`).toContain(t.token);
      const other = t.token.startsWith('dbtu_') ? 'dbt-cloud-service-token' : 'dbt-cloud-personal-access-token';
      expect(gitleaksFinds({ ...rule(other), entropy: 0 }, t.text)).not.toContain(t.token);
    }
  });

  it('finds every user API key of the fixtures/ tree in a dbt-named variable, and in files that call dbt Cloud', () => {
    const legacyRule = { ...rule('dbt-cloud-user-api-key'), entropy: 0 };
    const assigned = fixtures.flatMap((f) =>
      [...f.text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)["']?\s*[:=]\s*["']?([0-9a-f]{40})\b/g)]
        .filter((m) => LEGACY_KEY_SHAPE.test(m[2]!))
        .map((m) => ({ ...f, name: m[1]!, key: m[2]! })),
    );
    const dbtNamed = assigned.filter((a) => isDbtTokenName(a.name));
    expect(dbtNamed.length).toBeGreaterThanOrEqual(2);
    for (const a of dbtNamed) expect(gitleaksFinds(legacyRule, a.text), `${a.name} in ${a.path}`).toContain(a.key);
    // `API_KEY = "…"` beside a call to cloud.getdbt.com (Python and JavaScript fixtures).
    const nearHost = assigned.filter((a) => !isDbtTokenName(a.name) && /KEY|TOKEN/.test(a.name) && a.text.includes('getdbt.com'));
    expect(nearHost.length).toBeGreaterThanOrEqual(2);
    for (const a of nearHost) expect(gitleaksFinds(legacyRule, a.text), a.path).toContain(a.key);
    // The same line without dbt in the text is some other service's key.
    for (const a of nearHost) expect(gitleaksFinds(legacyRule, `${a.name} = "${a.key}"\n`)).toEqual([]);
    // A git SHA beside a dbt Cloud call is not a key (fixtures/rules/legacy-user-api-key/negative/git-sha-is-not-a-key).
    const sha = fixtures.find((f) => f.path.includes('git-sha-is-not-a-key') && f.path.endsWith('.sh'))!;
    for (const r of rules) expect(gitleaksFinds({ ...r, entropy: 0 }, sha.text), r.id).toEqual([]);
  });

  it('real-looking tokens pass the entropy floor; look-alikes and placeholders are not reported', () => {
    const text = [
      `DBT_CLOUD_TOKEN=${PAT}`,
      `token: "${SERVICE}"`,
      `DBT_CLOUD_API_KEY='${HEX}'`,
      `curl -H "Authorization: Token ${HEX}" https://cloud.getdbt.com/api/v2/accounts/1/`,
    ].join('\n');
    expect(gitleaksFinds(rule('dbt-cloud-personal-access-token'), text)).toEqual([PAT]);
    expect(gitleaksFinds(rule('dbt-cloud-service-token'), text)).toEqual([SERVICE]);
    expect(gitleaksFinds(rule('dbt-cloud-user-api-key'), text)).toEqual([HEX, HEX]);

    const body = PAT.slice(5);
    const lookAlikes = [
      `my_dbtc_${body}`,
      `x = MY_DBTU_${body}`,
      `dbtc_var_name = 1`,
      `pydbtu_${body}`,
      `dbtu_${body}Z`,
      `dbtu_${'X'.repeat(50)}`,
      `dbtc_${'x'.repeat(50)}`,
      `dbtu_your_token_here_${'0'.repeat(29)}`,
      `dbtc_REDACTED_${body.slice(9)}`,
      '<dbtc_token>',
      'dbtu_XXXX…',
      'dbtc_xxxxxxxx',
      'dbtu_YOUR_API_TOKEN_HERE',
      `DBT_CLOUD_API_KEY=${'0'.repeat(40)}`,
      `RELEASE_SHA=${HEX} # https://cloud.getdbt.com`,
      `DBT_CLOUD_API_KEY=${HEX}0`,
      `git_sha: ${HEX}`,
    ];
    for (const line of lookAlikes) {
      for (const r of rules) expect(gitleaksFinds(r, `${line}\n`), `${r.id}: ${line}`).toEqual([]);
    }
  });
});

describe('export github-secret-scanning', () => {
  const whole = (p: CustomPattern): string => `${p.before_secret}(${p.secret_format})${p.after_secret}`;
  const finds = (p: CustomPattern, text: string): string[] =>
    allMatches(whole(p), text, 1).filter(
      (s) => !p.additional_match_requirements.must_not_match.some((r) => allMatches(r, s, 0).length > 0),
    );

  it('gives the pattern fields and a test string each matches', () => {
    expect(patterns.map((p) => p.name)).toEqual(['dbt Cloud personal access token', 'dbt Cloud service token', 'dbt Cloud user API key']);
    for (const p of patterns) {
      expect(() => RE2JS.compile(whole(p))).not.toThrow();
      expect(finds(p, p.test_string), p.name).toHaveLength(1);
      for (const other of patterns.filter((o) => o !== p)) expect(finds(other, p.test_string)).toEqual([]);
    }
  });

  it("same tokens as the gitleaks rules, in GitHub's anchors; a user API key only in a dbt-named variable", () => {
    const [pat, service, legacy] = patterns as [CustomPattern, CustomPattern, CustomPattern];
    const asGitleaks = (p: CustomPattern): string => whole(p).replace(/\\A/g, '^').replace(/\\z/g, '$');
    expect(asGitleaks(pat)).toBe(rule('dbt-cloud-personal-access-token').regex);
    expect(asGitleaks(service)).toBe(rule('dbt-cloud-service-token').regex);
    expect(rule('dbt-cloud-user-api-key').regex).toContain(`(${legacy.secret_format})${legacy.after_secret.replace(/\\z/g, '$')}`);
    expect(finds(legacy, `API_KEY = "${HEX}"  # https://cloud.getdbt.com`)).toEqual([]);
  });

  it("finds the fixtures' tokens and real-looking ones, not the look-alikes", () => {
    const [pat, service, legacy] = patterns as [CustomPattern, CustomPattern, CustomPattern];
    for (const f of fixtures) {
      for (const m of f.text.matchAll(DBT_TOKEN_IN_TEXT)) {
        if (/X{8}/.test(m[0])) continue;
        expect(finds(m[0].startsWith('dbtu_') ? pat : service, f.text)).toContain(m[0]);
      }
    }
    expect(finds(pat, `a ${PAT}`)).toEqual([PAT]);
    expect(finds(legacy, `DBT_CLOUD_API_KEY: ${HEX}`)).toEqual([HEX]);
    for (const line of [`my_dbtc_${PAT.slice(5)}`, `dbtu_${'X'.repeat(50)}`, '<dbtc_token>', `RELEASE_SHA=${HEX}`]) {
      for (const p of patterns) expect(finds(p, line), `${p.name}: ${line}`).toEqual([]);
    }
  });

  it('markdown (the default) gives the same fields, each in a block that survives | and backticks', () => {
    const r = runCli(['export', 'github-secret-scanning'], makeRepo({}));
    expect(r.status).toBe(0);
    const blocks = [...r.stdout.matchAll(/````text\n(.*)\n````/g)].map((m) => m[1]);
    expect(blocks).toEqual(
      patterns.flatMap((p) => [
        p.secret_format,
        p.before_secret,
        p.after_secret,
        p.additional_match_requirements.must_not_match[0],
        p.test_string,
      ]),
    );
    expect(r.stdout).toContain('Settings → Code security → Secret scanning → Custom patterns');
  });
});

describe('export, the command', () => {
  it('needs a known target and a format the target writes', () => {
    const dir = makeRepo({});
    for (const [args, message] of [
      [['export'], 'export needs a target: gitleaks, github-secret-scanning'],
      [['export', 'trufflehog'], 'unknown export target "trufflehog"'],
      [['export', 'gitleaks', 'extra'], 'export takes one target'],
      [['export', 'gitleaks', '--format', 'json'], 'export gitleaks writes toml'],
      [['export', 'github-secret-scanning', '--format', 'toml'], 'writes markdown or json'],
    ] as const) {
      const r = runCli(args, dir);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
    }
    const help = runCli(['export', '--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: dbt-token-scan export gitleaks|github-secret-scanning');
  });

  it('writes --output, and prints nothing the redaction of every output would change', () => {
    const dir = makeRepo({});
    const r = runCli(['export', 'gitleaks', '--output', 'rules/dbt.toml'], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('wrote the gitleaks config to rules/dbt.toml (3 patterns)');
    expect(readFileSync(join(dir, 'rules/dbt.toml'), 'utf8')).toBe(toml);
    // The test strings are plainly synthetic (word bodies, counting hex): no token is printed.
    expect(redactTokens(toml)).toBe(toml);
    expect(redactTokens(json)).toBe(json);
  });
});
