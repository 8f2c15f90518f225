import type { RecommendedTokenType, RuleId, TokenType } from '../model/vocabulary.js';
import { storeOf, type CredentialStore } from './credential-store.js';
import type { Report, ReportCallSite } from '../model/report.js';
import type { Credential, EvidenceLocation } from '../model/extracted.js';
import type { Finding } from '../model/findings.js';
import { compareLocations } from '../model/report-order.js';
import { tokenLabel } from './reporters/wording.js';

// The migration plan: the one model behind `inventory` (markdown, json, csv) and `scan --format
// markdown`, so the two can never disagree. Every call site gets a status, every credential (a
// secret, a connection, a variable, a committed value) a group with its counts, and the checklist
// follows the four steps of dbt's "Using the personal access tokens" guide with only the steps that
// have work, naming each secret to create, replace and revoke.
//
// Statuses come from the facts the scan reports (the credential's type, the token type the call's
// workflow needs) and from its hardcoded-token findings (which value is committed), so the plan's
// numbers are the scan's numbers.

/** In order of urgency: a committed token is readable by anyone with the repository. */
export const PLAN_STATUSES = ['revoke and replace', 'move to service token', 'move to PAT', 'decide', 'keep'] as const;
type PlanStatus = (typeof PLAN_STATUSES)[number];
export type StatusCounts = Record<PlanStatus, number>;

export interface PlannedCallSite extends ReportCallSite {
  status: PlanStatus;
  /** With `decide`: what the scan could not tell, the token's type or whether the call needs a user's context. */
  undecided?: 'token-type' | 'workflow';
}

/** A token value committed to the repository: one per value, with every place it is written. */
export interface CommittedToken {
  type: TokenType;
  redacted?: string;
  name?: string;
  committedAt: EvidenceLocation[];
  /** What its workflow needs instead. */
  recommendedTokenType?: RecommendedTokenType;
}

interface CallSiteLocation extends EvidenceLocation {
  column: number;
}

/** How a step names a credential: enough to find it (store, name or value, file), never the value. */
export interface CredentialRef {
  /** One line of plain text, never empty: "GitHub Actions secret DBT_PAT_ALICE". */
  title: string;
  store: CredentialStore;
  type: TokenType;
  name?: string;
  redacted?: string;
  /** For a credential without a name or value: where it is used. */
  at?: EvidenceLocation;
}

export interface PlanGroup {
  ref: CredentialRef;
  /** The credential as the scan reports it at the group's first call site (or committed value). */
  credential: Credential;
  /** What every call in the group should use; `mixed` when its calls need different types. */
  moveTo: 'service-token' | 'pat' | 'mixed' | 'unknown';
  callSites: PlannedCallSite[];
  counts: StatusCounts;
  /** Where the group's value is committed, when it is. */
  committedAt: EvidenceLocation[];
}

export type PlanItem =
  /** Step 1: a credential that holds a retired user API key. */
  | { action: 'list'; credential: CredentialRef; callSites: CallSiteLocation[]; committedAt: EvidenceLocation[] }
  /** Step 2: a token to create; `tokenType` is absent when the calls' workflow is unknown. */
  | { action: 'create'; tokenType?: RecommendedTokenType; credential: CredentialRef; callSites: CallSiteLocation[] }
  /**
   * Step 3: where the new token goes. `alsoKept` counts calls that read the same credential but keep
   * their token, so the new one needs a place of its own.
   */
  | {
      action: 'replace';
      tokenType?: RecommendedTokenType;
      credential: CredentialRef;
      callSites: CallSiteLocation[];
      committedAt: EvidenceLocation[];
      alsoKept: number;
    }
  /** Step 3: a committed token to revoke in dbt Cloud. */
  | { action: 'revoke'; token: CommittedToken }
  /** Step 4: calls whose token type or workflow the scan cannot tell. */
  | {
      action: 'decide';
      undecided: 'token-type' | 'workflow';
      tokenType?: RecommendedTokenType;
      currentType: TokenType;
      credential: CredentialRef;
      callSites: CallSiteLocation[];
    }
  /** After the steps: findings that are not about which token to use. */
  | {
      action: 'check';
      check:
        | 'account-listing'
        | 'shared-across-accounts'
        | 'undocumented-endpoint'
        | 'service-token-creation'
        | 'access-url'
        | 'unscanned-files';
      locations: { file: string; line?: number }[];
    };

export interface PlanStep {
  /** The step of dbt's guide. */
  step: 1 | 2 | 3 | 4;
  title: string;
  items: PlanItem[];
}

