// Every cap on what a scan keeps and how long it works on one file, in one place (the README's
// "Limits" lists them). A cap never drops a finding silently: whatever it cuts is named in an
// `errors` entry of the file concerned, and where facts are cut the most severe are kept
// (src/scan/fact-caps.ts ranks them).

/** Call sites kept per file, the most severe first. */
export const MAX_CALL_SITES_PER_FILE = 1_000;
/** Token sites (committed or referenced token values) kept per file, committed ones first. */
export const MAX_TOKEN_SITES_PER_FILE = 1_000;
/**
 * Definitions, named values, name evidence and script environments kept per file: what other
 * files are linked against. More than this is generated data, not configuration.
 */
export const MAX_LINK_FACTS_PER_FILE = 1_000;

/** Call sites kept per scan, over all files, the most severe first. */
export const MAX_CALL_SITES_PER_SCAN = 20_000;
/** Token sites kept per scan, over all files, committed ones first. */
export const MAX_TOKEN_SITES_PER_SCAN = 20_000;

/**
 * How many sites a line scanner (big files, minified code, files a parser gave up on) collects
 * before it stops reading: ten times what a file keeps, so the ranking has something to choose
 * from, while the memory a hostile file can take stays bounded.
 */
export const MAX_SCANNED_SITES_PER_FILE = 10_000;

/**
 * Time an adapter may spend on a file of up to 1 MB, parsing included; each further MB adds
 * `EXTRACT_BUDGET_MS_PER_MB`. It is spent when both the wall-clock and the CPU time have run out
 * (src/adapters/extraction-limits.ts), so a busy machine does not cut a file. Linear parsers
 * finish a 1 MB file well within it: only pathological input (deep nesting, quadratic corners of a
 * grammar) reaches it, and is then cut, with an `errors` entry.
 */
export const EXTRACT_BUDGET_MS = 1_800;
const EXTRACT_BUDGET_MS_PER_MB = 1_500;

/** Candidate text (decoded, waiting for the main thread to parse it) the worker threads may hold, in bytes. */
export const MAX_PENDING_TEXT_BYTES = 64 * 1024 * 1024;
/** Files above this size are read by the main thread itself, one at a time, not by a worker. */
export const MAX_WORKER_FILE_BYTES = 16 * 1024 * 1024;

const count = (n: number): string => n.toLocaleString('en-US');

/** The `errors` message of a cap: what was cut, the cap, and how many there were when known. */
export function cutMessage(what: string, limit: number, found?: number, kept = 'the most severe kept'): string {
  return found !== undefined && found > limit
    ? `${count(found)} ${what}, over the limit of ${count(limit)}: ${kept}`
    : `more ${what} than the limit of ${count(limit)}: ${kept}`;
}

/** The extraction budget of a text of `chars` characters. */
export function extractBudgetMs(chars: number): number {
  return EXTRACT_BUDGET_MS + Math.max(0, chars / 1_000_000 - 1) * EXTRACT_BUDGET_MS_PER_MB;
}
