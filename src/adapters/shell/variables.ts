import type { CiExpression } from './ci-expressions.js';
import { MARKER_NAME } from './ci-expressions.js';
import type { EnvBinding } from '../shared/values/binding.js';
import type { Part, Word } from './words.js';
import { boundCredential, isVariable, variable } from './words.js';
import { firstAtOrAfter } from '../offset-search.js';
import type { Span } from '../../model/raw-facts.js';
import { EvalBudget } from '../shared/values/budget.js';

/** `NAME=value` written in the script, with its value before resolution. */
export interface Assignment {
  name: string;
  at: number;
  value: Word;
}

/** Resolution stops this many variables deep (`A=$B`, `B=$C`, …) and at this many parts. */
const LIMITS = { depth: 8, parts: 256 };

type VariablePart = Extract<Part, { kind: 'reference' }>;

/** What the shell itself sets from the script's input: getopts' `OPTARG`, `read`'s `REPLY`. */
const RUN_TIME_INPUT: ReadonlySet<string> = new Set(['OPTARG', 'REPLY']);

/**
 * The variables of one script: its own assignments, then the bindings of the surrounding file
 * (a CI job's `env:`), then the masked CI expressions. Anything else stays a reference to the
 * environment variable of that name.
 */
export class VariableScope {
  private readonly byName = new Map<string, Assignment[]>();
  private readonly budget = new EvalBudget(LIMITS);

  constructor(
    private readonly env: ReadonlyMap<string, EnvBinding>,
    private readonly expressions: ReadonlyMap<string, CiExpression>,
  ) {}

  private readonly arrays = new Map<string, { at: number; elements: Word[] }[]>();

  /** `AUTH=(-H "Authorization: Token $T")`: an array, whose `"${AUTH[@]}"` is its words. */
  addArray(name: string, at: number, elements: Word[]): void {
    const list = this.arrays.get(name);
    if (list) list.push({ at, elements });
    else this.arrays.set(name, [{ at, elements }]);
  }

  /** The words of the array NAME as assigned last before `at` (else first), if the script assigns it. */
  arrayAt(name: string, at: number): Word[] | undefined {
    const list = this.arrays.get(name);
    if (!list) return undefined;
    const lo = firstAtOrAfter(list, at, (a) => a.at);
    return (lo > 0 ? list[lo - 1] : list[0])!.elements;
  }

  private readonly loops = new Map<string, { from: number; to: number; values: string[] }[]>();

  /** `for account in 51798 61234; do … done`: the literal values NAME takes between `from` and `to`. */
  addLoop(name: string, from: number, to: number, values: string[]): void {
    const list = this.loops.get(name);
    if (list) list.push({ from, to, values });
    else this.loops.set(name, [{ from, to, values }]);
  }

  /**
   * The literal values the loop around `at` gives NAME, if a loop over literals does; else those
   * the job's runs give it when its surroundings bind NAME from a CI matrix (`${{ matrix.account }}`).
   */
  loopValuesAt(name: string, at: number): readonly string[] | undefined {
    const loop = this.loops.get(name)?.find((l) => l.from <= at && at < l.to)?.values;
    if (loop || this.byName.has(name)) return loop;
    const b = this.env.get(name);
    return b && 'runs' in b ? b.runs : undefined;
  }

  add(a: Assignment): void {
    const list = this.byName.get(a.name);
    if (list) list.push(a);
    else this.byName.set(a.name, [a]);
  }

  /** Whether the script itself assigns NAME. */
  assigns(name: string): boolean {
    return this.byName.has(name);
  }

  /** Whether the script or its surroundings give NAME a value (used for tools that read env vars). */
  binds(name: string, local?: ReadonlyMap<string, Assignment>): boolean {
    return local?.has(name) === true || this.byName.has(name) || this.env.has(name);
  }

  /** Every name the script or its surroundings give a value (for tools that read env vars by pattern). */
  boundNames(local?: ReadonlyMap<string, Assignment>): Set<string> {
    return new Set([...(local?.keys() ?? []), ...this.byName.keys(), ...this.env.keys()]);
  }

