import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/fixture-cases.js';
import { runCli } from './helpers/run-cli.js';

// The demo repository of the README, through the built CLI as a user runs it. The goldens pin the
// wording users read (messages, recommendations, summaries); UPDATE_FIXTURES=1 rewrites them.

const DEMO = join(FIXTURES, 'demo');
const GOLDEN = join(FIXTURES, 'e2e');

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_FIXTURES === '1' && !process.env.CI) writeFileSync(file, actual);
  expect(existsSync(file), `${file} is missing (UPDATE_FIXTURES=1 npm test writes it)`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('demo repository', () => {
  it('text report, exit 1', () => {
    const r = runCli(['scan'], DEMO);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    golden('demo.expected.txt', r.stdout);
  });

  it('json report (durationMs blanked)', () => {
    // Named, so that the golden does not depend on the remote of the checkout the suite runs in.
    const r = runCli(['scan', '--format', 'json', '--repository', 'acme/analytics'], DEMO);
    golden('demo.expected.json', r.stdout.replace(/"durationMs": [0-9.]+/, '"durationMs": 0'));
  });

  it('markdown report and inventory', () => {
    golden('demo.expected.md', runCli(['scan', '--format', 'markdown'], DEMO).stdout);
    const inv = runCli(['inventory'], DEMO);
    expect(inv.status).toBe(0);
    golden('demo.inventory.expected.md', inv.stdout);
  });

  it('github annotations', () => {
    golden('demo.expected.github.txt', runCli(['scan', '--format', 'github'], DEMO).stdout);
  });
});
