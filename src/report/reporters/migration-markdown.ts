import type { RecommendedTokenType } from '../../model/vocabulary.js';
import {
  PLAN_STATUSES,
  type CommittedToken,
  type CredentialRef,
  type MigrationPlan,
  type PlanGroup,
  type PlanItem,
  type PlannedCallSite,
  type StatusCounts,
} from '../migration-plan.js';
import type { ReportCallSite } from '../../model/report.js';
import type { EvidenceLocation } from '../../model/extracted.js';
import { mdCell, mdCode } from './markdown-escape.js';
import { count, tokenLabel, withArticle } from './wording.js';

// The Markdown of the migration plan, shared by `inventory` and `scan --format markdown` so both print
// the same groups, statuses and checklist. Everything from the repository (paths, names, redacted
// values) goes through mdCell or mdCode; every cell and heading has a fallback, so none is empty.

/**
 * A heading holds one line: the cell escaping of the scan report, with breaks shown as spaces. It
 * starts with a capital unless it starts with a name that keeps its case (`dbt Cloud CLI config`).
 */
function heading(s: string): string {
  const line = s.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
  const cased = /^dbt\b/.test(line) ? line : line.charAt(0).toUpperCase() + line.slice(1);
  return mdCell(cased) || '—';
}

export function table(header: readonly string[], rows: readonly string[][]): string[] {
  const cell = (s: string): string => (s.trim() === '' ? '—' : s);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** `1 revoke and replace, 2 keep`: the statuses with calls, in order of urgency. */
export function statusCounts(counts: StatusCounts): string {
  const parts = PLAN_STATUSES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length ? parts.join(', ') : 'no call site';
}

const code = (l: { file: string; line?: number }): string => mdCode(l.line !== undefined ? `${l.file}:${l.line}` : l.file);

/** `a.py:1`, `b.sh:2` and 3 more: a long list stays readable in an issue. */
export function places(list: readonly { file: string; line?: number }[], max = 6): string {
  const shown = [...new Set(list.map(code))].slice(0, max);
  const more = new Set(list.map(code)).size - shown.length;
  const joined =
    shown.length <= 1 ? (shown[0] ?? '—') : `${shown.slice(0, -1).join(', ')}${more > 0 ? ', ' : ' and '}${shown[shown.length - 1]}`;
  return more > 0 ? `${joined} and ${more} more` : joined;
}

/**
 * A credential named in running text: its store and name or value, as code where it comes from the
 * repository. `withFile: false` when the sentence lists where the value is committed anyway.
 */
function credentialText(ref: CredentialRef, withFile = true): string {
  const s = ref.store;
  const file = withFile && s.file !== undefined ? s.file : undefined;
  if (s.kind === 'committed') {
    return `the committed ${tokenLabel(ref.type)}${ref.redacted ? ` ${mdCode(ref.redacted)}` : ''}${ref.name ? ` (${mdCode(ref.name)})` : ''}${file !== undefined ? ` in ${mdCode(file)}` : ''}`;
  }
  const inFile =
    file === undefined || s.kind === 'literal' ? '' : s.kind === 'env-template' ? ` from ${mdCode(file)}` : ` in ${mdCode(file)}`;
  if (ref.name) return `${mdCell(s.label)} ${mdCode(ref.name)}${inFile}`;
  if (ref.redacted) return `${mdCell(s.label)} ${mdCode(ref.redacted)}${inFile}`;
  if (s.kind === 'literal') return `the ${mdCell(s.label)} in ${mdCode(s.file ?? '')}`;
  return `the ${mdCell(s.label)} read at ${ref.at ? code(ref.at) : '—'}`;
}

/** The same, for a table cell: no article. */
export function credentialCell(ref: CredentialRef): string {
  return credentialText(ref).replace(/^the /, '');
}

export function endpointCell(e: ReportCallSite['endpoint']): string {
  if (!e) return '—';
  const where = e.path ?? e.url ?? e.host;
  const parts = [...(e.api ? [e.api] : []), ...(where ? [mdCode(where)] : [])];
  return parts.length ? parts.join(' ') : '—';
}

export const mustUse = (s: PlannedCallSite): string =>
  s.recommendedTokenType ? tokenLabel(s.recommendedTokenType) : '— (workflow unknown)';

/** One sentence on the plan as a whole, with the numbers of the scan. */
export function planSummary(plan: MigrationPlan): string {
  if (plan.callSites === 0 && !plan.committedTokens.length) return 'No dbt Cloud API call sites were found.';
  const credentials = count(plan.groups.length, 'credential');
  const committed = plan.committedTokens.length ? `; ${count(plan.committedTokens.length, 'committed token')} to revoke` : '';
  return `${count(plan.callSites, 'dbt Cloud API call site')} ${plan.callSites === 1 ? 'uses' : 'use'} ${credentials}: ${statusCounts(plan.byStatus)}${committed}.`;
}

/** A section per credential: where it is stored, its counts per status, and a row per call site. */
export function groupSections(plan: MigrationPlan): string[] {
  const out: string[] = [];
  for (const g of plan.groups) {
    out.push(`## ${heading(g.ref.title)}`, '', groupLine(g), '');
    if (g.callSites.length) {
      out.push(
        ...table(
          ['Location', 'Endpoint', 'Workflow', 'Production', 'Current token', 'Must use', 'Status'],
          g.callSites.map((s) => [
            code(s),
            endpointCell(s.endpoint),
            mdCode(s.workflow),
            s.production ? 'yes' : 'no',
            tokenLabel(s.credential.type),
            mustUse(s),
            s.status,
          ]),
        ),
        '',
      );
    }
  }
  return out;
}

function groupLine(g: PlanGroup): string {
  const types = [...new Set(g.callSites.length ? g.callSites.map((s) => s.credential.type) : [g.credential.type])]
    .map(tokenLabel)
    .join(', ');
  const committed = g.committedAt.length ? ` Committed in ${places(g.committedAt)}.` : '';
  if (!g.callSites.length)
    return `Current token: ${types}. No call site in the files scanned uses it; status: revoke and replace.${committed}`;
  return `Current token: ${types}. ${count(g.callSites.length, 'call site')}: ${statusCounts(g.counts)}.${committed}`;
}

const newToken = (t: RecommendedTokenType | undefined): string => (t ? tokenLabel(t) : 'token');

const CREATE_WHERE: Record<RecommendedTokenType, string> = {
  'service-token': 'Service tokens: **Account Settings → API tokens → Service tokens**, each with only the permissions its job needs.',
  pat: 'PATs: **Account Settings → API tokens → Personal tokens**; PATs are account-scoped, so a user in several dbt Cloud accounts needs one per account.',
};

/** The checklist: the guide's steps that have work, then the other checks; a sentence when there is nothing to do. */
export function checklist(plan: MigrationPlan): string[] {
  const out: string[] = [];
  for (const step of plan.steps) {
    out.push(`### ${step.step}. ${mdCell(step.title)}`, '');
    const intro = stepIntro(step.step, step.items);
    if (intro) out.push(intro, '');
    out.push(...step.items.map((i) => `- [ ] ${itemText(i)}`), '');
  }
  if (plan.checks.length) out.push('### Also check', '', ...plan.checks.map((i) => `- [ ] ${itemText(i)}`), '');
  if (!out.length) {
    out.push(
      plan.callSites === 0
        ? 'Nothing to migrate in the files scanned. Check places this scan cannot see, such as partner integrations configured in their own UI.'
        : 'Nothing to migrate: every call site already uses the token type its workflow needs.',
      '',
    );
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

function stepIntro(step: number, items: readonly PlanItem[]): string | undefined {
  switch (step) {
    case 1:
      return 'dbt Cloud no longer accepts user API keys. These credentials hold one; add places this scan cannot see, such as partner integrations configured in their own UI.';
    case 2: {
      const types = new Set(items.map((i) => (i.action === 'create' ? i.tokenType : undefined)));
      const where = (['service-token', 'pat'] as const).filter((t) => types.has(t) || types.has(undefined)).map((t) => CREATE_WHERE[t]);
      return where.join(' ');
    }
    case 3:
      return items.some((i) => i.action === 'replace') ? 'Put each new token in place, then check that each call still works.' : undefined;
    case 4:
      return "Use a PAT only where a call needs a user's context; every production workflow uses a service token.";
    default:
      return undefined;
  }
}

function calls(list: readonly EvidenceLocation[]): string {
  return `${count(list.length, 'call site')}: ${places(list)}`;
}

function itemText(i: PlanItem): string {
  switch (i.action) {
    case 'list': {
      const used = i.callSites.length ? `, used by ${calls(i.callSites)}` : '; no call site in the files scanned uses it';
      if (i.credential.store.kind === 'committed') {
        const value = i.credential.redacted ? ` ${mdCode(i.credential.redacted)}` : '';
        const name = i.credential.name ? ` (${mdCode(i.credential.name)})` : '';
        return `User API key${value}${name} committed in ${places(i.committedAt)}${used}.`;
      }
      const committed = i.committedAt.length ? `; its value is committed in ${places(i.committedAt)}` : '';
      return `User API key in ${credentialText(i.credential, !i.committedAt.length)}${used}${committed}.`;
    }
    case 'create': {
      const reader = i.callSites.length ? "the calls' workflow" : 'the workflow that reads it';
      const what = i.tokenType ? withArticle(i.tokenType) : `a PAT or a service token, whichever ${reader} needs,`;
      const used = i.callSites.length ? ` (${calls(i.callSites)})` : '';
      return `Create ${what} to replace ${credentialText(i.credential)}${used}.`;
    }
    case 'replace':
      return replaceText(i);
    case 'revoke':
      return revokeText(i.token);
    case 'decide': {
      const holds = i.currentType === 'legacy-user-api-key' ? ' It holds a user API key, which no longer works.' : '';
      // Only a name can be declared under `tokens:`; a credential without one is found by hand.
      const declare = i.credential.name ? ' Declare it under `tokens:` in `.dbt-token-scan.yml` and scan again.' : '';
      if (i.credential.store.kind === 'literal') {
        // A value written in the code that is no token (a placeholder): the call needs a real one, read from outside.
        const need = i.tokenType ? withArticle(i.tokenType) : 'a PAT or a service token, whichever the workflow needs';
        return `Find out what ${credentialText(i.credential)} stands for (${calls(i.callSites)}): the calls need ${need}, read from a secret store or an environment variable rather than written in the file.`;
      }
      if (i.undecided === 'token-type') {
        return i.tokenType
          ? `Find out which token ${credentialText(i.credential)} holds (${calls(i.callSites)}): the calls need ${withArticle(i.tokenType)}.${declare}`
          : `Find out which token ${credentialText(i.credential)} holds, and whether its calls (${calls(i.callSites)}) need a user's context (a PAT) or run a production workflow (a service token).${declare}`;
      }
      return `Decide whether the calls that use ${credentialText(i.credential)} (${calls(i.callSites)}) need a user's context (a PAT) or run a production workflow (a service token); list their files under \`development:\` or \`production:\` in \`.dbt-token-scan.yml\` and scan again.${holds}`;
    }
    case 'check':
      return checkText(i);
  }
}

function replaceText(i: Extract<PlanItem, { action: 'replace' }>): string {
  const token = newToken(i.tokenType);
  const store = i.credential.store.kind;
  const used = i.callSites.length ? ` at ${places(i.callSites)}` : '';
  if (store === 'committed' || store === 'literal') {
    const from: { file: string; line?: number }[] = i.committedAt.length
      ? i.committedAt
      : i.credential.store.file !== undefined
        ? [{ file: i.credential.store.file }]
        : i.callSites;
    const what =
      store === 'committed'
        ? `the committed ${tokenLabel(i.credential.type)}${i.credential.redacted ? ` ${mdCode(i.credential.redacted)}` : ''}`
        : 'the literal value';
    // A committed `.env` line or config value is itself the call site: there is no other place to change.
    const readers = i.callSites.filter((c) => !from.some((f) => f.file === c.file && f.line === c.line));
    const read = readers.length ? `, and read it from there at ${places(readers)}` : '';
    return `Remove ${what} from ${places(from)}; keep the new ${token} out of the repository (in a secret store, or a file git ignores)${read}.`;
  }
  const committed = i.committedAt.length ? `, and remove its committed value from ${places(i.committedAt)}` : '';
  const own =
    i.alsoKept > 0
      ? `; ${count(i.alsoKept, 'other call site')} also ${i.alsoKept === 1 ? 'reads' : 'read'} it, so give the new ${token} a name of its own`
      : '';
  return `Put the new ${token} in ${credentialText(i.credential)}${used ? `, used${used}` : ''}${committed}${own}.`;
}

function revokeText(t: CommittedToken): string {
  const name = t.name ? ` (${mdCode(t.name)})` : '';
  return `Revoke the ${tokenLabel(t.type)}${t.redacted ? ` ${mdCode(t.redacted)}` : ''}${name} in dbt Cloud: it is committed in ${places(t.committedAt)} and stays readable in the git history.`;
}

function checkText(i: Extract<PlanItem, { action: 'check' }>): string {
  switch (i.check) {
    case 'account-listing':
      return `\`/v2/accounts\` and \`/v3/accounts\` return only the PAT's own account: code that expects all of a user's accounts must call each account with that account's PAT (${places(i.locations)}).`;
    case 'shared-across-accounts':
      return `Create one PAT per dbt Cloud account where one PAT is used against several accounts (${places(i.locations)}).`;
    case 'undocumented-endpoint':
      return `Move off undocumented endpoints, which can change without notice (${places(i.locations)}); if the documented API does not cover a use case, contact dbt Labs support.`;
    case 'service-token-creation':
      return `Create service tokens in the dbt Cloud UI, or with a service token allowed to manage them: dbt Cloud rejects a PAT creating one with a 400 since July 2026 (${places(i.locations)}).`;
    case 'access-url':
      return `Call each cell-based account on its own access URL (Account settings → Access URLs), not on the shared host, where its calls fail with a 401 (${places(i.locations)}).`;
    case 'unscanned-files':
      return `Check by hand the ${count(i.locations.length, 'file')} that could not be scanned: ${places(i.locations)}.`;
  }
}