  /**
   * The assignment in effect at `at`: the last one before it. When all come later (a function
   * defined above the assignments it uses), the first one.
   */
  private lookup(name: string, at: number): Assignment | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    // Assignments are added in document order: binary search for the last one before `at`.
    const lo = firstAtOrAfter(list, at, (a) => a.at);
    return lo > 0 ? list[lo - 1] : list[0];
  }

  /** Replaces variables by what they hold, as far as the script and its surroundings tell. */
  resolve(word: Word, at: number, local?: ReadonlyMap<string, Assignment>): Word {
    const out: Word = [];
    this.resolveInto(word, at, local, 0, new Set(), out);
    return out;
  }

  private resolveInto(
    word: Word,
    at: number,
    local: ReadonlyMap<string, Assignment> | undefined,
    depth: number,
    active: Set<Assignment>,
    out: Word,
  ): void {
    for (const p of word) {
      if (!this.budget.fits(out.length)) return;
      if (!isVariable(p)) {
        out.push(p);
        continue;
      }
      this.resolveVar(p, at, local, depth, active, out);
    }
  }

  private resolveVar(
    p: VariablePart,
    at: number,
    local: ReadonlyMap<string, Assignment> | undefined,
    depth: number,
    active: Set<Assignment>,
    out: Word,
  ): void {
    if (MARKER_NAME.test(p.name)) {
      const e = this.expressions.get(p.name);
      if (e?.kind === 'reference') {
        if (e.binding) out.push({ ...e, at: p.at });
        else this.resolveFromEnv(variable(e.name, p.at), out);
      } else out.push({ kind: 'unknown', at: p.at, name: e?.name });
      return;
    }
    if (/^_+$/.test(p.name)) {
      out.push({ kind: 'unknown', at: p.at });
      return;
    }
    if (p.otherwise !== undefined && this.readsOtherwise(p, local)) {
      this.resolveVar(variable(p.otherwise, p.at), at, local, depth + 1, active, out);
      return;
    }
    const a = local?.get(p.name) ?? this.lookup(p.name, at);
    if (a && this.budget.within(depth) && !active.has(a)) {
      active.add(a);
      const inner: Word = [];
      this.resolveInto(a.value, a.at, undefined, depth + 1, active, inner);
      active.delete(a);
      // What the assignment holds came through p: text is held by it, an unknown value named after it.
      for (const q of inner) {
        if (q.kind === 'literal') out.push(q.holder ? q : { ...q, holder: p.name });
        else if (q.kind === 'unknown') out.push(q.via ? q : { ...q, name: p.name, via: p.name });
        // `h) HOST="$OPTARG"`: an option's value, known at run time only, named by the variable it is kept in.
        else if (isVariable(q) && RUN_TIME_INPUT.has(q.name)) out.push({ kind: 'unknown', at: q.at, name: p.name, via: p.name });
        else out.push(q);
      }
      return;
    }
    this.resolveFromEnv(p, out);
  }

  /**
   * `${A:-${B}}` reads B when nothing here sets A but something sets B (a CI step giving only the
   * PAT). With neither set it stays A, carrying B: a CI file running the script may set either.
   */
  private readsOtherwise(p: VariablePart, local: ReadonlyMap<string, Assignment> | undefined): boolean {
    return !this.binds(p.name, local) && this.binds(p.otherwise!, local);
  }

  /**
   * A name the script does not set, looked up in the surrounding file's bindings. A bound value
   * that names another variable (GitLab's `DBT_TOKEN: $OTHER`, GitHub's `${{ env.X }}`) is
   * followed a few steps.
   */
  private resolveFromEnv(p: VariablePart, out: Word, depth = 0): void {
    const b = this.env.get(p.name);
    if (!b) {
      out.push(p);
      return;
    }
    if ('credential' in b) {
      out.push(boundCredential(b.credential, p.at));
      return;
    }
    for (const q of b.value) {
      if (!this.budget.fits(out.length)) return;
      const span = q.span ?? b.span;
      if (q.kind === 'literal') out.push(withSpan({ kind: 'literal', text: q.text, at: p.at, holder: q.holder ?? p.name }, span));
      // An unknown piece keeps its own name (`${{ vars.ACCOUNT_ID }}` in `RUN_URL: https://…/accounts/${{ vars.ACCOUNT_ID }}/…`).
      else if (q.kind === 'unknown') out.push({ kind: 'unknown', at: p.at, name: q.name ?? p.name, via: p.name });
      else if (q.source !== 'env') out.push(withSpan({ ...q, at: p.at, binding: true }, span));
      else if (q.name !== p.name && this.budget.within(depth)) this.resolveFromEnv({ ...p, name: q.name }, out, depth + 1);
      else out.push({ kind: 'unknown', at: p.at, name: p.name });
    }
  }
}

/** `p` placed at `span` (a file position) when there is one. */
function withSpan<T extends Part>(p: T, span: Span | undefined): T {
  if (span) p.span = span;
  else delete p.span;
  return p;
}
