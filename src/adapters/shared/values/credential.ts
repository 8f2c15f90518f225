import type { RawCredential, Span } from '../../../model/raw-facts.js';
import { mergeLiterals, type LiteralOf, type Part } from './parts.js';

// A resolved value used as a token, as the credential reference of src/model/raw-facts.ts: a
// literal written in the file, or the reference (or unknown value) it is read from.

/** How an evaluator's parts say where they are written (each evaluator keeps its own positions). */
export interface Places<T extends Part> {
  /** The reported file's span where a part is written, if it is written in that file. */
  spanOf(part: T): Span | undefined;
  /** A literal part without its first `n` characters, placed where they start. */
  dropStart(part: LiteralOf<T>, n: number): LiteralOf<T>;
  /** Two literal parts next to each other as one piece of text, or undefined where they stay apart. */
  join(a: LiteralOf<T>, b: LiteralOf<T>): LiteralOf<T> | undefined;
  /** Where a value that starts with `part` is written, when that is not where the part itself is (`spanOf`). */
  startOf?(part: T): Span | undefined;
}

/** Parts that carry their file span as `span`: literal offsets are not positions. */
export const SPANNED: Places<Part> = {
  spanOf: (p) => p.span,
  dropStart: (p, n) => ({ ...p, text: p.text.slice(n) }),
  join: (a, b) => ({ ...a, text: a.text + b.text }),
};

/**
 * What a token of several parts, not all literal, stands for:
 * - 'reference': the first reference in it (`'Token ' + os.environ['X']`), else its first unknown part;
 * - 'first': its first part that is not literal, a reference or an unknown value alike;
 * - 'unknown': an unknown value, placed where it starts (only a token of one part names one).
 */
export type MixedToken = 'reference' | 'first' | 'unknown';

export interface TokenReading<T extends Part> extends Places<T> {
  mixed: MixedToken;
  /** Blank literal pieces among the others are not part of the token (`'ab' + ' ' + 'cd'` reads `abcd`). */
  dropBlanks?: boolean;
}

/**
 * The credential a value used as a token stands for; undefined for a blank value. Blanks around
 * it are not part of the token; an auth scheme in front of it is the caller's to strip.
 */
export function toCredential<T extends Part>(value: readonly T[], how: TokenReading<T>): RawCredential | undefined {
  const kept = how.dropBlanks ? value.filter((p) => p.kind !== 'literal' || p.text.trim() !== '') : value;
  const parts = trimmed(mergeLiterals(kept, how.join), how);
  const first = parts[0];
  if (!first) return undefined;
  if (parts.every((p) => p.kind === 'literal')) {
    const holder = (first as LiteralOf<T>).holder;
    const c: RawCredential = { source: 'literal', value: parts.map((p) => (p as LiteralOf<T>).text).join('') };
    if (holder !== undefined) c.name = holder;
    return placed(c, how.spanOf(first));
  }
  const chosen = parts.length === 1 ? first : chosenPart(parts, how.mixed);
  if (!chosen || chosen.kind === 'literal') return placed({ source: 'unknown' }, how.startOf ? how.startOf(first) : how.spanOf(first));
  return partCredential(chosen, how.spanOf(chosen));
}

/** `value` without blanks at its start and its end. */
function trimmed<T extends Part>(value: T[], how: Places<T>): T[] {
  let out = value;
  const first = out[0];
  if (first?.kind === 'literal') {
    const lead = first.text.length - first.text.trimStart().length;
    if (lead > 0) {
      const rest = how.dropStart(first as LiteralOf<T>, lead);
      out = rest.text === '' ? out.slice(1) : [rest, ...out.slice(1)];
    }
  }
  const last = out[out.length - 1];
  if (last?.kind === 'literal') {
    const text = last.text.trimEnd();
    if (text !== last.text) out = text === '' ? out.slice(0, -1) : [...out.slice(0, -1), { ...last, text }];
  }
  return out;
}

function chosenPart<T extends Part>(parts: readonly T[], mixed: MixedToken): T | undefined {
  switch (mixed) {
    case 'reference':
      return parts.find((p) => p.kind === 'reference') ?? parts.find((p) => p.kind === 'unknown');
    case 'first':
      return parts.find((p) => p.kind !== 'literal');
    default:
      return undefined;
  }
}

/** The credential one part that is not literal stands for, placed at `span`. */
export function partCredential(p: Exclude<Part, { kind: 'literal' }>, span: Span | undefined): RawCredential {
  if (p.kind === 'unknown') {
    const name = p.argument ?? p.name;
    return placed(name !== undefined ? { source: 'unknown', name } : { source: 'unknown' }, span);
  }
  const c: RawCredential = { source: p.source, name: p.name };
  if (p.definition) c.ref = p.definition;
  placed(c, span);
  if (p.description) c.description = p.description;
  if (p.heldValue !== undefined) c.value = p.heldValue;
  if (p.slotType) c.slotType = p.slotType;
  if (p.otherwise) c.otherwise = p.otherwise;
  if (p.perRun) c.perRun = true;
  return c;
}

function placed(c: RawCredential, span: Span | undefined): RawCredential {
  if (span) c.span = span;
  return c;
}