export interface MigrationPlan {
  groups: PlanGroup[];
  callSites: number;
  byStatus: StatusCounts;
  committedTokens: CommittedToken[];
  /** Only the steps that have work, in the guide's order. */
  steps: PlanStep[];
  /** Checks outside the four steps, only those with work. */
  checks: PlanItem[];
}

const zeroCounts = (): StatusCounts => ({ 'revoke and replace': 0, 'move to service token': 0, 'move to PAT': 0, decide: 0, keep: 0 });

function statusOf(site: ReportCallSite, committed: boolean): Pick<PlannedCallSite, 'status' | 'undecided'> {
  if (committed) return { status: 'revoke and replace' };
  if (site.credential.type === 'unknown') return { status: 'decide', undecided: 'token-type' };
  const target = site.recommendedTokenType;
  if (!target) return { status: 'decide', undecided: 'workflow' };
  if (site.credential.type === target) return { status: 'keep' };
  return { status: target === 'service-token' ? 'move to service token' : 'move to PAT' };
}

const loc = (l: { file: string; line: number }): EvidenceLocation => ({ file: l.file, line: l.line });
/** A call site in a step: with its column, since two calls can share a line. */
const at = (l: { file: string; line: number; column: number }): CallSiteLocation => ({ file: l.file, line: l.line, column: l.column });
const valueKey = (type: TokenType, redacted: string): string => `${type}\0${redacted}`;

/**
 * The committed tokens the scan reports: hardcoded-token findings, active or held by a baseline (a
 * baselined token is known, not revoked). One an inline comment silences is someone's decision.
 */
function committedTokens(report: Report): CommittedToken[] {
  const byValue = new Map<string, CommittedToken>();
  const findings = [...report.findings, ...report.suppressed.filter((f) => f.suppression?.kind === 'baseline')];
  for (const f of findings) {
    if (f.ruleId !== 'hardcoded-token') continue;
    const c = f.credential;
    const key = c.redacted ? valueKey(c.type, c.redacted) : `place\0${f.file}\0${f.line}`;
    const token = byValue.get(key) ?? {
      type: c.type,
      ...(c.redacted ? { redacted: c.redacted } : {}),
      ...(c.name ? { name: c.name } : {}),
      committedAt: [],
      ...(f.recommendation.tokenType ? { recommendedTokenType: f.recommendation.tokenType } : {}),
    };
    if (!token.committedAt.some((l) => l.file === f.file && l.line === f.line)) token.committedAt.push(loc(f));
    byValue.set(key, token);
  }
  const list = [...byValue.values()];
  for (const t of list) t.committedAt.sort(compareLocations);
  return list.sort((a, b) => compareLocations(a.committedAt[0]!, b.committedAt[0]!));
}

const present = (s: string | undefined): string | undefined => (s !== undefined && s.trim() !== '' ? s : undefined);

function refOf(store: CredentialStore, c: Credential, site?: ReportCallSite): CredentialRef {
  const name = present(c.name);
  const redacted = present(c.redacted);
  const ref: CredentialRef = { title: '', store, type: c.type, ...(name ? { name } : {}), ...(redacted ? { redacted } : {}) };
  const inFile = store.file === undefined ? '' : store.kind === 'env-template' ? ` from ${store.file}` : ` in ${store.file}`;
  if (store.kind === 'committed') {
    ref.title = `committed ${tokenLabel(c.type)}${redacted ? ` ${redacted}` : ''}${inFile}${name ? ` (${name})` : ''}`;
  } else if (name) {
    ref.title = `${store.label} ${name}${inFile}`;
  } else if (redacted) {
    ref.title = `${store.label} ${redacted}${inFile}`;
  } else if (store.kind === 'literal') {
    ref.title = `${store.label}${inFile}`;
  } else {
    // Nothing names it: the place it is read is its only name.
    if (site) ref.at = loc(site);
    ref.title = site ? `${store.label} read at ${site.file}:${site.line}` : store.label;
  }
  return ref;
}

/**
 * One credential, however it is reached: a committed value is one credential whatever names point at
 * it; else the same name in the same store, else the same value, else the one place.
 */
function groupKey(site: ReportCallSite, store: CredentialStore, committed: boolean): string {
  const c = site.credential;
  if (committed) return `value\0${valueKey(c.type, c.redacted!)}`;
  if (present(c.name)) return `name\0${c.source}\0${c.source === 'env' ? '' : store.label}\0${c.name}`;
  if (present(c.redacted)) return `value\0${valueKey(c.type, c.redacted!)}`;
  return `place\0${site.file}\0${site.line}\0${site.column}`;
}

