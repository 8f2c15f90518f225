// The limits of the file being extracted (src/facts/limits.ts): its time budget, and the cuts
// made to it. Files are extracted one at a time in a thread, so both are this thread's: the core
// starts them before an adapter runs; parsers and the loops of adapters over steps, instructions
// or calls stop once the deadline has passed, scanners that stop collecting at a cap say so with
// `noteCut`, and the core reports each cut as an `errors` entry of the file. Unstarted (unit
// tests of an adapter), the deadline never passes and cuts are dropped.

let deadline = Number.POSITIVE_INFINITY;
let overran = false;
let cuts: Set<string> | undefined;

/** Starts the budget of the next file. */
export function startExtraction(budgetMs: number): void {
  deadline = performance.now() + budgetMs;
  overran = false;
  cuts = new Set();
}

/** Ends the file's budget: whether some work stopped at the deadline, and the cuts noted. */
export function endExtraction(): { overran: boolean; cuts: string[] } {
  const out = { overran, cuts: [...(cuts ?? [])] };
  deadline = Number.POSITIVE_INFINITY;
  overran = false;
  cuts = undefined;
  return out;
}

/** Whether the budget has passed; an adapter that asks and stops is reported as cut. */
export function pastDeadline(): boolean {
  if (performance.now() <= deadline) return false;
  overran = true;
  return true;
}

/** What is left of the budget, at most `cap` ms (a parser's own budget), at least 1 ms. */
export function remainingMs(cap: number): number {
  return Math.max(1, Math.min(cap, deadline - performance.now()));
}

/** Records that work stopped at the deadline without asking first (a parser cancelled by time). */
export function noteOverran(): void {
  if (performance.now() > deadline) overran = true;
}

/** Records what a cap cut in this file (see `cutMessage` in src/facts/limits.ts). Never quotes source. */
export function noteCut(message: string): void {
  cuts?.add(message);
}
