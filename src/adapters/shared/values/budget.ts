// What an evaluator may spend resolving values, so that hostile input (chains of a hundred
// thousand assignments, call graphs that fan out, strings built in a loop of joins) stays cheap.
// Past a limit a value is unknown, never an error. Each language sets its own limits beside its
// evaluator; the file's time budget (../extraction-limits.ts) stops them all.

/** Each limit left out is no limit. */
export interface ValueLimits {
  /** Evaluation steps (one per expression evaluated) the budget allows. */
  readonly steps?: number;
  /** Evaluations nested inside one another (a binding's value through the bindings it names). */
  readonly depth?: number;
  /** Parts of one resolved string. */
  readonly parts?: number;
  /** Characters of one resolved string (a reference counts its name and braces). */
  readonly chars?: number;
}

const NONE = Number.POSITIVE_INFINITY;

/** Whether a string of `parts` parts and `chars` characters may take one more part. */
export function fits(limits: ValueLimits, parts: number, chars = 0): boolean {
  return parts < (limits.parts ?? NONE) && chars <= (limits.chars ?? NONE);
}

/** One evaluation's (or one file's) spending against its limits. */
export class EvalBudget {
  steps = 0;
  /** Evaluations in progress, one inside another (for evaluators that count it here: `enter`, `leave`). */
  nesting = 0;
  /** Evaluations a limit cut short: results computed meanwhile may be partial, and are not to be cached. */
  cut = 0;
  private maxSteps: number;

  constructor(readonly limits: ValueLimits) {
    this.maxSteps = limits.steps ?? NONE;
  }

  /** Takes one step; false (a cut) once the steps are spent. */
  step(): boolean {
    if (++this.steps <= this.maxSteps) return true;
    this.cut++;
    return false;
  }

  /** Whether an evaluation `depth` levels below the first may go on; false (a cut) past the depth limit. */
  within(depth: number): boolean {
    if (depth < (this.limits.depth ?? NONE)) return true;
    this.cut++;
    return false;
  }

  /** Takes a step into an evaluation nested in the ones in progress; when true, `leave` ends it. */
  enter(): boolean {
    if (!this.step() || !this.within(this.nesting)) return false;
    this.nesting++;
    return true;
  }

  leave(): void {
    this.nesting--;
  }

  /** Whether a string of `parts` parts and `chars` characters may take one more part. */
  fits(parts: number, chars = 0): boolean {
    return fits(this.limits, parts, chars);
  }

  /** Whether less than `share` of the steps is spent (warm-up work yields to the evaluations that matter). */
  below(share: number): boolean {
    return this.steps <= this.maxSteps * share;
  }

  /** Spends every step left: the file's time is up, and every further evaluation is cut. */
  exhaust(): void {
    this.maxSteps = this.steps;
  }
}
