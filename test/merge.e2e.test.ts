import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validate, type SchemaNode } from './helpers/json-schema.js';
import { deployWorkflow, makeRepo, runCli, type CliResult } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-dir.js';
import { GIT_ENV, REPO_ROOT } from './helpers/worktree-copy.js';

// `scan --repository` and `merge`, end to end through the built CLI: three repositories built
// here (GitHub over https with a token in the origin URL, GitHub over ssh, a GitLab subgroup),
// each scanned to a json report named after its origin remote, merged into one inventory in
// markdown, json and csv. Checked: the names (no credential from the URL), the grouping of one
// secret across repositories, the totals, the redaction, and the refusal of bad reports.

// Built from pieces: no test file holds a token whole.
const PAT = `dbtu_${'A1b2'.repeat(11)}QrZq9X`;
const SERVICE = `dbtc_${'C3d4'.repeat(11)}StWv7Y`;
const URL_TOKEN = `dbtc_${'E5f6'.repeat(11)}GhKk0M`;
const GITLAB_TOKEN = `glpat-${'Gh7i'.repeat(5)}`;

const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/reporters/report.schema.json'), 'utf8')) as SchemaNode;

/** A production workflow calling dbt Cloud with a GitHub Actions secret. */
const workflow = (secret: string, job: number): string => deployWorkflow(`\${{ secrets.${secret} }}`, job);

function gitRepo(files: Record<string, string>, origin?: string): string {
  const dir = makeRepo(files);
  const git = (...args: string[]): void => {
    const r = spawnSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  };
  git('init', '-q', '-b', 'main');
  if (origin) git('remote', 'add', 'origin', origin);
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', 'fixture');
  return dir;
}

const expectClean = (text: string): void => {
  for (const t of [PAT, SERVICE, URL_TOKEN, GITLAB_TOKEN]) {
    expect(text).not.toContain(t);
    // Not even most of one: at most the prefix and the last 4 characters.
    expect(text).not.toContain(t.slice(5, 21));
  }
};

let out = '';
const reports: string[] = [];
let merged: Record<'markdown' | 'json' | 'csv', CliResult>;

beforeAll(() => {
  out = tempDir('dts-merge-out-');
  const orchestration = gitRepo(
    {
      '.github/workflows/deploy.yml': workflow('DBT_CLOUD_API_KEY', 11),
      '.github/workflows/nightly.yml': workflow('DBT_CLOUD_API_KEY', 12),
      'scripts/runs.py': `import requests\nTOKEN = "${PAT}"\nrequests.get("https://cloud.getdbt.com/api/v2/accounts/1/runs/", headers={"Authorization": f"Token {TOKEN}"})\n`,
    },
    `https://ci-bot:${URL_TOKEN}@github.com/acme/orchestration.git`,
  );
  const analytics = gitRepo(
    {
      '.github/workflows/deploy.yml': workflow('DBT_CLOUD_API_KEY', 21),
      'deploy/trigger.sh': `#!/bin/sh\ncurl -H "Authorization: Token ${SERVICE}" https://cloud.getdbt.com/api/v2/accounts/1/jobs/22/run/\n`,
    },
    'git@github.com:acme/analytics.git',
  );
  const warehouse = gitRepo(
    {
      '.github/workflows/deploy.yml': workflow('DBT_CLOUD_API_KEY', 31),
      '.github/workflows/docs.yml': workflow('DBT_CLOUD_SERVICE_TOKEN', 32),
    },
    `https://gitlab-ci-token:${GITLAB_TOKEN}@gitlab.com/acme/data/warehouse.git`,
  );
  for (const [i, dir] of [orchestration, analytics, warehouse].entries()) {
    const file = join(out, `report-${i}.json`);
    const r = runCli(['scan', '--format', 'json', '--output', file], dir);
    expect([0, 1], r.stderr).toContain(r.status);
    reports.push(file);
  }
  merged = {
    markdown: runCli(['merge', ...reports], out),
    json: runCli(['merge', '--format', 'json', ...reports], out),
    csv: runCli(['merge', ...reports, '--format', 'csv'], out),
  };
  if (process.env.DTS_MERGE_DEBUG) writeFileSync(process.env.DTS_MERGE_DEBUG, merged.markdown.stdout);
}, 180_000);

