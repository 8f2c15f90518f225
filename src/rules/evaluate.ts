import { internalErrorMessage, rethrowIfStrict } from '../errors.js';
import { hostKind } from '../classify/access-hosts.js';
import type { Config } from '../config/config.js';
import type { ClassifiedCallSite, ClassifiedTokenSite, Endpoint, OwnHost } from '../model/classified.js';
import type { CredentialFact } from '../model/extracted.js';
import type { Finding, RawFinding } from '../model/findings.js';
import type { Span } from '../model/raw-facts.js';
import type { ScanError } from '../model/report.js';
import type { RecommendedTokenType, Severity, TokenType, Workflow } from '../model/vocabulary.js';
import type { ConditionField, FieldTest, RuleDefinition } from './rule-schema.js';

// Facts × rules → findings. The rule files say which facts make a finding; this module only
// reads conditions and fills templates. Fingerprints and suppressions come afterwards.

type FieldValue = string | boolean | undefined;

function callSiteField(c: ClassifiedCallSite, f: ConditionField): FieldValue {
  switch (f) {
    case 'credential.type': return c.credential.type;
    case 'credential.source': return c.credential.source;
    case 'credential.evidence': return c.credential.evidence;
    case 'credential.committed': return c.credential.committed === true;
    case 'workflow': return c.workflow;
    case 'production': return c.production;
    case 'endpoint.api': return c.endpoint?.api ?? 'unknown';
    case 'endpoint.documented': return c.documented;
    case 'endpoint.account-listing': return c.accountListing;
    case 'endpoint.user-context': return c.userContext;
    case 'endpoint.creates-service-token': return c.createsServiceToken === true;
    case 'endpoint.host-kind': return hostKind(c.endpoint?.host);
    case 'account.own-host-elsewhere': return c.ownHost !== undefined;
  }
}

function tokenSiteField(t: ClassifiedTokenSite, f: ConditionField): FieldValue {
  switch (f) {
    case 'credential.type': return t.credential.type;
    case 'credential.source': return t.credential.source;
    case 'credential.evidence': return t.credential.evidence;
    case 'credential.committed': return t.committed;
    case 'workflow': return t.workflow;
    case 'production': return t.production;
    default: return undefined; // endpoint fields never hold for a token outside a call
  }
}

function holds(when: ReadonlyMap<ConditionField, FieldTest>, get: (f: ConditionField) => FieldValue): boolean {
  for (const [field, test] of when) {
    const v = get(field);
    const hit = v !== undefined && test.anyOf.includes(v);
    if (hit === test.negate) return false;
  }
  return true;
}

const TYPE_LABEL: Record<TokenType, string> = {
  'legacy-user-api-key': 'user API key',
  pat: 'personal access token',
  'service-token': 'service token',
  unknown: 'token of unknown type',
};

const API_LABEL: Record<string, string> = {
  'admin-v2': 'Admin API v2', 'admin-v3': 'Admin API v3', discovery: 'Discovery API', 'semantic-layer': 'Semantic Layer API', unknown: 'dbt Cloud API',
};

function credentialLabel(c: CredentialFact): string {
  switch (c.source) {
    case 'literal': return `the literal token ${c.redacted ?? ''}`.trim();
    case 'env': return c.name ? `env var ${c.name}` : 'an environment variable';
    case 'secret': return c.name ? `secret ${c.name}` : 'a CI secret';
    case 'variable': return c.name ? `variable ${c.name}${c.redacted ? ` (${c.redacted})` : ''}` : 'a variable';
    case 'config': return c.name ? `configured credential ${c.name}${c.redacted ? ` (${c.redacted})` : ''}` : 'a configured credential';
    case 'unknown': return c.name ? `credential ${c.name}` : 'an unidentified credential';
  }
}

/** A workflow as prose, with its article: "runs in production, in a CI/CD pipeline". */
const WORKFLOW_LABEL: Record<Workflow, string> = {
  'ci-cd': 'a CI/CD pipeline',
  orchestrator: 'an orchestrator',
  'terraform-production': 'production Terraform',
  application: 'a deployed application',
  'partner-integration': 'a partner integration',
  'terraform-staging': 'staging Terraform',
  'cloud-cli': 'the dbt Cloud CLI',
  'user-context-endpoint': 'a user-context endpoint',
  script: 'a script',
  postman: 'Postman',
  test: 'a test',
  unknown: 'an unknown workflow',
};


