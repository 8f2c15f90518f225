/** Bad command line: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Invalid config or rule file: exit 2, the message names the file, key and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Something outside the command line stops the run: git refuses or lacks an object, the report
 * cannot be written. Exit 2 with the message, which names what failed; no pointer to --help.
 */
export class RunError extends Error {
  override name = 'RunError';
}

// What a catch may expect. Input can be malformed (a parse error), can cost more than a cap allows
// (a budget exceeded, the call stack among them), and the file system can refuse (an I/O error).
// Anything else that reaches a catch is a bug of ours: it is never taken for one of these. Inside a
// file's analysis it becomes an `errors` entry naming the adapter and the file (see `caughtExpected`
// in src/adapters/extraction-limits.ts, and src/scan/process-file.ts); elsewhere it propagates and
// the CLI reports an internal error. With DTS_STRICT=1 (the test suite sets it) every such error is
// rethrown instead of recorded, as ESLint rethrows a rule's crash, so an adapter bug fails a test.

/** A test of whether a caught error is of one expected kind. */
export type ErrorKind = (e: unknown) => boolean;

/** A cap on the work one input may cost was reached (YAML alias expansion, ...). */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
}

/**
 * Input that a parser refused: JSON.parse's and Babel's SyntaxError, decodeURIComponent's URIError,
 * the WHATWG URL parser's ERR_INVALID_URL, the yaml package's YAMLParseError, and the
 * WebAssembly.RuntimeError of a parser (tree-sitter) that trapped on its input.
 */
export const isParseError: ErrorKind = (e) =>
  e instanceof SyntaxError ||
  e instanceof URIError ||
  (e instanceof Error && (e.name === 'YAMLParseError' || e.name === 'RuntimeError' || codeOf(e) === 'ERR_INVALID_URL'));

/**
 * Work on one input stopped at a cap: ours, or one of the engine's that deep or huge input reaches
 * (the call stack exhausted by nesting, a string over V8's length limit).
 */
export const isBudgetExceeded: ErrorKind = (e) =>
  e instanceof BudgetExceeded || (e instanceof RangeError && /call stack size|Invalid string length/i.test(e.message));

/**
 * A system call that failed (ENOENT, EACCES, ELOOP, EISDIR, ENOSPC, ...): Node names the errno in
 * `code`. EBADF is not expected: a descriptor closed twice is a bug of ours. A package that is not
 * installed (an optional parser) counts as the file system's answer too.
 */
export const isExpectedIoError: ErrorKind = (e) => {
  const code = codeOf(e);
  return (
    code !== undefined && ((/^E[A-Z0-9]+$/.test(code) && code !== 'EBADF') || code === 'ERR_SYSTEM_ERROR' || code === 'MODULE_NOT_FOUND')
  );
};

function codeOf(e: unknown): string | undefined {
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** DTS_STRICT=1 (any value but empty or 0): unexpected errors are rethrown, not recorded. */
export function strictMode(): boolean {
  const v = process.env.DTS_STRICT;
  return v !== undefined && v !== '' && v !== '0';
}

/** For a catch outside a file's analysis: an error of none of the expected kinds goes on up. */
export function rethrowUnless(e: unknown, ...kinds: readonly ErrorKind[]): void {
  if (!kinds.some((is) => is(e))) throw e;
}

/**
 * Under DTS_STRICT=1, rethrows an unexpected error, its message prefixed with where it happened
 * (`the python adapter on src/x.py`), as ESLint names the rule and the file of a crash.
 */
export function rethrowIfStrict(e: unknown, where: string): void {
  if (!strictMode()) return;
  if (!(e instanceof Error)) throw new Error(`${where}: ${String(e)}`);
  // Named once, by the innermost place that knows: an outer one (the file's extraction) passes it on.
  if (!named.has(e)) {
    named.add(e);
    e.message = `${where}: ${e.message}`;
  }
  throw e;
}

const named = new WeakSet<Error>();

const INTERNAL_ERROR = 'internal error';

/**
 * The `errors` message of an unexpected error: where it happened and the error's class, never its
 * message, which may quote the input.
 */
export function internalErrorMessage(where: string, e: unknown, consequence: string): string {
  return `${INTERNAL_ERROR} in ${where} (${e instanceof Error ? e.name : 'error'}); ${consequence}`;
}

/** Whether an `errors` message reports an unexpected error (internalErrorMessage). */
export const isInternalErrorMessage = (message: string): boolean => message.startsWith(`${INTERNAL_ERROR} `);
