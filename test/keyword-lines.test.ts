import { describe, expect, it } from 'vitest';
import { auditRepository } from '../src/audit/keyword-lines.js';
import { redactText } from '../src/findings/redact.js';
import { fixtureFiles, fixtureRoots } from './helpers/fixture-facts.js';

describe('keyword-line audit over the fixtures', () => {
  it('accounts for every keyword line', async () => {
    const problems: string[] = [];
    const counts = new Map<string, number>();
    for (const root of fixtureRoots()) {
      const files = await fixtureFiles(root);
      const audit = auditRepository(files);
      for (const f of files) {
        const lines = f.text.split('\n');
        for (const k of audit.get(f.path) ?? []) {
          const key = k.outcome.status === 'non-site' ? k.outcome.reason : k.outcome.status === 'fact' ? `fact:${k.outcome.fact}${k.outcome.statement ? '+statement' : ''}` : 'unaccounted';
          counts.set(key, (counts.get(key) ?? 0) + 1);
          if (process.env.AUDIT_DUMP) console.log(`${key}\t${f.root}/${f.path}:${k.line}\t${redactText(lines[k.line - 1] ?? '').trim().slice(0, 140)}`);
          if (k.outcome.status === 'unaccounted') problems.push(`${f.root}/${f.path}:${k.line} [${f.adapter ?? 'no adapter'}] ${k.mentions.join(',')}: ${redactText(lines[k.line - 1] ?? '').trim().slice(0, 160)}`);
        }
      }
    }
    console.log([...counts].sort().map(([k, v]) => `${k} ${v}`).join('\n'));
    expect(problems).toEqual([]);
  }, 120_000);
});