export function buildMigrationPlan(report: Report): MigrationPlan {
  const committed = committedTokens(report);
  const committedByValue = new Map(committed.filter((t) => t.redacted).map((t) => [valueKey(t.type, t.redacted!), t]));
  const committedOf = (c: Credential): CommittedToken | undefined =>
    c.redacted ? committedByValue.get(valueKey(c.type, c.redacted)) : undefined;

  interface Building {
    group: PlanGroup;
    stores: CredentialStore[];
    tokens: Set<CommittedToken>;
  }
  const groups = new Map<string, Building>();
  for (const site of report.callSites) {
    const token = committedOf(site.credential);
    // A literal is named after the place it is committed, its own file when it is one of them.
    const store = storeOf(site, token && (token.committedAt.find((l) => l.file === site.file) ?? token.committedAt[0])?.file);
    const key = groupKey(site, store, token !== undefined);
    let b = groups.get(key);
    if (!b) {
      b = {
        group: {
          ref: refOf(store, site.credential, site),
          credential: site.credential,
          moveTo: 'unknown',
          callSites: [],
          counts: zeroCounts(),
          committedAt: [],
        },
        stores: [],
        tokens: new Set(),
      };
      groups.set(key, b);
    }
    b.stores.push(store);
    if (token) b.tokens.add(token);
    const planned: PlannedCallSite = { ...site, ...statusOf(site, token !== undefined) };
    b.group.callSites.push(planned);
    b.group.counts[planned.status]++;
  }

  // A committed value no call uses is still a credential to replace: it gets a group of its own.
  const used = new Set([...groups.values()].flatMap((b) => [...b.tokens]));
  for (const t of committed) {
    if (used.has(t)) continue;
    const credential: Credential = {
      type: t.type,
      source: 'literal',
      evidence: 'format',
      ...(t.name ? { name: t.name } : {}),
      ...(t.redacted ? { redacted: t.redacted } : {}),
    };
    const store: CredentialStore = { kind: 'committed', label: 'committed token', file: t.committedAt[0]!.file };
    groups.set(`committed\0${t.committedAt[0]!.file}\0${t.committedAt[0]!.line}`, {
      group: {
        ref: refOf(store, credential),
        credential,
        moveTo: t.recommendedTokenType ?? 'unknown',
        callSites: [],
        counts: zeroCounts(),
        committedAt: [],
      },
      stores: [store],
      tokens: new Set([t]),
    });
  }

  const list: PlanGroup[] = [];
  for (const { group, stores, tokens } of groups.values()) {
    // Sites of one env var may know it from an env file or not at all: the group says the most.
    const richer = stores.find((s) => s.file !== undefined && s.kind === 'env-file');
    if (richer && group.ref.store.kind === 'environment') group.ref = refOf(richer, group.credential, group.callSites[0]);
    group.committedAt = [...tokens].flatMap((t) => t.committedAt).sort(compareLocations);
    if (group.callSites.length) {
      const targets = new Set(group.callSites.map((c) => c.recommendedTokenType ?? 'unknown'));
      group.moveTo = targets.size === 1 ? ([...targets][0] as PlanGroup['moveTo']) : 'mixed';
    }
    list.push(group);
  }
  list.sort((a, b) => urgency(a) - urgency(b) || (a.ref.title < b.ref.title ? -1 : a.ref.title > b.ref.title ? 1 : 0));

  const byStatus = zeroCounts();
  for (const g of list) for (const s of PLAN_STATUSES) byStatus[s] += g.counts[s];

  return {
    groups: list,
    callSites: report.callSites.length,
    byStatus,
    committedTokens: committed,
    steps: steps(list, committed),
    checks: checks(report),
  };
}

function urgency(g: PlanGroup): number {
  if (!g.callSites.length) return 0;
  return Math.min(...g.callSites.map((c) => PLAN_STATUSES.indexOf(c.status)));
}

const TARGETS: readonly (RecommendedTokenType | undefined)[] = ['service-token', 'pat', undefined];

/** The calls of a group that need a new token of `target`: moving to it, or replacing a committed value. */
function needing(g: PlanGroup, target: RecommendedTokenType | undefined): PlannedCallSite[] {
  return g.callSites.filter(
    (c) =>
      c.recommendedTokenType === target &&
      (c.status === 'revoke and replace' ||
        (c.status === 'move to service token' && target === 'service-token') ||
        (c.status === 'move to PAT' && target === 'pat')),
  );
}

