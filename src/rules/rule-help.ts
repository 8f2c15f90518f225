import type { RuleId } from '../model/vocabulary.js';

/** Where the project lives; its README documents every rule under a heading named by the rule id. */
export const PROJECT_URI = 'https://github.com/dbt-token-scan/dbt-token-scan';

/** A rule's documentation: the README heading `#### \`<id>\`` has the anchor `#<id>`. */
export const ruleHelpUri = (id: RuleId): string => `${PROJECT_URI}#${id}`;
