import { WHY_MIGRATE } from '../report/inventory.js';
import {
  checklist,
  credentialCell,
  groupSections,
  places,
  planSummary,
  statusCounts,
  table,
} from '../report/reporters/migration-markdown.js';
import { mdCell, mdCode } from '../report/reporters/markdown-escape.js';
import { count, problemCounts } from '../report/reporters/wording.js';
import type { OrgCredential, OrgInventory } from './org-inventory.js';
import { scrubMerged } from './scrub-merged.js';

// The organisation's inventory as Markdown (a job summary, an issue): one line per credential
// across repositories, the totals of each repository, then the call sites of each credential and
// the migration checklist, in the words and escaping of the single-repository inventory
// (src/report/reporters/migration-markdown.ts). Everything from a report goes through mdCell or
// mdCode; the whole text through the last scrub.

const repos = (n: number): string => count(n, 'repository', 'repositories');

/** A credential shared by repositories is named by its store and name, not by one repository's file. */
function credentialName(c: OrgCredential): string {
  const ref = c.group.ref;
  const unnamed = !ref.name && !ref.redacted && ref.store.kind === 'literal' && c.group.callSites.length;
  // A literal without a name or value (a placeholder) is known by its place; a file may hold several.
  const text =
    ref.name && ref.store.kind !== 'committed'
      ? `${mdCell(ref.store.label)} ${mdCode(ref.name)}`
      : unnamed
        ? `${mdCell(ref.store.label)} at ${places(c.group.callSites, 3)}`
        : credentialCell(ref);
  return /^[a-z]/.test(text) && !/^dbt\b/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** `GitHub Actions secret `DBT_CLOUD_API_KEY`: 14 call sites in 6 repositories, 3 production workflows, replace with a service token (…)`. */
function credentialLine(c: OrgCredential): string {
  const g = c.group;
  const where = places(
    c.repositories.map((file) => ({ file })),
    6,
  );
  const uses = g.callSites.length
    ? `${count(g.callSites.length, 'call site')} in ${repos(c.repositories.length)}, ${count(c.productionWorkflows, 'production workflow')}, ${c.action} (${statusCounts(g.counts)})`
    : `committed in ${repos(c.repositories.length)}, no call site uses it, ${c.action}`;
  return `${credentialName(c)}: ${uses}. In ${where}.`;
}

export function renderMergedMarkdown(inv: OrgInventory): string {
  const out: string[] = ['# dbt Cloud token inventory across repositories', ''];
  out.push(`${repos(inv.repositories.length)}: ${planSummary(inv.plan)} ${WHY_MIGRATE}`, '');
  if (inv.credentials.length)
    out.push('## Credentials across repositories', '', ...inv.credentials.map((c) => `- ${credentialLine(c)}`), '');
  out.push('## Repositories', '');
  out.push(
    ...table(
      [
        'Repository',
        'Files scanned',
        'Call sites',
        'Production call sites',
        'Credentials',
        'Findings',
        'Committed tokens',
        'Status',
        'Unscanned files',
      ],
      inv.repositories.map((r) => [
        mdCode(r.repository),
        String(r.filesScanned),
        String(r.callSites),
        String(r.productionCallSites),
        String(r.credentials),
        problemCounts(r.findings),
        String(r.committedTokens),
        statusCounts(r.byStatus),
        String(r.unscannedFiles),
      ]),
    ),
    '',
  );
  out.push(...groupSections(inv.plan));
  out.push('## Migration checklist', '', ...checklist(inv.plan));
  return scrubMerged(`${out.join('\n')}\n`, inv);
}
