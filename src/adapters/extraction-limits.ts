import { internalErrorMessage, strictMode, type ErrorKind } from '../errors.js';

// The limits of the file being extracted (src/facts/limits.ts): its time budget, and the cuts
// made to it. Files are extracted one at a time in a thread, so both are this thread's: the core
// starts them before an adapter runs; parsers and the loops of adapters over steps, instructions
// or calls stop once the budget is spent, scanners that stop collecting at a cap say so with
// `noteCut`, and the core reports each cut as an `errors` entry of the file. Unexpected errors an
// adapter recovers from (`caughtExpected`) are reported the same way. Unstarted (unit tests of an
// adapter), the budget is never spent and cuts are dropped.
//
// The budget is spent when both the wall-clock time and the CPU time of the process since the
// start exceed it: a file is cut for what it costs, not because the machine is busy with other
// work (a CI runner shared with other jobs, or the scan's own reader threads). Node 20 measures
// CPU time only for the whole process, so while the scan's threads run side by side the CPU
// budget is the budget times their number (`shareCpuWith`): else a file near its budget would be
// cut or not by what the other threads were doing, and two runs of one scan could differ.

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

/** Threads of this scan that may be using the CPU at once, this one included. */
let cpuSharers = 1;

/** Called once per thread of a scan with the scan's thread count (1 when it runs alone). */
export function shareCpuWith(threads: number): void {
  cpuSharers = Math.max(1, Math.floor(threads));
}

/** A time budget spent once both its wall-clock and its CPU time have run out. */
export class TimeBudget {
  private readonly deadline: number;
  private readonly cpuDeadline: number;
  private nextCpuCheck = 0;

  constructor(ms: number) {
    const now = performance.now();
    this.deadline = now + ms;
    this.cpuDeadline = cpuAtStart(now) + ms * 1000 * cpuSharers;
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
let adapter: string | undefined;
/**
 * For tests (DTS_TEST_ADAPTER_FAULT=path): the extraction of that file meets an unexpected error at
 * its first deadline check, inside the adapter, as a bug would (DTS_TEST_WORKER_FAULT's twin).
 */
const FAULT_ON = process.env.DTS_TEST_ADAPTER_FAULT;
let fault = false;

/** Starts the budget of the next file, `file.path`, which the adapter `file.adapter` extracts. */
export function startExtraction(budgetMs: number, file?: { adapter: string; path: string }): void {
  budget = new TimeBudget(budgetMs);
  overran = false;
  cuts = new Set();
  adapter = file?.adapter;
  fault = FAULT_ON !== undefined && file?.path === FAULT_ON;
}

/** Ends the file's budget: whether some work stopped because it was spent, and the cuts noted. */
export function endExtraction(): { overran: boolean; cuts: string[] } {
  const out = { overran, cuts: [...(cuts ?? [])] };
  budget = undefined;
  overran = false;
  cuts = undefined;
  adapter = undefined;
  fault = false;
  return out;
}

/** Whether the file's budget is spent; an adapter that asks and stops is reported as cut. */
export function pastDeadline(): boolean {
  if (fault) {
    fault = false;
    throw new TypeError('fault injected for a test');
  }
  if (!budget?.spent()) return false;
  overran = true;
  return true;
}

/** Records what a cap cut in this file (see `cutMessage` in src/facts/limits.ts). Never quotes source. */
export function noteCut(message: string): void {
  cuts?.add(message);
}

/**
 * For a catch inside an adapter that expects errors of `kinds` only (src/errors.ts): true for
 * those. Anything else is a bug: rethrown under DTS_STRICT=1, else noted as an `errors` entry of
 * the file naming the adapter and the error's class (false), and the adapter reads on as it can.
 */
export function caughtExpected(e: unknown, ...kinds: readonly ErrorKind[]): boolean {
  if (kinds.some((is) => is(e))) return true;
  // Named with the adapter and the file where the extraction began (src/scan/process-file.ts).
  if (strictMode()) throw e;
  cuts?.add(internalErrorMessage(`the ${adapter ?? 'unknown'} adapter`, e, 'facts of this file may be missing'));
  return false;
}
