import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRepo, runCli } from '../helpers/run-cli.js';

// Attack: a token written other than as one contiguous run (escaped, split by concatenation,
// adjacent literals or shell quoting, URL-encoded, base64 of a header value, in a file name) is
// not recognised, and goes out whole in code frames, SARIF snippets, inventories, baselines or
// stderr. Every form is written into every supported file type of one repository, on a line that
// gets a finding of its own (an undocumented endpoint), so every format prints that line. The
// check of the issue: no output holds any 6 characters in a row of a token's body other than its
// last 4 (nor a run of its encoded text, for forms that encode the body itself).

/** A different fake body for every (form, file type): a leak names where it came from. */
function bodyFor(seed: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let x = (seed * 2654435761) >>> 0;
  let out = '';
  for (let i = 0; i < 50; i++) {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

const PREFIX = ['db', 'tu_'].join('');
const pct = (s: string): string => [...s].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

interface Form {
  id: string;
  /** The token as an expression of the file's language (or as a value, for data files), quotes included. */
  write: (body: string) => string;
  /** Encoded text that must not appear either (forms that encode the body itself). */
  encoded?: (body: string) => string[];
}

const FORMS: Form[] = [
  { id: 'contiguous', write: (b) => `"${PREFIX}${b}"` },
  { id: 'escape-x5f', write: (b) => `"dbtu\\x5f${b}"` },
  { id: 'escape-u005f', write: (b) => `"dbtu\\u005f${b}"` },
  { id: 'escape-u-brace', write: (b) => `"dbtu\\u{5f}${b}"` },
  { id: 'escape-octal', write: (b) => `"dbtu\\137${b}"` },
  { id: 'url-5F', write: (b) => `"dbtu%5F${b}"` },
  { id: 'url-all', write: (b) => `"${pct(PREFIX + b)}"`, encoded: (b) => [pct(b.slice(0, -4))] },
  { id: 'html-entity', write: (b) => `"dbtu&#95;${b}"` },
  { id: 'concat-plus', write: (b) => `"${PREFIX}" + "${b.slice(0, 20)}" + "${b.slice(20)}"` },
  { id: 'concat-prefix-split', write: (b) => `"db" + "tu_${b.slice(0, 30)}" + "${b.slice(30)}"` },
  { id: 'adjacent-literals', write: (b) => `"${PREFIX}" "${b.slice(0, 25)}" "${b.slice(25)}"` },
  { id: 'shell-quoting', write: (b) => `'${PREFIX}'"${b.slice(0, 20)}"${b.slice(20)}` },
  { id: 'js-template', write: (b) => `\`${PREFIX}\${'${b.slice(0, 20)}'}${b.slice(20)}\`` },
  { id: 'interpolated-piece', write: (b) => `"${PREFIX}\${"${b.slice(0, 20)}"}${b.slice(20)}"` },
  { id: 'python-implicit-lines', write: (b) => `("${PREFIX}${b.slice(0, 10)}"\n    "${b.slice(10, 35)}"\n    "${b.slice(35)}")` },
  {
    id: 'base64-token-header',
    write: (b) => `"${b64(`Token ${PREFIX}${b}`)}"`,
    encoded: (b) => [b64(`Token ${PREFIX}${b}`).slice(0, -12)],
  },
  { id: 'base64-basic-auth', write: (b) => `"${b64(`bot:${PREFIX}${b}`)}"`, encoded: (b) => [b64(`bot:${PREFIX}${b}`).slice(0, -12)] },
];

const URL_V4 = 'https://cloud.getdbt.com/api/v4/accounts/1/runs/';
const json = (s: string): string => JSON.stringify(s);

interface FileType {
  id: string;
  path: (form: string) => string;
  content: (e: string) => string;
}

const FILE_TYPES: FileType[] = [
  {
    id: 'python',
    path: (f) => `dags/${f}.py`,
    content: (e) => `import requests\n\nrequests.post("${URL_V4}", headers={"Authorization": "Token " + ${e}})\n`,
  },
  {
    id: 'javascript',
    path: (f) => `src/${f}.js`,
    content: (e) => `fetch("${URL_V4}", { headers: { Authorization: "Token " + ${e} } });\n`,
  },
  {
    id: 'typescript',
    path: (f) => `src/${f}.ts`,
    content: (e) => `const r: Promise<Response> = fetch("${URL_V4}", { headers: { Authorization: "Token " + ${e} } });\n`,
  },
  { id: 'shell', path: (f) => `scripts/${f}.sh`, content: (e) => `#!/usr/bin/env bash\ncurl -H "Authorization: Token "${e} ${URL_V4}\n` },
  {
    id: 'github-actions',
    path: (f) => `.github/workflows/${f}.yml`,
    content: (e) =>
      `name: deploy\non: push\njobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -H "Authorization: Token "${e.replace(/\n/g, ' ')} ${URL_V4}\n`,
  },
  {
    id: 'terraform',
    path: (f) => `infra/${f}.tf`,
    content: (e) => `provider "dbtcloud" {\n  token    = ${e}\n  host_url = "https://cloud.getdbt.com/api"\n}\n`,
  },
  {
    id: 'dotenv',
    path: (f) => `config/${f}.env`,
    content: (e) => `DBT_CLOUD_HOST=https://cloud.getdbt.com\nDBT_CLOUD_TOKEN=${e.replace(/\n/g, ' ')}\n`,
  },
  {
    id: 'postman',
    path: (f) => `postman/${f}.postman_collection.json`,
    content: (e) =>
      `{"info": {"name": "dbt"}, "item": [{"request": {"method": "POST", "url": ${json(URL_V4)}, "header": [{"key": "Authorization", "value": ${json(`Token ${e}`)}}]}}]}\n`,
  },
  {
    id: 'dockerfile',
    path: (f) => `docker/${f}/Dockerfile`,
    content: (e) => `FROM python:3.12\nRUN curl -H "Authorization: Token "${e.replace(/\n/g, ' ')} ${URL_V4}\n`,
  },
  {
    id: 'notebook',
    path: (f) => `notebooks/${f}.ipynb`,
    content: (e) =>
      `${JSON.stringify({ cells: [{ cell_type: 'code', source: ['import requests\n', `requests.post("${URL_V4}", headers={"Authorization": "Token " + ${e}})\n`] }], nbformat: 4, nbformat_minor: 5 })}\n`,
  },
];

interface Planted {
  label: string;
  body: string;
  encoded: string[];
}

const planted: Planted[] = [];
const files: Record<string, string> = {};
let seed = 1;
for (const form of FORMS) {
  for (const type of FILE_TYPES) {
    const body = bodyFor(seed++);
    files[type.path(form.id)] = type.content(form.write(body));
    planted.push({ label: `${form.id} in ${type.id}`, body, encoded: form.encoded?.(body) ?? [] });
  }
}
// A token in file and folder names: a call in the file, so the name is printed everywhere.
const nameBody = bodyFor(seed++);
const folderBody = bodyFor(seed++);
files[`dags/${PREFIX}${nameBody}.py`] = `import requests\nrequests.post("${URL_V4}", headers={"Authorization": "Token x"})\n`;
files[`keys/${PREFIX}${folderBody}/run.sh`] = `curl -H "Authorization: Token $DBT_CLOUD_TOKEN" ${URL_V4}\n`;
planted.push(
  { label: 'token in a file name', body: nameBody, encoded: [] },
  { label: 'token in a folder name', body: folderBody, encoded: [] },
);
// Cut after redaction, never before: a suppression reason is kept to 200 characters and a code
// line to 400; a token that straddles the cut must not leave its first characters behind.
const reasonBody = bodyFor(seed++);
files['dags/suppressed.py'] =
  `import requests\n# dbt-token-scan-ignore -- ${'r'.repeat(176)} rotated ${PREFIX}${reasonBody} last week\nrequests.post("${URL_V4}", headers={"Authorization": "Token x"})\n`;
planted.push({ label: 'token in a suppression reason, at the cut', body: reasonBody, encoded: [] });
const longBody = bodyFor(seed++);
files['dags/long_line.py'] =
  `import requests\nrequests.post("${URL_V4}", headers={"Authorization": "Token " + "${PREFIX}" + "${longBody.slice(0, 25)}" + "${longBody.slice(25)}"}, json={"pad": "${'p'.repeat(400 - 145)}"})\n`;
planted.push({ label: 'split token in a long line, at the cut', body: longBody, encoded: [] });
// A path given on the command line that does not exist: its name is echoed on stderr.
const argBody = bodyFor(seed++);
planted.push({ label: 'token in a command-line path', body: argBody, encoded: [] });

/** Every 6-character window of the body but its last 4, and runs of its encoded text. */
function leaksOf(p: Planted, output: string): string[] {
  const secret = p.body.slice(0, -4);
  const pieces: string[] = [];
  for (let i = 0; i + 6 <= secret.length; i++) pieces.push(secret.slice(i, i + 6));
  for (const e of p.encoded) for (let i = 0; i + 18 <= e.length; i += 3) pieces.push(e.slice(i, i + 18));
  // The first hit is enough, with the output around it (fake tokens: safe to show).
  for (const piece of pieces) {
    const at = output.indexOf(piece);
    if (at >= 0) return [`${piece} in …${output.slice(Math.max(0, at - 80), at + 40)}…`];
  }
  return [];
}

const outputs: Record<string, string> = {};
let repo = '';

beforeAll(() => {
  repo = makeRepo(files);
  const run = (label: string, args: string[]): ReturnType<typeof runCli> => {
    const res = runCli(args, repo);
    outputs[`${label} stdout`] = res.stdout;
    outputs[`${label} stderr`] = res.stderr;
    return res;
  };
  for (const format of ['text', 'json', 'sarif', 'github', 'markdown', 'gitlab', 'junit']) {
    const res = run(`scan --format ${format}`, ['scan', '.', '--format', format, '--fail-on', 'none']);
    expect(res.status, res.stderr).toBe(0);
  }
  for (const format of ['markdown', 'json', 'csv']) {
    const res = run(`inventory --format ${format}`, ['inventory', '.', '--format', format]);
    expect(res.status, res.stderr).toBe(0);
  }
  run('scan --write-baseline', ['scan', '.', '--write-baseline', 'baseline.json']);
  outputs['baseline file'] = readFileSync(join(repo, 'baseline.json'), 'utf8');
  run('scan --baseline', ['scan', '.', '--baseline', 'baseline.json', '--format', 'json']);
  run('scan --output', ['scan', '.', '--format', 'sarif', '--output', 'out.sarif', '--fail-on', 'none']);
  outputs['--output file'] = readFileSync(join(repo, 'out.sarif'), 'utf8');
  run('scan of a missing path', ['scan', `missing/${PREFIX}${argBody}.py`]);
}, 300_000);

describe('no token characters leave the process, whatever the written form', () => {
  it('ran every format', () => {
    expect(Object.keys(outputs).length).toBeGreaterThanOrEqual(24);
    // The lines with tokens are printed: a vacuous scan would pass the leak check.
    expect(outputs['scan --format sarif stdout']).toContain('"snippet"');
    expect(outputs['scan --format text stdout']).toContain('dbtu_…');
  });

  for (const p of planted) {
    it(p.label, () => {
      const leaks = Object.entries(outputs).flatMap(([where, text]) => leaksOf(p, text).map((w) => `${where}: ${w}`));
      expect(leaks).toEqual([]);
    });
  }
});
