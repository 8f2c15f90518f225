import { describe, expect, it } from 'vitest';
import { findWrittenTokens, mayHoldTokenText } from '../../src/credentials/token-forms.js';
import { isDbtTokenShaped } from '../../src/credentials/token-shapes.js';
import { redactText, redactTokens, TokenPieces } from '../../src/findings/redact.js';

// Where a token is written other than contiguously, and what is printed in its place. Tokens are
// built here from pieces, so this file holds none whole.

const P = ['db', 'tu_'].join('');
const BODY = `Qm4Rt7${'Lp3Nz8Kw'.repeat(5)}Hj2F`;
const TOKEN = P + BODY;
const HEX = '0123456789abcdef'.repeat(2) + 'c0ffee00';
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const pct = (s: string): string => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');

/** No 6 characters in a row of the body but its last 4. */
function leaks(out: string, body = BODY): string[] {
  const secret = body.slice(0, -4);
  const hits: string[] = [];
  for (let i = 0; i + 6 <= secret.length; i++) if (out.includes(secret.slice(i, i + 6))) hits.push(secret.slice(i, i + 6));
  return hits;
}

// [name, source text holding the token, the text it is written as]
const FORMS: [string, string][] = [
  ['\\x5f', `token = "dbtu\\x5f${BODY}"`],
  ['\\\\x5f inside JSON', `{"source": "token = \\"dbtu\\\\x5f${BODY}\\""}`],
  ['\\u005f', `token = "dbtu\\u005f${BODY}"`],
  ['\\u{5f}', `const t = "dbtu\\u{5f}${BODY}";`],
  ['octal \\137', `token = "dbtu\\137${BODY}"`],
  ['markdown \\_', `Use dbtu\\_${BODY} for now`],
  ['%5F', `curl "https://x/?t=dbtu%5F${BODY}"`],
  ['%5f lowercase', `curl "https://x/?t=dbtu%5f${BODY}"`],
  ['URL-encoded whole', `curl "https://x/?t=${pct(TOKEN)}"`],
  ['&#95;', `<p>dbtu&#95;${BODY}</p>`],
  ['&#x5F;', `<p>dbtu&#x5F;${BODY}</p>`],
  ['&lowbar;', `<p>dbtu&lowbar;${BODY}</p>`],
  ['+ concatenation', `token = "${P}" + "${BODY.slice(0, 20)}" + "${BODY.slice(20)}"`],
  ['prefix split', `token = 'd' + 'btu_${BODY.slice(0, 20)}' + '${BODY.slice(20)}'`],
  ['split after dbtu', `token = "dbtu" + "_${BODY}"`],
  ['prefix split in three', `token = 'd' + 'b' + 'tu_${BODY.slice(0, 20)}' + '${BODY.slice(20)}'`],
  ['prefix split before u', `token = "dbt" + "u" + "_${BODY}"`],
  ['adjacent literals', `token = "${P}" "${BODY.slice(0, 25)}" "${BODY.slice(25)}"`],
  [
    'implicit concatenation over lines',
    `token = (\n    "${P}${BODY.slice(0, 10)}"\n    "${BODY.slice(10, 35)}"\n    "${BODY.slice(35)}"\n)`,
  ],
  ['string prefixes', `token = "${P}" r"${BODY.slice(0, 25)}" f'${BODY.slice(25)}'`],
  ['shell quoting', `TOKEN='${P}'"${BODY.slice(0, 20)}"${BODY.slice(20)}`],
  ['ANSI-C quoting', `TOKEN="${P}"$'${BODY}'`],
  ['line continuation', `TOKEN="${P}${BODY.slice(0, 20)}"\\\n"${BODY.slice(20)}"`],
  ['JS template piece', `const t = \`${P}\${'${BODY.slice(0, 20)}'}${BODY.slice(20)}\`;`],
  ['Python f-string piece', `t = f"${P}{'${BODY.slice(0, 20)}'}${BODY.slice(20)}"`],
  ['interpolated literal (HCL, shell)', `token = "${P}\${"${BODY.slice(0, 20)}"}${BODY.slice(20)}"`],
  ['PHP / Lua concatenation', `$t = '${P}' . '${BODY.slice(0, 20)}' .. '${BODY.slice(20)}';`],
  ['SQL ||', `select '${P}' || '${BODY}'`],
  ['a piece per line', `token = 'dbt' +\n    'u_${BODY.slice(0, 20)}' +\n    '${BODY.slice(20)}'`],
  ['base64 of Token header', `Authorization: Basic ${b64(`Token ${TOKEN}`)}`],
  ['base64 of user:token', `auth: "${b64(`bot:${TOKEN}`)}"`],
  ['base64url of Bearer header', `h = "${b64(`Bearer ${TOKEN}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}"`],
  ['base64 of the token alone', `data:\n  token: ${b64(TOKEN)}`],
];