function steps(groups: readonly PlanGroup[], committed: readonly CommittedToken[]): PlanStep[] {
  const list: PlanItem[] = [];
  const create: PlanItem[] = [];
  const replace: PlanItem[] = [];
  const decide: PlanItem[] = [];
  for (const g of groups) {
    const legacy = g.callSites.filter((c) => c.credential.type === 'legacy-user-api-key');
    const legacyCommitted = !g.callSites.length && g.credential.type === 'legacy-user-api-key';
    if (legacy.length || legacyCommitted)
      list.push({ action: 'list', credential: g.ref, callSites: legacy.map(at), committedAt: g.committedAt });

    if (!g.callSites.length) {
      // A committed value no call uses: replace it with the type its file's workflow needs.
      const tokenType = g.moveTo === 'service-token' || g.moveTo === 'pat' ? g.moveTo : undefined;
      create.push({ action: 'create', ...(tokenType ? { tokenType } : {}), credential: g.ref, callSites: [] });
      replace.push({
        action: 'replace',
        ...(tokenType ? { tokenType } : {}),
        credential: g.ref,
        callSites: [],
        committedAt: g.committedAt,
        alsoKept: 0,
      });
    }
    for (const target of TARGETS) {
      const sites = needing(g, target);
      if (!sites.length) continue;
      const tokenType = target ? { tokenType: target } : {};
      create.push({ action: 'create', ...tokenType, credential: g.ref, callSites: sites.map(at) });
      replace.push({
        action: 'replace',
        ...tokenType,
        credential: g.ref,
        callSites: sites.map(at),
        committedAt: g.committedAt,
        alsoKept: g.callSites.length - sites.length,
      });
    }
    for (const reason of ['token-type', 'workflow'] as const) {
      const sites = g.callSites.filter((c) => c.status === 'decide' && c.undecided === reason);
      if (!sites.length) continue;
      const targets = new Set(sites.map((c) => c.recommendedTokenType));
      const tokenType = targets.size === 1 ? [...targets][0] : undefined;
      decide.push({
        action: 'decide',
        undecided: reason,
        ...(tokenType ? { tokenType } : {}),
        currentType: sites[0]!.credential.type,
        credential: g.ref,
        callSites: sites.map(at),
      });
    }
  }
  const revoke: PlanItem[] = committed.map((token) => ({ action: 'revoke', token }));
  const out: PlanStep[] = [];
  if (list.length) out.push({ step: 1, title: 'Make a list of every place that calls the dbt Cloud API with a user API key', items: list });
  if (create.length) out.push({ step: 2, title: 'Create the new tokens', items: create });
  if (replace.length || revoke.length) {
    const title = !revoke.length
      ? 'Replace the old tokens with the new ones'
      : !replace.length
        ? 'Revoke the committed tokens'
        : 'Replace the old tokens with the new ones, then revoke the committed ones';
    out.push({ step: 3, title, items: [...replace, ...revoke] });
  }
  if (decide.length) out.push({ step: 4, title: 'Use a PAT only where it is needed: decide what the scan could not tell', items: decide });
  return out;
}

const CHECKS: readonly [RuleId, Extract<PlanItem, { action: 'check' }>['check']][] = [
  ['account-listing-with-pat', 'account-listing'],
  ['token-shared-across-accounts', 'shared-across-accounts'],
  ['undocumented-endpoint', 'undocumented-endpoint'],
  ['pat-creates-service-token', 'service-token-creation'],
  ['legacy-host-for-cell-account', 'access-url'],
];

function checks(report: Report): PlanItem[] {
  const out: PlanItem[] = [];
  for (const [ruleId, check] of CHECKS) {
    const found = report.findings.filter((f: Finding) => f.ruleId === ruleId);
    if (found.length) out.push({ action: 'check', check, locations: found.map(loc) });
  }
  if (report.errors.length)
    out.push({ action: 'check', check: 'unscanned-files', locations: report.errors.map((e) => ({ file: e.file })) });
  return out;
}

/** Every call site with its group, in the report's order (file, line, column). */
export function callSitesInOrder(plan: MigrationPlan): { site: PlannedCallSite; group: PlanGroup }[] {
  const rows = plan.groups.flatMap((group) => group.callSites.map((site) => ({ site, group })));
  return rows.sort((a, b) =>
    a.site.file < b.site.file ? -1 : a.site.file > b.site.file ? 1 : a.site.line - b.site.line || a.site.column - b.site.column,
  );
}
