import { describe, expect, it } from 'vitest';
import type { CredentialFact } from '../src/model/extracted.js';
import { DEFAULT_CONFIG } from '../src/config/config.js';
import { type Workflow, WORKFLOWS } from '../src/model/vocabulary.js';
import type { ClassifiedCallSite, ClassifiedTokenSite, Endpoint } from '../src/model/classified.js';
import { effectiveRules, evaluate } from '../src/rules/evaluate.js';
import { loadRules } from '../src/rules/load-rules.js';

// Every rule's message and recommendation, for every workflow and every kind of credential, read
// as English: identifiers and brands keep their case, workflows are prose, nothing is doubled,
// and no advice asks to declare a name the credential does not have.

const TYPES = ['legacy-user-api-key', 'pat', 'service-token', 'unknown'] as const;
const CREDENTIALS = (type: CredentialFact['type']): CredentialFact[] => [
  { type, source: 'env', evidence: 'name', name: 'DBT_CLOUD_API_KEY', identity: 'env:DBT_CLOUD_API_KEY' },
  { type, source: 'secret', evidence: 'name', name: 'DBT_TOKEN' },
  { type, source: 'variable', evidence: 'format', name: 'self.dbt_cloud_api_key' },
  { type, source: 'config', evidence: 'name', name: 'dbt_cloud_default' },
  { type, source: 'unknown', evidence: 'none', name: 'self.dbt_cloud_api_key' },
  { type, source: 'unknown', evidence: 'none' },
  { type, source: 'literal', evidence: 'format', redacted: 'dbtu_…AbCd', committed: true },
];
const ENDPOINTS: (Endpoint | undefined)[] = [
  { host: 'cloud.getdbt.com', path: '/api/v2/accounts/', api: 'admin-v2' },
  { host: 'cloud.getdbt.com', path: '/api/v2/private/thing/', api: 'unknown' },
  { host: 'ab123.us1.dbt.com', path: '/api/v3/accounts/1/service-tokens/', api: 'admin-v3' },
  { host: 'cloud.getdbt.com', api: 'unknown' },
  undefined,
];
const PRODUCTION: ReadonlySet<Workflow> = new Set(['ci-cd', 'orchestrator', 'terraform-production', 'application', 'partner-integration']);

/** Forms that must never appear in a message or recommendation. */
const FORBIDDEN: [RegExp, string][] = [
  [/\bDbt\b/, 'dbt is written in lower case'],
  [/\bSelf\./, 'an identifier was sentence-cased'],
  [/\bproduction (?:terraform-production|ci-cd|orchestrator|application|partner-integration)\b/, 'a workflow id doubled with "production"'],
  [
    /\b(?:ci-cd|terraform-production|terraform-staging|partner-integration|user-context-endpoint|cloud-cli)\b/,
    'a workflow id where prose belongs',
  ],
  [/\{[a-z.-]+\}/, 'an unfilled placeholder'],
  [/\(unnamed\)|undefined|null/, 'a missing value shown as text'],
  [/\s{2,}|\s[,;]|\s\.(?!\w)/, 'stray spacing'],
  [/\b(\w+) \1\b/i, 'a doubled word'],
];

describe('finding messages read as English', () => {
  it('for every rule, workflow, credential kind and endpoint', async () => {
    const rules = await loadRules();
    const active = effectiveRules(rules, DEFAULT_CONFIG);
    const calls: ClassifiedCallSite[] = [];
    const tokens: ClassifiedTokenSite[] = [];
    let line = 0;
    for (const workflow of WORKFLOWS) {
      for (const type of TYPES) {
        for (const credential of CREDENTIALS(type)) {
          for (const endpoint of ENDPOINTS) {
            calls.push({
              file: 'x',
              span: { line: ++line, column: 1 },
              kind: 'http',
              endpoint,
              credential,
              workflow,
              production: PRODUCTION.has(workflow),
              recommendedTokenType: PRODUCTION.has(workflow) ? 'service-token' : 'pat',
              accountIds: [String(line % 3)],
              documented: endpoint?.path?.includes('private') ? 'no' : 'yes',
              accountListing: endpoint?.path === '/api/v2/accounts/',
              userContext: workflow === 'user-context-endpoint',
              ...(endpoint?.path?.includes('service-tokens') ? { createsServiceToken: true } : {}),
              ...(endpoint?.host === 'cloud.getdbt.com'
                ? { ownHost: { host: 'ab123.us1.dbt.com', file: 'scripts/mint.py', line: 6 } }
                : {}),
            });
          }
          tokens.push({
            file: 'x',
            span: { line: ++line, column: 1 },
            credential,
            committed: true,
            workflow,
            production: PRODUCTION.has(workflow),
          });
        }
      }
    }
    const errors: { file: string; message: string }[] = [];
    const findings = evaluate(active, calls, tokens, errors);
    expect(errors).toEqual([]);
    const ruleIds = new Set(findings.map((f) => f.ruleId));
    expect([...ruleIds].sort()).toEqual(rules.map((r) => r.id).sort());
    for (const f of findings) {
      for (const text of [f.message, f.recommendation.text]) {
        for (const [form, why] of FORBIDDEN) expect(text, `${f.ruleId}: ${why}`).not.toMatch(form);
        expect(text, f.ruleId).toMatch(/^[A-Zd]/);
        expect(text, f.ruleId).toMatch(/[.!]$/);
      }
      if (!f.credential.name)
        expect(f.recommendation.text, `${f.ruleId} asks to declare a name the credential lacks`).not.toMatch(/declare|secret's name/);
    }
  });
});