describe('scan --repository', () => {
  it('names each report after its origin remote, without the credentials in the URL', () => {
    const names = reports.map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { repository?: string }).repository);
    expect(names).toEqual(['acme/orchestration', 'acme/analytics', 'acme/data/warehouse']);
    for (const f of reports) expectClean(readFileSync(f, 'utf8'));
  });

  it('keeps the report valid against the contract schema', () => {
    for (const f of reports) expect(validate(schema, schema, JSON.parse(readFileSync(f, 'utf8')), 'report')).toEqual([]);
  });

  it('takes the name given, and a URL given as its name without credentials', () => {
    const dir = gitRepo({ '.github/workflows/deploy.yml': workflow('DBT_CLOUD_API_KEY', 1) }, 'https://github.com/acme/other.git');
    const named = runCli(['scan', '--format', 'json', '--repository', 'acme/renamed'], dir);
    expect((JSON.parse(named.stdout) as { repository: string }).repository).toBe('acme/renamed');
    const url = runCli(['scan', '--format', 'json', '--repository', `https://x:${URL_TOKEN}@gitlab.example.com/g/sub/p.git`], dir);
    expect((JSON.parse(url.stdout) as { repository: string }).repository).toBe('gitlab.example.com/g/sub/p');
    expectClean(url.stdout + url.stderr);
  });

  it('names none outside git or without an origin, and names it in the json inventory too', () => {
    const plain = makeRepo({ '.github/workflows/deploy.yml': workflow('DBT_CLOUD_API_KEY', 1) });
    expect(JSON.parse(runCli(['scan', '--format', 'json'], plain).stdout)).not.toHaveProperty('repository');
    const noOrigin = gitRepo({ '.github/workflows/deploy.yml': workflow('DBT_CLOUD_API_KEY', 1) });
    expect(JSON.parse(runCli(['scan', '--format', 'json'], noOrigin).stdout)).not.toHaveProperty('repository');
    const inv = runCli(['inventory', '--format', 'json', '--repository', 'acme/x'], plain);
    expect(inv.status).toBe(0);
    expect((JSON.parse(inv.stdout) as { repository: string }).repository).toBe('acme/x');
  });

  it('refuses an empty or control-character name with exit 2, before scanning', () => {
    const dir = makeRepo({ 'a.sh': 'echo\n' });
    for (const bad of ['', 'acme/\u001b[2Jx']) {
      const r = runCli(['scan', '--format', 'json', '--repository', bad], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--repository: expected a repository name/);
      expect(r.stdout).toBe('');
    }
  });
});

