import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_PAT, makeRepo, runCli } from '../helpers/run-cli.js';

// File names and names in code come from the repository. In a GitHub job log an ESC or BEL
// recolours or rings; a bidi override reorders what a reviewer reads ("Trojan Source"); in a
// Markdown report a `|`, `*` or `<b>` in a name breaks the table or turns into markup.

const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const HOSTILE_NAME = 'deploy\u001b[31m\u0007\u202e\u0085 <b>x<b> | *y* [l](http:x).sh';

function hostileRepo(): string {
  const dir = makeRepo({
    'job.py':
      'import os, requests\nrequests.get("https://cloud.getdbt.com/api/v2/accounts/1/jobs/", headers={"Authorization": "Token " + os.environ["DBT_<b>*X*</b>_TOKEN"]})\n',
  });
  writeFileSync(join(dir, HOSTILE_NAME), `curl -H "Authorization: Token ${FAKE_PAT}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/\n`);
  return dir;
}

describe('every output is safe for its reader', () => {
  it('github: no control character reaches the log, every annotation stays on one line', () => {
    const r = runCli(['scan', '--format', 'github'], hostileRepo());
    expect(r.status).toBe(1);
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      expect(line).not.toMatch(CONTROLS);
      expect(line.startsWith('::') || line.startsWith('dbt-token-scan:')).toBe(true);
    }
    expect(r.stdout).toContain('deploy\\u{1b}[31m\\u{7}\\u{202e}\\u{85}');
  });

  it('inventory markdown: file names and credential names are escaped as in the scan report', () => {
    const r = runCli(['inventory', '--format', 'markdown'], hostileRepo());
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(CONTROLS);
    // Outside code spans, markup is escaped: the heading names the variable as plain text.
    const heading = r.stdout.split('\n').find((l) => l.startsWith('## ') && l.includes('TOKEN'));
    expect(heading).toContain('DBT\\_\\<b\\>\\*X\\*\\</b\\>\\_TOKEN');
    expect(heading).not.toMatch(/(?<!\\)</);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('|') && l.includes('deploy'));
    expect(at).toBeGreaterThan(1);
    // as many cells as the header: the `|` in the name is escaped, so the row keeps the table's shape
    const width = (l: string): number => l.replace(/\\\|/g, '').split('|').length;
    const header = lines.slice(0, at).findLastIndex((_l, i) => lines[i + 1]?.startsWith('|---'));
    expect(width(lines[at]!)).toBe(width(lines[header]!));
  });

  it('scan markdown and inventory markdown escape a name the same way', () => {
    const dir = hostileRepo();
    const scan = runCli(['scan', '--format', 'markdown'], dir).stdout;
    const inventory = runCli(['inventory', '--format', 'markdown'], dir).stdout;
    const escapedName = 'deploy\\u{1b}[31m\\u{7}\\u{202e}\\u{85} <b>x<b> \\| *y* [l](http:x).sh';
    expect(scan).toContain(escapedName);
    expect(inventory).toContain(escapedName);
  });
});