describe('tokens written other than contiguously', () => {
  for (const [name, text] of FORMS) {
    it(`${name}: found, complete, and redacted in place`, () => {
      expect(mayHoldTokenText(text)).toBe(true);
      const found = findWrittenTokens(text);
      expect(found.map((t) => t.value)).toEqual([TOKEN]);
      expect(isDbtTokenShaped(found[0]!.value)).toBe(true);
      const out = redactText(text);
      expect(leaks(out)).toEqual([]);
      expect(out).toContain(`${P}…${BODY.slice(-4)}`);
      // Locations and whole outputs get the same for dbt tokens.
      expect(leaks(redactTokens(text))).toEqual([]);
      // Idempotent.
      expect(redactText(out)).toBe(out);
    });
  }

  it('maps the match back onto what is written, quotes and joins included', () => {
    const text = `x = "${P}" + "${BODY.slice(0, 20)}" + "${BODY.slice(20)}"; y = 1`;
    const [t] = findWrittenTokens(text);
    expect(text.slice(t!.start, t!.end)).toBe(`${P}" + "${BODY.slice(0, 20)}" + "${BODY.slice(20)}`);
    expect(redactText(text)).toBe(`x = "${P}…${BODY.slice(-4)}"; y = 1`);
  });

  it('a base64 value is printed as base64 of the redacted token', () => {
    expect(redactText(`Authorization: Basic ${b64(`Token ${TOKEN}`)}`)).toBe(`Authorization: Basic base64(${P}…${BODY.slice(-4)})`);
  });

  it('leaves contiguous tokens to the plain search, and still redacts them', () => {
    expect(findWrittenTokens(`t = "${TOKEN}"`)).toEqual([]);
    expect(redactText(`t = "${TOKEN}"`)).toBe(`t = "${P}…${BODY.slice(-4)}"`);
  });

  it('splits a hex key only for source text, never for locations', () => {
    const text = `KEY = "${HEX.slice(0, 20)}" + "${HEX.slice(20)}"`;
    expect(leaks(redactText(text), HEX)).toEqual([]);
    expect(findWrittenTokens(text, { hex: true }).map((t) => t.kind)).toEqual(['hex']);
    expect(findWrittenTokens(text)).toEqual([]);
  });

  it.each([
    ['double quotes', `KEY = "${HEX.slice(0, 20)}" + "${HEX.slice(20)}"`],
    ['single quotes, after other quoted strings', `a = 'x'; b = \`y\`; c = "z"; KEY = '${HEX.slice(0, 20)}' + '${HEX.slice(20)}'`],
    ['backquotes', `const KEY = \`${HEX.slice(0, 20)}\` + \`${HEX.slice(20)}\``],
    ['quotes of two kinds', `KEY = "${HEX.slice(0, 20)}" + '${HEX.slice(20)}'`],
  ])('finds a hex key split between %s', (_, text) => {
    expect(findWrittenTokens(text, { hex: true }).map((t) => [t.kind, t.value])).toEqual([['hex', HEX]]);
  });
});