describe('merge', () => {
  it('exits 0 in every format', () => {
    for (const r of Object.values(merged)) expect(r.status, r.stderr).toBe(0);
  });

  it('groups one secret across repositories, with its call sites, repositories and production workflows', () => {
    const md = merged.markdown.stdout;
    expect(md).toMatch(
      /^# dbt Cloud token inventory across repositories\n\n3 repositories: 7 dbt Cloud API call sites use 4 credentials: /,
    );
    expect(md).toContain('- GitHub Actions secret `DBT_CLOUD_API_KEY`: 4 call sites in 3 repositories, 4 production workflows, ');
    expect(md).toContain('In `acme/analytics`, `acme/data/warehouse` and `acme/orchestration`.');
    expect(md).toContain(
      '- GitHub Actions secret `DBT_CLOUD_SERVICE_TOKEN`: 1 call site in 1 repository, 1 production workflow, keep (1 keep). In `acme/data/warehouse`.',
    );
    // Committed values: one credential each, in the one repository that holds it.
    expect(md).toMatch(
      /- Committed PAT `dbtu_…Zq9X` in `acme\/orchestration\/scripts\/runs.py`: 1 call site in 1 repository, 0 production workflows, revoke and replace with a PAT/,
    );
    // A local script: not production, so its replacement is a PAT.
    expect(md).toContain(
      '- Committed service token `dbtc_…Wv7Y` in `acme/analytics/deploy/trigger.sh`: 1 call site in 1 repository, 0 production workflows, revoke and replace with a PAT (1 revoke and replace). In `acme/analytics`.',
    );
    expect(md).toContain('4 call sites in 3 repositories, 4 production workflows, decide which token it needs (4 decide)');
  });

  it('gives the totals of each repository', () => {
    const md = merged.markdown.stdout;
    const section = md.slice(md.indexOf('## Repositories'), md.indexOf('\n## ', md.indexOf('## Repositories') + 3));
    const rows = section.split('\n').filter((l) => l.startsWith('| `acme/'));
    expect(rows).toHaveLength(3);
    const row = (name: string): string[] => rows.find((l) => l.startsWith(`| \`${name}\``))!.split(' | ');
    // Repository | Files scanned | Call sites | Production call sites | Credentials | Findings | Committed tokens | Status | Unscanned files
    expect(row('acme/orchestration').slice(1, 5)).toEqual(['3', '3', '2', '2']);
    expect(row('acme/analytics').slice(1, 5)).toEqual(['2', '2', '1', '2']);
    expect(row('acme/data/warehouse').slice(1, 5)).toEqual(['2', '2', '2', '2']);
    expect(row('acme/orchestration').slice(5, 8)).toEqual(['3 problems (1 error, 2 notes)', '1', '1 revoke and replace, 2 decide']);
  });

  it('prints the migration checklist, naming each place with its repository', () => {
    const md = merged.markdown.stdout;
    const checklist = md.slice(md.indexOf('## Migration checklist'));
    expect(checklist).toContain('### 3. ');
    expect(checklist).toContain('`acme/orchestration/.github/workflows/deploy.yml:');
    expect(checklist).toMatch(/Revoke the PAT `dbtu_…Zq9X` in dbt Cloud: it is committed in `acme\/orchestration\/scripts\/runs.py:2`/);
  });

  it('json: the same numbers, each location as repository and file', () => {
    const doc = JSON.parse(merged.json.stdout) as {
      summary: { repositories: number; callSites: number; credentials: number };
      repositories: { repository: string; callSites: number }[];
      credentials: {
        name?: string;
        repositories: string[];
        productionWorkflows: number;
        callSites: { repository: string; file: string }[];
      }[];
    };
    expect(doc.summary).toMatchObject({ repositories: 3, callSites: 7, credentials: 4 });
    expect(doc.repositories.map((r) => [r.repository, r.callSites])).toEqual([
      ['acme/analytics', 2],
      ['acme/data/warehouse', 2],
      ['acme/orchestration', 3],
    ]);
    const shared = doc.credentials.find((c) => c.name === 'DBT_CLOUD_API_KEY')!;
    expect(shared.repositories).toEqual(['acme/analytics', 'acme/data/warehouse', 'acme/orchestration']);
    expect(shared.productionWorkflows).toBe(4);
    expect(shared.callSites.map((s) => `${s.repository}:${s.file}`)).toContain('acme/data/warehouse:.github/workflows/deploy.yml');
  });

  it('csv: a row per call site with its repository', () => {
    const lines = merged.csv.stdout.trim().split('\n');
    expect(lines[0]!.startsWith('repository,file,line,column,')).toBe(true);
    expect(lines).toHaveLength(8);
    expect(
      lines
        .filter((l) => l.includes('DBT_CLOUD_API_KEY'))
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['acme/analytics', 'acme/data/warehouse', 'acme/orchestration', 'acme/orchestration']);
  });

  it('never prints a token whole, in any format', () => {
    for (const r of Object.values(merged)) expectClean(r.stdout + r.stderr);
  });

  it('writes to --output and says so on stderr', () => {
    const r = runCli(['merge', ...reports, '--output', 'inventory.md'], out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('wrote the markdown inventory of 3 repositories to inventory.md (7 call sites)');
    expect(readFileSync(join(out, 'inventory.md'), 'utf8')).toBe(merged.markdown.stdout);
  });
});

describe('merge reads reports as untrusted input', () => {
  const good = (): Record<string, unknown> => JSON.parse(readFileSync(reports[0]!, 'utf8')) as Record<string, unknown>;
  const write = (name: string, doc: unknown): string => {
    const f = join(out, name);
    writeFileSync(f, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return f;
  };
  const refused = (file: string, message: RegExp | string): void => {
    const r = runCli(['merge', reports[1]!, file], out);
    expect(r.status, r.stdout).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(file);
    if (typeof message === 'string') expect(r.stderr).toContain(message);
    else expect(r.stderr).toMatch(message);
  };

  it('refuses a file that is not a scan report, naming it and what it is', () => {
    refused(write('broken.json', '{"schemaVersion": 1,'), 'not valid JSON');
    refused(write('other-tool.json', { schemaVersion: 1, tool: { name: 'gitleaks' } }), 'not a dbt-token-scan json report');
    refused(
      write('inventory.json', { schemaVersion: 1, tool: { name: 'dbt-token-scan', version: '0.1.0' }, groups: [] }),
      'an inventory, not a scan report',
    );
    refused(write('baseline.json', { tool: 'dbt-token-scan', fingerprints: [] }), 'a baseline, not a scan report');
    refused(write('future.json', { ...good(), schemaVersion: 2 }), 'schemaVersion 2 is not one this version reads (1)');
    refused(join(out, 'missing.json'), 'no such file');
  });

  it('refuses a field the schema forbids, naming it', () => {
    const doc = good() as { callSites: { credential: { type: string } }[] };
    doc.callSites[0]!.credential.type = 'root-password';
    refused(write('bad-type.json', doc), 'callSites[0].credential.type: expected one of legacy-user-api-key, pat, service-token, unknown');
    const noLine = good() as { findings: { line?: number }[] };
    delete noLine.findings[0]!.line;
    refused(write('bad-line.json', noLine), 'findings[0].line: expected a whole number from 1');
    refused(write('bad-path.json', { ...good(), errors: [{ file: 'a', message: 1 }] }), 'errors[0].message: expected a string');
  });

  it('refuses a report over 64 MB before reading it', () => {
    const f = join(out, 'huge.json');
    const fd = openSync(f, 'w');
    ftruncateSync(fd, 64 * 1024 * 1024 + 1);
    closeSync(fd);
    refused(f, 'too big for a json report (the limit is 64 MB)');
  });

  it('refuses a folder, and two reports of one repository', () => {
    const dir = join(out, 'a-folder.json');
    mkdirSync(dir, { recursive: true });
    refused(dir, 'not a regular file');
    const r = runCli(['merge', reports[0]!, write('again.json', good())], out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('both report the repository "acme/orchestration"');
  });

  it('usage: no report, a scan option, an unknown format', () => {
    expect(runCli(['merge'], out)).toMatchObject({ status: 2, stderr: expect.stringContaining('name the json reports to merge') });
    expect(runCli(['merge', reports[0]!, '--baseline', 'b.json'], out)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--baseline belongs to scan'),
    });
    expect(runCli(['merge', reports[0]!, '--format', 'sarif'], out)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--format for merge: expected one of markdown, json, csv'),
    });
  });

  it('redacts a token written whole into a report, and escapes markup and formulas from it', () => {
    const doc = good() as {
      repository: string;
      callSites: { credential: { name?: string; redacted?: string } }[];
      findings: { message: string }[];
    };
    doc.repository = 'acme/evil|<img src=x onerror=alert(1)>';
    doc.callSites[0]!.credential.name = '=HYPERLINK("http://x")|<b>*';
    doc.callSites[1]!.credential.redacted = SERVICE;
    doc.findings[0]!.message = `leaked ${PAT} and ${SERVICE}`;
    const f = write('crafted.json', doc);
    const md = runCli(['merge', f, reports[1]!], out);
    expect(md.status, md.stderr).toBe(0);
    expectClean(md.stdout);
    // Markup from a report is inert: escaped in text, or inside a code span, which shows it as it is.
    const outsideCode = md.stdout.replace(/(`+)[^`]*?\1/g, '');
    expect(outsideCode).not.toMatch(/(?<!\\)<(img|b)\b/);
    expect(md.stdout).toContain('`acme/evil\\|<img src=x onerror=alert(1)>`');
    const csv = runCli(['merge', f, reports[1]!, '--format', 'csv'], out);
    expectClean(csv.stdout);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://x"")|<b>*"`);
    const json = runCli(['merge', f, reports[1]!, '--format', 'json'], out);
    expectClean(json.stdout);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
  });
});
