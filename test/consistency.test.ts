import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../src/adapters/registry.js';
import { loadRules } from '../src/rules/load-rules.js';
import { RULE_IDS } from '../src/model/vocabulary.js';
import { FIXTURES } from './helpers/fixture-cases.js';

// The rule id is the join key: rules/<id>.yml, fixtures/rules/<id>/, the README table, the
// `rules` command and the contract must all agree (ESLint's checkRuleFiles).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONTRACT_IDS = [
  'legacy-user-api-key',
  'pat-in-production',
  'hardcoded-token',
  'service-token-in-user-context',
  'account-listing-with-pat',
  'token-shared-across-accounts',
  'undocumented-endpoint',
  'unknown-token-in-production',
  'pat-creates-service-token',
  'legacy-host-for-cell-account',
];
const caseDirs = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);

describe('consistency', async () => {
  const rules = await loadRules();

  it('rules/ defines exactly the contract rule ids', () => {
    expect([...RULE_IDS].sort()).toEqual([...CONTRACT_IDS].sort());
    expect(rules.map((r) => r.id).sort()).toEqual([...CONTRACT_IDS].sort());
    const files = readdirSync(join(ROOT, 'rules'))
      .filter((f) => f.endsWith('.yml'))
      .map((f) => f.replace(/\.yml$/, ''));
    expect(files.sort()).toEqual([...CONTRACT_IDS].sort());
  });

  it('the contract severities are the rule defaults', () => {
    const severity = Object.fromEntries(rules.map((r) => [r.id, r.severity]));
    expect(severity).toEqual({
      'legacy-user-api-key': 'error',
      'pat-in-production': 'error',
      'hardcoded-token': 'error',
      'service-token-in-user-context': 'warning',
      'account-listing-with-pat': 'warning',
      'token-shared-across-accounts': 'warning',
      'undocumented-endpoint': 'warning',
      'unknown-token-in-production': 'note',
      'pat-creates-service-token': 'error',
      'legacy-host-for-cell-account': 'warning',
    });
  });

  for (const id of CONTRACT_IDS) {
    it(`${id} has positive and negative fixtures`, () => {
      expect(caseDirs(join(FIXTURES, 'rules', id, 'positive')).length).toBeGreaterThan(0);
      expect(caseDirs(join(FIXTURES, 'rules', id, 'negative')).length).toBeGreaterThan(0);
    });
  }

  for (const a of ADAPTERS) {
    it(`adapter ${a.id} has positive and negative fixtures`, () => {
      expect(caseDirs(join(FIXTURES, 'adapters', a.id, 'positive')).length).toBeGreaterThan(0);
      expect(caseDirs(join(FIXTURES, 'adapters', a.id, 'negative')).length).toBeGreaterThan(0);
    });
  }

  it('the README rule table matches the rule files', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const r of rules) {
      expect(readme, `README row for ${r.id}`).toContain(`| \`${r.id}\` | ${r.severity} | ${r.summary} |`);
      // SARIF helpUri points at this heading (GitHub's anchor for it is the bare id).
      expect(readme, `README heading for ${r.id}`).toContain(`\n#### \`${r.id}\`\n`);
      expect(readme, `README ranking of ${r.id}`).toContain(
        `Severity ${r.severity}, security-severity ${r.sarif.securitySeverity.toFixed(1)}, precision ${r.sarif.precision};`,
      );
    }
  });
});
