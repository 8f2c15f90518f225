import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/fixture-cases.js';
import { checkPlanAgreement, type PlanOutputs } from './helpers/plan-agreement.js';
import { deployWorkflow, FAKE_PAT, FAKE_SERVICE, makeRepo, runCli } from './helpers/run-cli.js';

// "The inventory is the plan" (issue 11 item 1), through the built CLI: `inventory` in its three
// formats and `scan --format markdown` print one migration plan whose numbers are the scan's. Each
// repository here is built from scratch and reproduces one of the reported defects.

function outputs(dir: string): PlanOutputs {
  const run = (args: string[]): string => {
    const r = runCli(args, dir);
    expect(r.stderr, args.join(' ')).toBe('');
    return r.stdout;
  };
  return {
    scanJson: JSON.parse(run(['scan', '--format', 'json'])),
    scanMarkdown: run(['scan', '--format', 'markdown']),
    inventoryJson: JSON.parse(run(['inventory', '--format', 'json'])),
    inventoryMarkdown: run(['inventory']),
    inventoryCsv: run(['inventory', '--format', 'csv']),
  };
}

/** The `### N. …` steps of the checklist, by number. */
const stepsOf = (md: string): string[] => [...md.matchAll(/^### (\d)\. /gm)].map((m) => m[1]!);

/** A script run by hand: a user-context workflow, which needs a PAT. */
const localScript = (tokenExpr: string): string =>
  `import os, requests\nrequests.get("https://cloud.getdbt.com/api/v2/accounts/1/jobs/", headers={"Authorization": "Token " + ${tokenExpr}})\n`;

describe('the inventory is the plan', { timeout: 120_000 }, () => {
  it('demo: inventory and scan agree call site by call site, and only the steps with work are printed', () => {
    const out = outputs(join(FIXTURES, 'demo'));
    checkPlanAgreement(out, 'demo');
    const inv = out.inventoryJson;
    // The scan finds 4 production call sites that must change token (a PAT's CI step and the
    // script it runs, another PAT, 1 user API key); 2 others already use a service token and 1
    // cannot be told. The old plan said "the 6 production call sites".
    const serviceTokensToCreate = inv.steps
      .find((s: { step: number }) => s.step === 2)
      .items.filter((i: { tokenType?: string }) => i.tokenType === 'service-token')
      .flatMap((i: { callSites: unknown[] }) => i.callSites);
    expect(serviceTokensToCreate).toHaveLength(4);
    expect(inv.summary.byStatus).toEqual({ 'revoke and replace': 2, 'move to service token': 2, 'move to PAT': 0, decide: 1, keep: 4 });
    expect(out.inventoryMarkdown).not.toMatch(/\b6 production call site/);
    // Every group is a credential named by where it is stored.
    const titles = inv.groups.map((g: { title: string }) => g.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Airflow connection dbt_cloud_prod',
        'GitHub Actions secret DBT_PAT_ALICE',
        'GitLab CI/CD variable DBT_API_KEY',
        'Terraform variable dbt_cloud_token',
        'environment variable DBT_CLOUD_PAT',
      ]),
    );
    expect(stepsOf(out.inventoryMarkdown)).toEqual(['1', '2', '3', '4']);
    expect(stepsOf(out.scanMarkdown)).toEqual(stepsOf(out.inventoryMarkdown));
    // The same checklist in both reports.
    const checklist = (md: string): string => md.slice(md.indexOf('## Migration checklist'));
    expect(checklist(out.scanMarkdown)).toBe(checklist(out.inventoryMarkdown));
  });

  it('committed tokens are "revoke and replace", with a revoke step naming each place, and no heading is left empty', () => {
    const dir = makeRepo({
      '.github/workflows/deploy.yml': deployWorkflow(FAKE_SERVICE),
      // Committed, and used by no call the scan sees: still a token to revoke.
      '.env.production': `DBT_CLOUD_SERVICE_TOKEN=${FAKE_PAT}\n`,
      // A literal that is no token at all: no redacted value, which once made the heading "## literal:".
      'scripts/check_jobs.py': localScript('"<your-token>"'),
    });
    const out = outputs(dir);
    checkPlanAgreement(out, 'committed');
    const inv = out.inventoryJson;
    const deploy = inv.groups
      .flatMap((g: { callSites: unknown[] }) => g.callSites)
      .find((s: { file: string }) => s.file === '.github/workflows/deploy.yml');
    expect(deploy.status).toBe('revoke and replace');
    const revoke = inv.steps.find((s: { step: number }) => s.step === 3).items.filter((i: { action: string }) => i.action === 'revoke');
    expect(
      revoke
        .map((i: { token: { committedAt: { file: string }[] } }) => i.token.committedAt.map((l) => l.file))
        .flat()
        .sort(),
    ).toEqual(['.env.production', '.github/workflows/deploy.yml']);
    expect(out.inventoryMarkdown).toMatch(
      /^- \[ \] Revoke the service token `dbtc_…[A-Za-z0-9]{4}` in dbt Cloud: it is committed in `\.github\/workflows\/deploy\.yml:\d+`/m,
    );
    expect(out.inventoryMarkdown).toMatch(
      /^- \[ \] Revoke the PAT `dbtu_…[A-Za-z0-9]{4}` \(`DBT_CLOUD_SERVICE_TOKEN`\) in dbt Cloud: it is committed in `\.env\.production:1`/m,
    );
    expect(out.inventoryMarkdown).toContain('## Literal value in scripts/check_jobs.py');
    expect(out.inventoryMarkdown).toContain(
      'Find out what the literal value in `scripts/check_jobs.py` stands for (1 call site: `scripts/check_jobs.py:2`): the calls need a PAT',
    );
    for (const text of [out.inventoryMarkdown, out.scanMarkdown, out.inventoryCsv, JSON.stringify(inv)]) {
      expect(text).not.toContain(FAKE_PAT);
      expect(text).not.toContain(FAKE_SERVICE);
    }
  });

  it('nothing to migrate: no step is printed for zero call sites', () => {
    const dir = makeRepo({ '.github/workflows/deploy.yml': deployWorkflow('${{ secrets.DBT_CLOUD_SERVICE_TOKEN }}') });
    const out = outputs(dir);
    checkPlanAgreement(out, 'nothing to do');
    expect(out.inventoryJson.steps).toEqual([]);
    expect(out.inventoryJson.summary.byStatus.keep).toBe(1);
    for (const md of [out.inventoryMarkdown, out.scanMarkdown]) {
      expect(stepsOf(md)).toEqual([]);
      expect(md).toContain('Nothing to migrate: every call site already uses the token type its workflow needs.');
      expect(md).not.toMatch(/\b0 call sites?\b/);
    }
  });

  it('a service token where a user context is needed moves to a PAT, and no step says "service tokens everywhere"', () => {
    const dir = makeRepo({ 'scripts/list_jobs.py': localScript('os.environ["DBT_CLOUD_SERVICE_TOKEN"]') });
    const out = outputs(dir);
    checkPlanAgreement(out, 'service token to PAT');
    const [group] = out.inventoryJson.groups;
    expect(group.title).toBe('environment variable DBT_CLOUD_SERVICE_TOKEN');
    expect(group.counts['move to PAT']).toBe(1);
    expect(out.inventoryMarkdown).toContain(
      '- [ ] Create a PAT to replace environment variable `DBT_CLOUD_SERVICE_TOKEN` (1 call site: `scripts/list_jobs.py:2`).',
    );
    expect(out.inventoryMarkdown).not.toMatch(/service tokens everywhere|everywhere else/);
    expect(stepsOf(out.inventoryMarkdown)).toEqual(['2', '3']);
  });

  it('names and paths full of Markdown still give one-line headings and full, well-formed tables', () => {
    const dir = makeRepo({
      'ops/odd | dir/run `x` *y*.py': localScript('os.environ["DBT_|`PAT`|_<b>"]'),
      'ops/blank.py': localScript('os.environ[" "]'),
    });
    const out = outputs(dir);
    checkPlanAgreement(out, 'hostile names');
    const headings = out.inventoryMarkdown.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toContain('## Environment variable DBT\\_\\|\\`PAT\\`\\|\\_\\<b\\>');
    for (const h of headings) expect(h).not.toMatch(/(?<!\\)[|<`]/);
  });

  it('a credential whose type is unknown is "decide", and only a name that exists is offered for `tokens:`', () => {
    const dir = makeRepo({ '.github/workflows/deploy.yml': deployWorkflow('${{ secrets.DBT_CLOUD_KEY }}') });
    const out = outputs(dir);
    checkPlanAgreement(out, 'decide');
    expect(out.inventoryJson.groups[0].callSites[0].status).toBe('decide');
    expect(stepsOf(out.inventoryMarkdown)).toEqual(['4']);
    expect(out.inventoryMarkdown).toContain(
      'Find out which token GitHub Actions secret `DBT_CLOUD_KEY` holds (1 call site: `.github/workflows/deploy.yml:10`): the calls need a service token. Declare it under `tokens:`',
    );
  });
});
