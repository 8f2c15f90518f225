import { buildMigrationPlan, callSitesInOrder, type MigrationPlan } from '../migration-plan.js';
import type { Finding } from '../../model/findings.js';
import type { RenderOptions } from '../render-options.js';
import type { Report } from '../../model/report.js';
import { mdCell, mdCode } from './markdown-escape.js';
import { checklist, credentialCell, endpointCell, mustUse, planSummary, table } from './migration-markdown.js';
import { scrubSecrets } from './scrub-secrets.js';
import { count, problemCounts, tokenLabel } from './wording.js';

// The migration report: every dbt Cloud call site with the token it uses, the one it must use and its
// status in the migration plan (../migration-plan.ts, the same plan `inventory` prints), the
// findings, and the checklist of dbt's migration steps that have work here. Meant to be pasted into
// an issue or a pull request.

export function render(report: Report, opts: RenderOptions): string {
  const plan = buildMigrationPlan(report);
  const sections: string[][] = [
    [
      '# dbt Cloud token migration inventory',
      '',
      'dbt Cloud user API keys are retired: calls that still use one no longer work. ' +
        "Use a personal access token (PAT) only where a call needs a user's context " +
        '(the dbt Cloud CLI, endpoints that manage user credentials, local scripts, staging Terraform, Postman), ' +
        'and a service token for production workflows ' +
        '(CI/CD, orchestrators, production Terraform, partner integrations, deployed applications).',
      ...(opts.quiet ? [] : ['', overview(report), '', planSummary(plan)]),
    ],
    callSiteSection(plan),
    findingSection(report.findings),
  ];
  if (report.suppressed.length > 0) sections.push(suppressedSection(report.suppressed));
  if (report.errors.length > 0) sections.push(errorSection(report.errors));
  sections.push(['## Migration checklist', '', ...checklist(plan)]);
  return scrubSecrets(`${sections.map((s) => s.join('\n')).join('\n\n')}\n`, report);
}

function overview(report: Report): string {
  const { summary } = report;
  const total = summary.findings.error + summary.findings.warning + summary.findings.note;
  const suppressed = summary.suppressed ?? report.suppressed.length;
  const problems = total === 0 ? 'no problems' : problemCounts(summary.findings);
  const more = suppressed > 0 ? `, plus ${count(suppressed, 'suppressed finding')}` : '';
  const fixed =
    summary.fixed !== undefined
      ? ` ${count(summary.fixed, 'finding')} recorded in the baseline no longer ${summary.fixed === 1 ? 'occurs' : 'occur'}.`
      : '';
  return `This scan read ${count(summary.filesScanned, 'file')} and found ${count(summary.callSites, 'dbt Cloud API call site')} and ${problems}${more}.${fixed}`;
}

function location(file: string, line: number, column?: number): string {
  return mdCode(`${file}:${line}${column !== undefined ? `:${column}` : ''}`);
}

/** Every call site once, in file order, with its credential, the token it must use and its status in the plan. */
function callSiteSection(plan: MigrationPlan): string[] {
  const rows = callSitesInOrder(plan);
  if (rows.length === 0) return ['## Call sites', '', 'No dbt Cloud API call sites found.'];
  return [
    '## Call sites',
    '',
    ...table(
      ['Location', 'Endpoint', 'Credential', 'Workflow', 'Production', 'Current token', 'Must use', 'Status'],
      rows.map(({ site, group }) => [
        location(site.file, site.line),
        endpointCell(site.endpoint),
        credentialCell(group.ref),
        mdCode(site.workflow),
        site.production ? 'yes' : 'no',
        tokenLabel(site.credential.type),
        mustUse(site),
        site.status,
      ]),
    ),
  ];
}

function findingSection(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ['## Findings', '', 'No problems found.'];
  const rows = findings.map((f) => [mdCode(f.ruleId), f.severity, location(f.file, f.line, f.column), mdCell(f.message)]);
  return ['## Findings', '', ...table(['Rule', 'Severity', 'Location', 'Message'], rows)];
}

function suppressedSection(findings: readonly Finding[]): string[] {
  const rows = findings.map((f) => [
    mdCode(f.ruleId),
    location(f.file, f.line, f.column),
    f.suppression?.kind === 'baseline' ? 'baseline' : f.suppression?.kind === 'ignore-file' ? 'ignore file' : 'inline comment',
    f.suppression?.reason ? mdCell(f.suppression.reason) : '—',
  ]);
  return ['## Suppressed findings', '', ...table(['Rule', 'Location', 'Suppressed by', 'Reason'], rows)];
}

function errorSection(errors: Report['errors']): string[] {
  const rows = errors.map((e) => [mdCode(e.file), mdCell(e.message)]);
  return ['## Files that could not be scanned in full', '', ...table(['File', 'Problem'], rows)];
}
