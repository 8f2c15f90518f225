import type { CallSite, Credential, Finding, RenderOptions, Report, RuleId } from '../types.js';
import { mdCell, mdCode } from './markdown-escape.js';
import { scrubSecrets } from './scrub-secrets.js';
import { count, problemCounts, tokenLabel } from './wording.js';

// The migration inventory: every dbt Cloud call site with the token it uses and the one it should
// use, the findings, and the migration steps from dbt's "Migrate deprecated user API keys to
// personal access tokens" page, filled in with this repository's numbers. Meant to be pasted into
// an issue or a pull request.

export function render(report: Report, opts: RenderOptions): string {
  const sections: string[][] = [
    [
      '# dbt Cloud token migration inventory',
      '',
      'dbt Cloud user API keys are retired: calls that still use one no longer work. ' +
        'Use a personal access token (PAT) only where a call needs a user\'s context ' +
        '(the dbt Cloud CLI, endpoints that manage user credentials, local scripts, staging Terraform, Postman), ' +
        'and a service token for production workflows ' +
        '(CI/CD, orchestrators, production Terraform, partner integrations, deployed applications).',
      ...(opts.quiet ? [] : ['', overview(report)]),
    ],
    callSiteSection(report.callSites),
    findingSection(report.findings),
  ];
  if (report.suppressed.length > 0) sections.push(suppressedSection(report.suppressed));
  if (report.errors.length > 0) sections.push(errorSection(report.errors));
  sections.push(['## Migration checklist', '', ...checklist(report)]);
  return scrubSecrets(`${sections.map((s) => s.join('\n')).join('\n\n')}\n`, report);
}

function overview(report: Report): string {
  const { summary } = report;
  const total = summary.findings.error + summary.findings.warning + summary.findings.note;
  const suppressed = summary.suppressed ?? report.suppressed.length;
  const problems = total === 0 ? 'no problems' : problemCounts(summary.findings);
  const more = suppressed > 0 ? `, plus ${count(suppressed, 'suppressed finding')}` : '';
  const fixed = summary.fixed !== undefined
    ? ` ${count(summary.fixed, 'finding')} recorded in the baseline no longer ${summary.fixed === 1 ? 'occurs' : 'occur'}.`
    : '';
  return `This scan read ${count(summary.filesScanned, 'file')} and found ${count(summary.callSites, 'dbt Cloud API call site')} and ${problems}${more}.${fixed}`;
}

