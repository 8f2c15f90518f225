import type { RuleInfo } from '../model/report.js';
import type { RuleId, Severity } from '../model/vocabulary.js';
import type { RuleDefinition } from './rule-schema.js';

/** Where the project lives; its README documents every rule under a heading named by the rule id. */
export const PROJECT_URI = 'https://github.com/dbt-token-scan/dbt-token-scan';

/** A rule's documentation: the README heading `#### \`<id>\`` has the anchor `#<id>`. */
const ruleHelpUri = (id: RuleId): string => `${PROJECT_URI}#${id}`;

/** The rules a run applied, as a report lists them (ids, severities, documentation, SARIF metadata). */
export const reportedRules = (active: readonly { rule: RuleDefinition; severity: Severity }[]): RuleInfo[] =>
  active.map(({ rule, severity }) => ({
    id: rule.id,
    severity,
    summary: rule.summary,
    why: rule.docs.why,
    fix: rule.docs.fix,
    helpUri: ruleHelpUri(rule.id),
    securitySeverity: rule.sarif.securitySeverity,
    precision: rule.sarif.precision,
    tags: rule.sarif.tags,
  }));
