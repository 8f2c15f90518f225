import { afterEach, describe, expect, it } from 'vitest';
import { shareCpuWith, TimeBudget } from '../src/adapters/extraction-limits.js';

// A file's budget is spent by what the file costs, not by what the scan's other threads do at the
// same time: with the process's CPU time shared among N threads, the CPU half of the budget is N
// times as long.

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Runs this thread until the process has used `ms` of CPU time and at least `wallMs` have passed. */
function burn(ms: number, wallMs: number): void {
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  let x = 0;
  while (cpuMs() - cpu0 < ms || performance.now() - wall0 < wallMs) x += Math.sqrt(x + 1);
  expect(x).toBeGreaterThan(0);
}

const settle = (): Promise<void> => new Promise((done) => setTimeout(done, 150));

afterEach(() => shareCpuWith(1));

describe('extraction time budget', () => {
  it('is spent once both its wall-clock and its CPU time are over, on a scan of one thread', async () => {
    shareCpuWith(1);
    await settle();
    const budget = new TimeBudget(30);
    burn(60, 40);
    expect(budget.spent()).toBe(true);
  });

  it("is not spent while the process's CPU time is within the budget times the scan's threads", async () => {
    shareCpuWith(64);
    await settle();
    const budget = new TimeBudget(30);
    burn(60, 40);
    // 40 ms of wall-clock time is over the budget; 60 ms of CPU time is far from 64 × 30 ms.
    expect(budget.spent()).toBe(false);
  });

  it('counts at least one thread, whatever it is told', async () => {
    shareCpuWith(0);
    await settle();
    const budget = new TimeBudget(30);
    burn(60, 40);
    expect(budget.spent()).toBe(true);
  });
});