function endpointLabel(workflow: Workflow, endpoint: Endpoint | undefined): string {
  if (workflow === 'cloud-cli' && !endpoint?.path) return 'the dbt Cloud CLI';
  const api = API_LABEL[endpoint?.api ?? 'unknown'] ?? 'dbt Cloud API';
  return endpoint?.path ? `${api} ${endpoint.path}` : api;
}

interface TemplateData {
  credential: CredentialFact;
  workflow: Workflow;
  endpoint?: Endpoint;
  accounts?: readonly string[];
  tokenType?: RecommendedTokenType;
  ownHost?: OwnHost;
}

/**
 * Fills a message template. A sentence that starts with one of our own words (`env var X`, `the
 * literal token`) gets its capital; a brand or a name from the repository (`dbt Cloud API`,
 * `credential self.api_key`) keeps its case.
 */
function fill(template: string, d: TemplateData): string {
  const text = template.replace(/\{([^{}]+)\}/g, (_m, key: string) => {
    switch (key) {
      case 'credential': return credentialLabel(d.credential);
      case 'credential.type': return TYPE_LABEL[d.credential.type];
      case 'credential.name': return d.credential.name ?? '(unnamed)';
      case 'workflow': return WORKFLOW_LABEL[d.workflow];
      case 'endpoint': return endpointLabel(d.workflow, d.endpoint);
      case 'endpoint.path': return d.endpoint?.path ?? '(unknown path)';
      case 'accounts': return (d.accounts ?? []).join(', ');
      case 'account-count': return String(d.accounts?.length ?? 0);
      case 'token-type': return d.tokenType ?? 'the right token type';
      case 'endpoint.host': return d.endpoint?.host ?? '(unknown host)';
      case 'own-host': return d.ownHost?.host ?? '(unknown host)';
      case 'own-host-at': return d.ownHost ? `${d.ownHost.file}:${d.ownHost.line}` : '(unknown place)';
      default: return `{${key}}`;
    }
  });
  return /^dbt\b/.test(text) ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

function recommendation(rule: RuleDefinition, workflow: Workflow, workflowType: RecommendedTokenType | undefined, credential: CredentialFact): Finding['recommendation'] {
  const r = rule.recommendation;
  const tokenType = r.tokenType === 'workflow' ? workflowType : r.tokenType === 'none' ? undefined : r.tokenType;
  const text = (!credential.name && r.ifUnnamed) || r.byWorkflow.get(workflow) || r.text;
  return tokenType ? { tokenType, text } : { text };
}

export function effectiveRules(rules: readonly RuleDefinition[], config: Config, only?: ReadonlySet<string>): { rule: RuleDefinition; severity: Severity }[] {
  const out: { rule: RuleDefinition; severity: Severity }[] = [];
  for (const rule of rules) {
    if (only && !only.has(rule.id)) continue;
    const setting = config.rules.get(rule.id);
    if (setting === 'off') continue;
    out.push({ rule, severity: setting ?? rule.severity });
  }
  return out;
}

function base(rule: RuleDefinition, severity: Severity, file: string, span: Span): Pick<RawFinding, 'ruleId' | 'severity' | 'file' | 'line' | 'column' | 'endLine' | 'endColumn'> {
  const loc: Pick<RawFinding, 'ruleId' | 'severity' | 'file' | 'line' | 'column' | 'endLine' | 'endColumn'> = { ruleId: rule.id, severity, file, line: span.line, column: span.column };
  if (span.endLine !== undefined && span.endColumn !== undefined) {
    loc.endLine = span.endLine;
    loc.endColumn = span.endColumn;
  }
  return loc;
}

const publicCredential = (c: CredentialFact, file: string, span: Span): Finding['credential'] => {
  const out: Finding['credential'] = { type: c.type, source: c.source, evidence: c.evidence };
  // Only evidence found somewhere else than the reported line is located (the contract's evidenceAt).
  if (c.evidenceAt && (c.evidenceAt.file !== file || c.evidenceAt.line !== span.line)) out.evidenceAt = { ...c.evidenceAt };
  if (c.name) out.name = c.name;
  if (c.redacted) out.redacted = c.redacted;
  return out;
};

/**
 * The findings of the active rules. A rule that fails on a site (a bug: rules are data) costs that
 * site only, and is reported in `errors` with the rule and the file; under DTS_STRICT=1 the error
 * is rethrown, naming both.
 */
export function evaluate(
  active: readonly { rule: RuleDefinition; severity: Severity }[],
  callSites: readonly ClassifiedCallSite[],
  tokenSites: readonly ClassifiedTokenSite[],
  errors: ScanError[],
  /** How a message shows another file's path (src/scan/scan.ts, ScanOptions.shownFrom). */
  shownPath: (file: string) => string = (file) => file,
): RawFinding[] {
  const findings: RawFinding[] = [];
  const crashed = (e: unknown, rule: RuleDefinition, file: string): void => {
    rethrowIfStrict(e, `rule ${rule.id} on ${file}`);
    errors.push({ file, message: internalErrorMessage(`rule ${rule.id}`, e, 'its findings in this file may be missing') });
  };
  for (const { rule, severity } of active) {
    if (rule.fact === 'call-site') {
      for (const c of callSites) {
        try {
          if (!holds(rule.when, (f) => callSiteField(c, f))) continue;
          findings.push(callSiteFinding(rule, severity, c, shownPath));
        } catch (e) {
          crashed(e, rule, c.file);
        }
      }
    } else if (rule.fact === 'token-site') {
      for (const t of tokenSites) {
        try {
          if (!holds(rule.when, (f) => tokenSiteField(t, f))) continue;
          findings.push({
            ...base(rule, severity, t.file, t.span),
            message: fill(rule.message, { credential: t.credential, workflow: t.workflow }),
            workflow: t.workflow,
            production: t.production,
            credential: publicCredential(t.credential, t.file, t.span),
            recommendation: recommendation(rule, t.workflow, t.recommendedTokenType, t.credential),
          });
        } catch (e) {
          crashed(e, rule, t.file);
        }
      }
    } else {
      try {
        findings.push(...sharedCredentialFindings(rule, severity, callSites, shownPath));
      } catch (e) {
        // A rule over the call sites of several files: named at the first of them.
        crashed(e, rule, callSites[0]?.file ?? '.');
      }
    }
  }
  return findings;
}

function callSiteFinding(
  rule: RuleDefinition,
  severity: Severity,
  c: ClassifiedCallSite,
  shownPath: (file: string) => string,
  accounts?: readonly string[],
): RawFinding {
  const ownHost = c.ownHost && { ...c.ownHost, file: shownPath(c.ownHost.file) };
  const f: RawFinding = {
    ...base(rule, severity, c.file, c.span),
    message: fill(rule.message, { credential: c.credential, workflow: c.workflow, endpoint: c.endpoint, accounts, tokenType: c.recommendedTokenType, ownHost }),
    workflow: c.workflow,
    production: c.production,
    credential: publicCredential(c.credential, c.file, c.span),
    recommendation: recommendation(rule, c.workflow, c.recommendedTokenType, c.credential),
  };
  if (c.endpoint) f.endpoint = c.endpoint;
  return f;
}

/** One credential (same literal value, or same secret/env name) used with several account ids. */
function sharedCredentialFindings(
  rule: RuleDefinition,
  severity: Severity,
  callSites: readonly ClassifiedCallSite[],
  shownPath: (file: string) => string,
): RawFinding[] {
  const groups = new Map<string, ClassifiedCallSite[]>();
  for (const c of callSites) {
    if (!c.credential.identity || !holds(rule.when, (f) => callSiteField(c, f))) continue;
    const g = groups.get(c.credential.identity) ?? [];
    g.push(c);
    groups.set(c.credential.identity, g);
  }
  const out: RawFinding[] = [];
  for (const group of groups.values()) {
    const accounts = [...new Set(group.flatMap((c) => c.accountIds))].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
    if (accounts.length < (rule.minAccounts ?? 2)) continue;
    for (const c of group) if (c.accountIds.length) out.push(callSiteFinding(rule, severity, c, shownPath, accounts));
  }
  return out;
}
