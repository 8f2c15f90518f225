import { basename } from 'node:path';
import { ConfigError } from '../errors.js';
import type { RecommendedTokenType } from '../model/vocabulary.js';
import {
  buildMigrationPlan,
  type MigrationPlan,
  type PlanGroup,
  type PlannedCallSite,
  type StatusCounts,
} from '../report/migration-plan.js';
import type { Report, ReportCallSite, ScanError } from '../model/report.js';
import type { Finding } from '../model/findings.js';
import { withArticle } from '../report/reporters/wording.js';
import type { InputReport } from './read-report.js';

// The organisation's inventory: the json reports of many repositories as one migration plan
// (src/report/migration-plan.ts), so that a credential read in six repositories (an organisation
// secret, one Airflow connection name) is one credential with its call sites in all six, and the
// checklist says once to create its replacement. The plan is built from one combined report whose
// paths start with the repository's name (`acme/dags/.github/workflows/deploy.yml`): the plan then
// groups across repositories exactly as it groups across files, and every place the checklist names
// says which repository it is in. Each repository's own totals come from its own plan.

export interface RepositoryReport {
  name: string;
  /** The report file it was read from. */
  file: string;
  report: Report;
}

interface RepositoryTotals {
  repository: string;
  report: string;
  filesScanned: number;
  callSites: number;
  productionCallSites: number;
  credentials: number;
  findings: Report['summary']['findings'];
  byStatus: StatusCounts;
  committedTokens: number;
  unscannedFiles: number;
}

/** A call site of the combined report, with the repository it is in. */
export type OrgCallSite = PlannedCallSite & { repository: string };

export interface OrgCredential {
  group: PlanGroup;
  repositories: string[];
  /** Distinct files (in any repository) with a production call using the credential. */
  productionWorkflows: number;
  /** What to do, in a few words: `replace with a service token`, `keep`. */
  action: string;
}

export interface OrgInventory {
  repositories: RepositoryTotals[];
  credentials: OrgCredential[];
  plan: MigrationPlan;
  /** The combined report the plan was built from (paths start with the repository). */
  combined: Report;
  /** A combined path back to its repository and its path there. */
  split: (path: string) => { repository?: string; file: string };
}

/**
 * Each report's name: its `repository`, else its file's name. Two reports of one name stop the
 * merge: their call sites would read as one repository's, and one of them is most likely a mistake.
 */
export function nameReports(inputs: readonly InputReport[]): RepositoryReport[] {
  const byName = new Map<string, RepositoryReport>();
  for (const input of inputs) {
    const name = input.repository ?? (basename(input.file).replace(/\.json$/i, '') || input.file);
    const seen = byName.get(name);
    if (seen) {
      throw new ConfigError(`${seen.file} and ${input.file} both report the repository "${name}": give each scan its own --repository`);
    }
    byName.set(name, { name, file: input.file, report: input.report });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const within = (repository: string, file: string): string => `${repository}/${file}`;

function combine(repos: readonly RepositoryReport[]): Report {
  const findingIn =
    (repository: string) =>
    (f: Finding): Finding => ({
      ...f,
      file: within(repository, f.file),
      credential: {
        ...f.credential,
        ...(f.credential.evidenceAt
          ? { evidenceAt: { ...f.credential.evidenceAt, file: within(repository, f.credential.evidenceAt.file) } }
          : {}),
      },
    });
  // The repository rides along on each call site: the plan copies call sites whole.
  const siteIn =
    (repository: string) =>
    (c: ReportCallSite): ReportCallSite & { repository: string } => ({
      ...c,
      file: within(repository, c.file),
      credential: {
        ...c.credential,
        ...(c.credential.evidenceAt
          ? { evidenceAt: { ...c.credential.evidenceAt, file: within(repository, c.credential.evidenceAt.file) } }
          : {}),
      },
      repository,
    });
  const errorIn =
    (repository: string) =>
    (e: ScanError): ScanError => ({ ...e, file: within(repository, e.file) });
  const findings = { error: 0, warning: 0, note: 0 };
  for (const r of repos) for (const s of ['error', 'warning', 'note'] as const) findings[s] += r.report.summary.findings[s];
  return {
    schemaVersion: 1,
    tool: repos[0]?.report.tool ?? { name: 'dbt-token-scan', version: '' },
    findings: repos.flatMap((r) => r.report.findings.map(findingIn(r.name))),
    suppressed: repos.flatMap((r) => r.report.suppressed.map(findingIn(r.name))),
    callSites: repos.flatMap((r) => r.report.callSites.map(siteIn(r.name))),
    errors: repos.flatMap((r) => r.report.errors.map(errorIn(r.name))),
    summary: {
      filesScanned: repos.reduce((n, r) => n + r.report.summary.filesScanned, 0),
      callSites: repos.reduce((n, r) => n + r.report.callSites.length, 0),
      findings,
    },
    rules: [],
    snippets: {},
  };
}

/** `replace with a service token`, `revoke and replace with a PAT`, `decide which token it needs`, `keep`. */
function actionOf(g: PlanGroup): string {
  if (!g.callSites.length) return 'revoke and replace';
  const changing = g.callSites.filter(
    (s) => s.status === 'revoke and replace' || s.status === 'move to service token' || s.status === 'move to PAT',
  );
  if (changing.length) {
    const targets = [...new Set(changing.map((s) => s.recommendedTokenType))]
      .sort((a, b) => (a === 'service-token' ? -1 : b === 'service-token' ? 1 : 0))
      .map((t: RecommendedTokenType | undefined) => (t ? withArticle(t) : 'the token its workflow needs'));
    return `${g.counts['revoke and replace'] ? 'revoke and replace' : 'replace'} with ${targets.join(' or ')}`;
  }
  if (g.counts.decide) return 'decide which token it needs';
  return 'keep';
}

function totals(r: RepositoryReport): RepositoryTotals {
  const plan = buildMigrationPlan(r.report);
  return {
    repository: r.name,
    report: r.file,
    filesScanned: r.report.summary.filesScanned,
    callSites: r.report.callSites.length,
    productionCallSites: r.report.callSites.filter((c) => c.production).length,
    credentials: plan.groups.length,
    findings: { ...r.report.summary.findings },
    byStatus: plan.byStatus,
    committedTokens: plan.committedTokens.length,
    unscannedFiles: r.report.errors.length,
  };
}

export function buildOrgInventory(repos: readonly RepositoryReport[]): OrgInventory {
  const combined = combine(repos);
  const plan = buildMigrationPlan(combined);
  // Longest name first: `acme/data/x` is in `acme/data`, not in `acme`.
  const names = repos.map((r) => r.name).sort((a, b) => b.length - a.length);
  const split = (path: string): { repository?: string; file: string } => {
    const repository = names.find((n) => path.startsWith(`${n}/`));
    return repository === undefined ? { file: path } : { repository, file: path.slice(repository.length + 1) };
  };
  const credentials = plan.groups.map((group): OrgCredential => {
    const sites = group.callSites as OrgCallSite[];
    const inRepos = new Set([
      ...sites.map((s) => s.repository),
      ...group.committedAt.map((l) => split(l.file).repository).filter((r): r is string => r !== undefined),
    ]);
    const production = new Set(sites.filter((s) => s.production).map((s) => s.file));
    return { group, repositories: [...inRepos].sort(), productionWorkflows: production.size, action: actionOf(group) };
  });
  return { repositories: repos.map(totals), credentials, plan, combined, split };
}
