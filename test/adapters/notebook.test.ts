import { describe, expect, it } from 'vitest';
import { extractWith } from '../helpers/extract.js';

const SVC = 'dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA';

const nb = (text: string, path = 'notebooks/explore.ipynb') => extractWith('notebook', path, text);

/** Pretty-printed like Jupyter writes it (indent 1), so source lines sit on their own lines. */
const notebook = (cells: unknown[]) => `${JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
const code = (source: string | string[], outputs: unknown[] = []) => ({
  cell_type: 'code',
  execution_count: 1,
  metadata: {},
  outputs,
  source,
});

/** 1-based line and column of `needle` in `text`. */
function locate(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`missing ${needle}`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

describe('notebook adapter', () => {
  it('runs code cells as one program and maps positions back to the .ipynb', async () => {
    const text = notebook([
      { cell_type: 'markdown', metadata: {}, source: ['requests.get("https://cloud.getdbt.com/api/v2/accounts/1/")\n'] },
      code([
        '%pip install requests\n',
        'import os, requests\n',
        'TOKEN = os.environ["DBT_CLOUD_SERVICE_TOKEN"]\n',
        'BASE = "https://cloud.getdbt.com/api/v2/accounts/7"',
      ]),
      code(
        ['r = requests.get(\n', '    f"{BASE}/runs/",\n', '    headers={"Authorization": f"Token {TOKEN}"})'],
        [{ output_type: 'stream', name: 'stdout', text: ['requests.get("https://cloud.getdbt.com/api/v2/accounts/9/")\n'] }],
      ),
    ]);
    const facts = await nb(text);
    expect(facts.problems).toEqual([]);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]).toMatchObject({
      kind: 'http',
      span: locate(text, 'requests.get(\\n'),
      endpoint: { host: 'cloud.getdbt.com', path: '/api/v2/accounts/7/runs/' },
      credential: { source: 'env', name: 'DBT_CLOUD_SERVICE_TOKEN', span: locate(text, 'os.environ') },
    });
  });

  it('maps lines inside a single-string source (escaped newlines) to the right column', async () => {
    const text = notebook([
      code(
        `import requests\nx = 1\nrequests.post("https://cloud.getdbt.com/api/v2/accounts/3/jobs/4/run/", headers={"Authorization": "Token ${SVC}"})\n`,
      ),
    ]);
    const facts = await nb(text);
    expect(facts.callSites[0]).toMatchObject({
      span: locate(text, 'requests.post'),
      credential: { source: 'literal', value: SVC, span: locate(text, SVC) },
    });
  });

  it('hands ! lines and %%bash cells to the shell extractor and ignores other magics', async () => {
    const text = notebook([
      code(['!curl -H "Authorization: Token $DBT_CLOUD_API_TOKEN" https://cloud.getdbt.com/api/v2/accounts/5/jobs/\n']),
      code(['%%sql\n', 'select * from requests_get\n']),
      code(['files = !ls\n', 'requests.get?\n', '%matplotlib inline']),
      code([
        '%%bash\n',
        'curl -s -X POST -H "Authorization: Bearer $DBT_CLOUD_SERVICE_TOKEN" \\\n',
        '  https://cloud.getdbt.com/api/v2/accounts/5/jobs/6/run/\n',
      ]),
    ]);
    const facts = await nb(text);
    expect(facts.problems).toEqual([]);
    expect(facts.callSites.map((c) => c.span.line)).toEqual([locate(text, 'curl -H').line, locate(text, 'curl -s -X').line]);
    expect(facts.callSites[0]!.span.column).toBe(locate(text, 'curl -H').column);
  });

  it('reads nbformat 3 worksheets', async () => {
    const text = JSON.stringify(
      {
        worksheets: [
          {
            cells: [
              { cell_type: 'code', input: ['import requests\n', 'requests.get("https://cloud.getdbt.com/api/v2/accounts/2/runs/")'] },
            ],
          },
        ],
        nbformat: 3,
      },
      null,
      1,
    );
    const facts = await nb(text);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.callSites[0]!.span).toEqual(locate(text, 'requests.get'));
  });

  it('keeps the cells read before malformed JSON, with a problem that quotes nothing', async () => {
    const good = notebook([code(['import requests\n', 'requests.get("https://cloud.getdbt.com/api/v2/accounts/2/runs/")'])]);
    const truncated = `${good.slice(0, good.lastIndexOf(']'))}, {"cell_type": "code", "source": ["TOKEN = \\"${SVC}`;
    const facts = await nb(truncated);
    expect(facts.callSites).toHaveLength(1);
    expect(facts.problems).toHaveLength(1);
    expect(facts.problems[0]).toMatch(/^Notebook JSON error at line \d+/);
    expect(facts.problems[0]).not.toContain('dbtc_');
  });

  it('finds nothing in markdown, raw cells, outputs and comments', async () => {
    const text = notebook([
      { cell_type: 'markdown', metadata: {}, source: 'requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/")' },
      { cell_type: 'raw', metadata: {}, source: ['requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/")'] },
      code(
        ['# requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/")\n', 'print("done")'],
        [
          {
            output_type: 'execute_result',
            data: { 'text/plain': ['requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/")'] },
          },
        ],
      ),
    ]);
    const facts = await nb(text);
    expect(facts.callSites).toEqual([]);
    expect(facts.problems).toEqual([]);
  });

  it('survives deep nesting, garbage and empty files', async () => {
    const deep = `{"cells": [${'['.repeat(100_000)}${']'.repeat(100_000)}], "metadata": ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    expect((await nb(deep)).callSites).toEqual([]);
    expect((await nb('\u0000\u0001garbage{{{')).problems).toHaveLength(1);
    expect(await nb('')).toMatchObject({ callSites: [], problems: [] });
  });
});
