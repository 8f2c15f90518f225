// The limits of the file being extracted (src/facts/limits.ts): its time budget, and the cuts
// made to it. Files are extracted one at a time in a thread, so both are this thread's: the core
// starts them before an adapter runs; parsers and the loops of adapters over steps, instructions
// or calls stop once the budget is spent, scanners that stop collecting at a cap say so with
// `noteCut`, and the core reports each cut as an `errors` entry of the file. Unstarted (unit
// tests of an adapter), the budget is never spent and cuts are dropped.
//
// The budget is spent when both the wall-clock time and the CPU time of the process since the
// start exceed it: a file is cut for what it costs, not because the machine is busy with other
// work (a CI runner shared with other jobs, or the scan's own reader threads).

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/**
 * The CPU time at a budget's start, read again at most every few milliseconds: a budget starts for
 * every file and every parse (thousands a scan), and the system call costs more than many a parse
 * of a small file. A reading up to CPU_SAMPLE_MS old starts the CPU budget at most that long
 * early (times the threads), against budgets of seconds.
 */
const CPU_SAMPLE_MS = 100;
let sampledCpu = 0;
let sampledAt = Number.NEGATIVE_INFINITY;
const cpuAtStart = (now: number): number => {
  if (now - sampledAt > CPU_SAMPLE_MS) {
    sampledCpu = cpuNow();
    sampledAt = now;
  }
  return sampledCpu;
};

/** A time budget spent once both its wall-clock and its CPU time have run out. */
export class TimeBudget {
  private readonly deadline: number;
  private readonly cpuDeadline: number;
  private nextCpuCheck = 0;

  constructor(ms: number) {
    const now = performance.now();
    this.deadline = now + ms;
    this.cpuDeadline = cpuAtStart(now) + ms * 1000;
  }

  spent(): boolean {
    // The clock first, and the CPU time (a system call) at most every few milliseconds.
    const now = performance.now();
    if (now <= this.deadline || now < this.nextCpuCheck) return false;
    if (cpuNow() <= this.cpuDeadline) {
      this.nextCpuCheck = now + 5;
      return false;
    }
    return true;
  }
}

let budget: TimeBudget | undefined;
let overran = false;
let cuts: Set<string> | undefined;

/** Starts the budget of the next file. */
export function startExtraction(budgetMs: number): void {
  budget = new TimeBudget(budgetMs);
  overran = false;
  cuts = new Set();
}

/** Ends the file's budget: whether some work stopped because it was spent, and the cuts noted. */
export function endExtraction(): { overran: boolean; cuts: string[] } {
  const out = { overran, cuts: [...(cuts ?? [])] };
  budget = undefined;
  overran = false;
  cuts = undefined;
  return out;
}

/** Whether the file's budget is spent; an adapter that asks and stops is reported as cut. */
export function pastDeadline(): boolean {
  if (!budget?.spent()) return false;
  overran = true;
  return true;
}

/** Records what a cap cut in this file (see `cutMessage` in src/facts/limits.ts). Never quotes source. */
export function noteCut(message: string): void {
  cuts?.add(message);
}