function table(header: readonly string[], rows: readonly string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function location(file: string, line: number, column?: number): string {
  return mdCode(`${file}:${line}${column !== undefined ? `:${column}` : ''}`);
}

function callSiteSection(sites: readonly CallSite[]): string[] {
  if (sites.length === 0) return ['## Call sites', '', 'No dbt Cloud API call sites found.'];
  const rows = sites.map((s) => [
    location(s.file, s.line),
    s.endpoint ? endpointCell(s.endpoint) : '—',
    credentialCell(s.credential),
    mdCode(s.workflow),
    s.production ? 'yes' : 'no',
    mustMoveTo(s),
  ]);
  return ['## Call sites', '', ...table(['Location', 'Endpoint', 'Credential', 'Workflow', 'Production', 'Must move to'], rows)];
}

function endpointCell(e: NonNullable<CallSite['endpoint']>): string {
  const where = e.path ?? e.url ?? e.host;
  const parts = [...(e.api ? [e.api] : []), ...(where ? [mdCode(where)] : [])];
  return parts.length ? parts.join(' ') : '—';
}

function credentialCell(c: Credential): string {
  const parts = [`${mdCell(c.type)}, ${mdCell(c.source)}`];
  if (c.name) parts.push(mdCode(c.name));
  if (c.redacted) parts.push(mdCode(c.redacted));
  return parts.join(' ');
}

function mustMoveTo(s: CallSite): string {
  const target = s.recommendedTokenType;
  if (!target) return '—';
  return s.credential.type === target ? `keep ${tokenLabel(target)}` : `**${tokenLabel(target)}**`;
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
  return ['## Files that could not be scanned', '', ...table(['File', 'Problem'], rows)];
}

/** The steps of dbt's migration guide, with this report's numbers; extra steps only where something was found. */
function checklist(report: Report): string[] {
  const rule = (id: RuleId): number => report.findings.filter((f) => f.ruleId === id).length;
  const legacySites = report.callSites.filter((s) => s.credential.type === 'legacy-user-api-key');
  const legacyKeys = distinctCredentials([
    ...legacySites,
    ...report.findings.filter((f) => f.credential.type === 'legacy-user-api-key'),
  ]);
  const needsService = report.callSites.filter((s) => s.recommendedTokenType === 'service-token' && s.credential.type !== 'service-token').length;
  const needsPat = report.callSites.filter((s) => s.recommendedTokenType === 'pat' && s.credential.type !== 'pat').length;
  const items: string[] = [];

  items.push(legacyKeys > 0
    ? `Make a list of every place that calls the dbt Cloud API with a user API key: this scan found ${count(legacyKeys, 'user API key')} at ${count(legacySites.length, 'call site')} (credential \`legacy-user-api-key\` above). Add places it cannot see, such as partner integrations configured in their own UI.`
    : 'Make a list of every place that calls the dbt Cloud API with a user API key: this scan found none in the files it read. Check places it cannot see, such as partner integrations configured in their own UI.');
  items.push(`Create a personal access token under **Account Settings → API tokens → Personal tokens** for each call that needs a user's context${needsPat > 0 ? ` (${count(needsPat, 'call site')} above must move to a PAT)` : ''}. PATs are account-scoped: a user in several dbt Cloud accounts needs one PAT per account.`);
  items.push(`Create service tokens under **Account Settings → API tokens → Service tokens** for production workflows${needsService > 0 ? ` (${count(needsService, 'call site')} above must move to a service token)` : ''}, each with only the permissions its job needs.`);
  items.push(legacyKeys > 0
    ? `Replace the ${count(legacyKeys, 'user API key')} found with the new tokens, in the secret stores, variables and files listed above, then check that each call still works.`
    : 'Replace any user API key you find with the new tokens, then check that each call still works.');
  const patInProduction = rule('pat-in-production');
  items.push(`Use a PAT only where a user's context is needed; use service tokens for every production workflow${patInProduction > 0 ? `: move the ${count(patInProduction, 'PAT')} found in production workflows to service tokens` : ''}.`);
  const listing = rule('account-listing-with-pat');
  items.push(`Remember that \`/v2/accounts\` and \`/v3/accounts\` return only the PAT's own account: code that expects all of a user's accounts must call each account with that account's PAT${listing > 0 ? ` (${count(listing, 'call')} found)` : ''}.`);
  const undocumented = rule('undocumented-endpoint');
  items.push(`Move off undocumented endpoints, which can be removed without notice${undocumented > 0 ? ` (${count(undocumented, 'call')} found)` : ''}; if the documented API does not cover a use case, contact dbt Labs support.`);

  const hardcoded = rule('hardcoded-token');
  if (hardcoded > 0) items.push(`Revoke the ${count(hardcoded, 'token')} committed to the repository, create ${hardcoded === 1 ? 'a new one' : 'new ones'} and keep ${hardcoded === 1 ? 'it' : 'them'} in a secret store.`);
  const serviceInUserContext = rule('service-token-in-user-context');
  if (serviceInUserContext > 0) items.push(`Use a PAT instead of a service token for the ${count(serviceInUserContext, 'call')} that need a user's context.`);
  const shared = rule('token-shared-across-accounts');
  if (shared > 0) items.push(`Create one PAT per account where a PAT is used against several accounts (${count(shared, 'finding')}).`);
  const unknownInProduction = rule('unknown-token-in-production');
  if (unknownInProduction > 0) items.push(`Declare the type of the ${count(unknownInProduction, 'token')} of unknown type in production workflows under \`tokens:\` in \`.dbt-token-scan.yml\`, then scan again.`);
  if (report.errors.length > 0) items.push(`Check by hand the ${count(report.errors.length, 'file')} that could not be scanned.`);
  return items.map((i) => `- [ ] ${i}`);
}

/**
 * How many different credentials: one per variable or secret name (the same name in a workflow and
 * a script is most likely the same key), else per redacted value, else one per place.
 */
function distinctCredentials(items: readonly (CallSite | Finding)[]): number {
  const keys = new Set(items.map((i) => {
    const c = i.credential;
    return c.name ? `name\0${c.name}` : c.redacted ? `value\0${c.redacted}` : `place\0${i.file}\0${i.line}`;
  }));
  return keys.size;
}
