import { isBudgetExceeded, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { ParserOptions, ParserPlugin } from '@babel/parser';
import type { Node } from './ast.js';
import { loadBabelParser } from '../../packages.js';

type ParseFn = (input: string, options?: ParserOptions) => unknown;

let parser: ParseFn | undefined;

/** Loads @babel/parser on first use, so loading the adapter registry costs nothing. */
export async function loadParser(): Promise<void> {
  if (!parser) parser = loadBabelParser().parse as ParseFn;
}

export type ParseOutcome =
  | { ok: true; program: Node }
  /** `line` is set for syntax errors; a RangeError (deep nesting) has none. */
  | { ok: false; line?: number };

const TS_EXT = /\.(ts|mts|cts)$/i;
const TSX_EXT = /\.tsx$/i;

function pluginsFor(path: string, flow: boolean): ParserPlugin[] {
  if (TSX_EXT.test(path)) return ['typescript', 'jsx', 'decorators-legacy'];
  if (TS_EXT.test(path)) return ['typescript', 'decorators-legacy'];
  return flow ? ['jsx', 'flow', 'decorators-legacy'] : ['jsx', 'decorators-legacy'];
}

/**
 * Parses with error recovery. Never throws (but a bug, under DTS_STRICT=1): a fatal syntax error or
 * the call stack exhausted by deeply nested input comes back as `{ ok: false }` (the caller falls back to a text scan). Plain JS that
 * fails is retried once with the Flow plugin, which some React code bases still use.
 */
export function parseSource(path: string, text: string): ParseOutcome {
  if (!parser) throw new Error('parser not loaded');
  const isJs = !TS_EXT.test(path) && !TSX_EXT.test(path);
  const attempts = isJs ? [false, true] : [false];
  let failure: ParseOutcome = { ok: false };
  for (const flow of attempts) {
    try {
      const file = parser(text, {
        sourceType: 'unambiguous',
        errorRecovery: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: true,
        allowNewTargetOutsideFunction: true,
        allowSuperOutsideMethod: true,
        allowUndeclaredExports: true,
        attachComment: false,
        plugins: pluginsFor(path, flow),
      }) as { program: Node };
      return { ok: true, program: file.program };
    } catch (e) {
      if (isBudgetExceeded(e)) return { ok: false };
      // Babel's SyntaxError, with the line it stopped at; anything else is a bug (caughtExpected).
      if (!caughtExpected(e, isParseError)) return { ok: false };
      const line = (e as { loc?: { line?: unknown } }).loc?.line;
      failure = { ok: false, line: typeof line === 'number' ? line : undefined };
    }
  }
  return failure;
}

/** Files above this size are scanned as text, not parsed. */
const MAX_PARSE_BYTES = 1_000_000;
/** A line longer than this means minified or generated code: scanned as text, not parsed. */
const MAX_PARSE_LINE = 20_000;

/** True when the text is small enough and not minified, so parsing it is worth it. */
export function fitsParser(text: string): boolean {
  if (text.length > MAX_PARSE_BYTES) return false;
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    if (end - from > MAX_PARSE_LINE) return false;
    if (nl < 0) return true;
    from = nl + 1;
  }
}