describe('what is not a written token', () => {
  const NOT: [string, string][] = [
    ['no dbt at all', 'const x = "a" + "b" + "c"; printf("%2d\\x41", 3);'],
    ['a plain identifier', 'from dbtc_client import run  # dbtc_client.py'],
    ['a test builder (repeat)', `const t = 'dbtu_' + 'A1b2'.repeat(8);`],
    ['a test builder (interpolated call)', "const t = `dbtu_${'Tst0PatX'.repeat(7).slice(0, 50)}`;"],
    ['a Python builder', `t = "dbtu_" + "x" * 50`],
    ['a prefix and a variable', `t = "dbtc_" + os.environ["BODY"]`],
    ['a short placeholder, escaped', 'token: "dbtu\\x5fXXXX"'],
    ['base64 of other text', `x = "${b64('Token not-a-dbt-token-but-long-enough-here')}"`],
  ];
  for (const [name, text] of NOT) {
    it(name, () => {
      expect(findWrittenTokens(text).filter((t) => isDbtTokenShaped(t.value))).toEqual([]);
    });
  }

  it('is cheap on text with no hint of a token', () => {
    expect(mayHoldTokenText('select * from {{ ref("dbt_model") }} -- dbt docs\n'.repeat(1000))).toBe(false);
  });

  it('takes a prefix written as is too: one pass answers for every way a token is written', () => {
    expect(mayHoldTokenText('key = dbtc_' + 'x'.repeat(4))).toBe(true);
    expect(mayHoldTokenText('url: https://cloud.getdbt.com/api/v2/ (dbt_u, dbtu)')).toBe(false);
  });

  it('takes a quoted "dbt" as a piece of a token only when a piece that goes on with the prefix follows', () => {
    expect(mayHoldTokenText(`args = ["dbt", "run", "--select", "x"]\nif tool == 'dbt': pass\nname = "d" + suffix`)).toBe(false);
    expect(mayHoldTokenText(`t = "dbt" + "c_x"`)).toBe(true);
  });

  it('takes a piece that only starts like the rest of a prefix as none', () => {
    // Arguments and keys after a quoted "dbt", "db" or "d": a command line, a table, a JSON value.
    for (const text of [
      'subprocess.run(["dbt", "compile", "--select", model])',
      '{ "value": "dbt",          "count": null }',
      'Ok(("dbt".to_string(), "check_schema_exists".to_string()))',
      'conn = {"type": "db", "table": t}',
      "flags = ['d', 'build']",
    ])
      expect(mayHoldTokenText(text), text).toBe(false);
    // A piece that ends after a character of the prefix, or goes on escaped, still counts.
    for (const text of [`t = "d" + "b" + "tu_x"`, `t = "db" + "t" + "u_x"`, `t = "dbt" + "u" + "_x"`, `t = "dbt" + "\\x75_x"`])
      expect(mayHoldTokenText(text), text).toBe(true);
  });
});

describe('locations', () => {
  it('keep names that only look like hex, or read as words', () => {
    for (const path of [
      'a/0123456789abcdef0123456789abcdef.py',
      `keys/${HEX}.json`,
      'src/dbtc_service_account_rotation.py',
      'dbtc_client.py',
    ]) {
      expect(redactTokens(path)).toBe(path);
    }
  });

  it('redact a dbt token in a file or folder name', () => {
    expect(redactTokens(`config/${TOKEN}.env`)).toBe(`config/${P}…${BODY.slice(-4)}.env`);
    expect(redactTokens(`keys/${TOKEN}/run.sh`)).toBe(`keys/${P}…${BODY.slice(-4)}/run.sh`);
  });
});

describe('pieces of a split token', () => {
  it('a name read out of a token piece is replaced by the redacted token', () => {
    const pieces = new TokenPieces([TOKEN]);
    expect(pieces.hide(BODY.slice(20))).toBe(`${P}…${BODY.slice(-4)}`);
    expect(pieces.hide('DBT_CLOUD_TOKEN')).toBe('DBT_CLOUD_TOKEN');
  });
});

describe('cutting comes after redacting', () => {
  it('a suppression reason or a long line is redacted whole before it is cut', () => {
    const long = `${'x'.repeat(180)} old token "dbtu\\x5f${BODY}" rotated`;
    expect(leaks(redactText(long).slice(0, 200))).toEqual([]);
  });
});

describe('pathological text costs one pass', () => {
  // Each of these took minutes with regexes that backtrack (two optional whitespace runs around an
  // optional operator, `\\+` before an escape); the scan of a repository holding one hung.
  const M = 1_000_000;
  const cases: [string, string][] = [
    ['a quote, then a million spaces', `x = "abc"${' '.repeat(M)}y`],
    ['a token prefix and a quote, then a million spaces', `x = "dbtu_"${' '.repeat(M)}y`],
    ['a million escaped newlines after a quote', `x = "dbtu_\\"${'\\n'.repeat(M / 2)}y`],
    ['a million backslashes', `x = "dbtu_${'\\'.repeat(M)}"`],
    ['a million backslashes before an x', `${'\\'.repeat(M)}x`],
    ['quotes and spaces alternating', `"dbtu_"${' " '.repeat(M / 3)}`],
    ['hex pieces and spaces', `"0123456789abcdef"${' '.repeat(M)}+`],
    ['a million percent signs', `dbtu${'%'.repeat(M)}`],
    ['a million ampersands', `dbtu${'&#'.repeat(M / 2)}`],
    ['a million interpolation openers', `dbtu_a${'${'.repeat(M / 2)}`],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const t0 = performance.now();
      findWrittenTokens(text, { hex: true });
      redactText(text);
      redactTokens(text);
      expect(performance.now() - t0).toBeLessThan(3000);
    });
  }
});
