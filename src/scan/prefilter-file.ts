import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { lstatSync } from 'node:fs';
import type { SourceFile } from '../discover/source-file.js';
import { decode, isBinary, sniffEncoding, type Sniffed } from '../discover/decode-text.js';
import { readBytes, tooBig, type ReadOutcome } from '../discover/read-source.js';
import { createKeywordSearch } from '../prefilter/keyword-search.js';
import { mayHoldTokenLiteral, mayMatter, mayMatterLatin1, mentionsDbtText } from '../prefilter/keywords.js';
import { readersOf } from '../adapters/registry.js';

// Read once and decide whether a file can matter. This is all that runs in the worker threads of
// a big scan, so it imports nothing heavy: the few files that pass are parsed in the main thread.

export interface FileJob {
  rel: string;
  abs: string;
  /**
   * The bytes to scan when they are not the file at `abs` (--staged: the index's blob, held in
   * memory), or only their size when that is over the cap. `abs` is then never read.
   */
  content?: { bytes: Uint8Array } | { size: number };
  /** The path's exact bytes when a name in it is not UTF-8 (`abs` and `rel` then only approximate it). */
  rawPath?: Uint8Array;
  /** Listed from git's index: if the working tree no longer has it, it is deleted there, not an error. */
  fromIndex?: boolean;
}

export type Prefiltered =
  | { kind: 'error'; message: string }
  /** A tracked file deleted from the working tree: nothing to read, nothing to report. */
  | { kind: 'absent' }
  /** Read and looked at; nothing in it can be a dbt Cloud call or token. */
  | { kind: 'skip' }
  /** `relevant`: may hold a call (goes to its adapter); `hasLiteral`: may hold a token literal. */
  | { kind: 'candidate'; file: SourceFile; relevant: boolean; hasLiteral: boolean }
  /** Over a worker's read limit but within the scan's: the main thread reads it itself. */
  | { kind: 'defer'; job: FileJob };

/** Decodes bytes into a SourceFile; undefined for binary content. */
export function toSourceFile(job: FileJob, bytes: Buffer, sniffed: Sniffed = sniffEncoding(bytes)): SourceFile | undefined {
  if (sniffed.encoding === 'utf8' && isBinary(bytes)) return undefined;
  return { path: job.rel, absPath: job.abs, text: decode(bytes, sniffed) };
}

/**
 * Every read of this thread lands in the search's memory: only the decoded text of a candidate is
 * kept. That memory only grows, so after a big file it is replaced, and the big buffer let go.
 */
let search = createKeywordSearch();
const KEEP_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * What a short run read ahead of the scan (src/cli/startup/warm-parsers.ts), by path, until the
 * scan takes it: each file is read once. An entry applies only to the same job read the same way.
 */
const readAhead = new Map<string, { job: FileJob; maxBytes: number; outcome: Prefiltered }>();

/** prefilterFile, its outcome kept for the scan's own call (one thread's: never a worker's). */
export function prefilterAhead(job: FileJob, maxBytes: number): Prefiltered {
  const outcome = prefilterFile(job, maxBytes);
  readAhead.set(job.abs, { job, maxBytes, outcome });
  return outcome;
}

function takeReadAhead(job: FileJob, maxBytes: number, readLimit: number): Prefiltered | undefined {
  const ahead = readAhead.get(job.abs);
  if (!ahead) return undefined;
  readAhead.delete(job.abs);
  const same =
    ahead.maxBytes === maxBytes &&
    readLimit === maxBytes &&
    ahead.job.rel === job.rel &&
    ahead.job.content === job.content &&
    ahead.job.rawPath === job.rawPath &&
    ahead.job.fromIndex === job.fromIndex;
  return same ? ahead.outcome : undefined;
}

/**
 * `readLimit` (a worker's, below `maxBytes`): a bigger file within `maxBytes` is not read here but
 * handed back as `defer`, so that no worker holds a file of hundreds of MB.
 */
export function prefilterFile(job: FileJob, maxBytes: number, readLimit = maxBytes): Prefiltered {
  const ahead = readAhead.size ? takeReadAhead(job, maxBytes, readLimit) : undefined;
  if (ahead) return ahead;
  const read = job.content ? inMemory(job.content, maxBytes) : readBytes(job.rawPath ?? job.abs, Math.min(readLimit, maxBytes), search);
  if (read.kind === 'error') {
    if ('missing' in read && read.missing && job.fromIndex) return { kind: 'absent' };
    return readLimit < maxBytes && !job.content ? overReadLimit(job, maxBytes, readLimit, read) : { kind: 'error', message: read.message };
  }
  try {
    return prefilterBytes(job, read.bytes);
  } finally {
    if (read.bytes.length > KEEP_BUFFER_BYTES) search = createKeywordSearch();
  }
}

/** A read that failed at a worker's limit: deferred when the scan's limit allows the file. */
function overReadLimit(job: FileJob, maxBytes: number, readLimit: number, read: Extract<ReadOutcome, { kind: 'error' }>): Prefiltered {
  let size: number;
  try {
    const st = lstatSync(job.rawPath ? Buffer.from(job.rawPath) : job.abs);
    if (!st.isFile()) return { kind: 'error', message: read.message };
    size = st.size;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return { kind: 'error', message: read.message };
  }
  if (size <= readLimit) return { kind: 'error', message: read.message };
  if (size <= maxBytes) return { kind: 'defer', job };
  // Over the scan's own limit: its message names that limit (a sized read stops before reading).
  const again = readBytes(job.rawPath ?? job.abs, maxBytes);
  return again.kind === 'error' ? { kind: 'error', message: again.message } : { kind: 'defer', job };
}

function prefilterBytes(job: FileJob, bytes: Buffer): Prefiltered {
  const sniffed = sniffEncoding(bytes);
  // Stage one on bytes, before anything is decoded.
  if (sniffed.encoding === 'utf8' && !search.mentionsDbt(bytes)) return { kind: 'skip' };
  // Stage two on the bytes first (keywords.ts): only files that may matter are decoded. A file no
  // adapter may read skips it: only a token literal can matter there. The literal test's patterns
  // are all ASCII: its answer on the bytes is final.
  const readers = readersOf(job.rel);
  let maybeRelevant = readers.any;
  let literal: boolean | undefined;
  if (sniffed.encoding === 'utf8' && bytes.indexOf(0) < 0) {
    const latin1 = bytes.toString('latin1', sniffed.skip);
    maybeRelevant &&= mayMatterLatin1(latin1) && readers.mayYieldFacts(latin1);
    literal = mayHoldTokenLiteral(latin1);
    if (!maybeRelevant && !literal) return { kind: 'skip' };
  }
  const file = toSourceFile(job, bytes, sniffed);
  if (!file) return binary(bytes);
  if (sniffed.encoding !== 'utf8' && !mentionsDbtText(file.text)) return { kind: 'skip' };
  const relevant = maybeRelevant && mayMatter(file.text) && (literal !== undefined || readers.mayYieldFacts(file.text));
  const hasLiteral = literal ?? mayHoldTokenLiteral(file.text);
  if (!relevant && !hasLiteral) return { kind: 'skip' };
  return { kind: 'candidate', file, relevant, hasLiteral };
}

function inMemory(content: NonNullable<FileJob['content']>, maxBytes: number): ReadOutcome {
  if ('size' in content) return tooBig(content.size, maxBytes);
  // A worker receives a plain Uint8Array; the checks below want a Buffer over the same bytes.
  const bytes = Buffer.from(content.bytes.buffer, content.bytes.byteOffset, content.bytes.byteLength);
  return bytes.length > maxBytes ? tooBig(bytes.length, maxBytes) : { kind: 'bytes', bytes };
}

/**
 * A binary file is not parsed. One whose bytes hold a dbt token prefix (`dbtu_`, `dbtc_`) or a
 * dbt Cloud host (`getdbt.com`, `.dbt.com`) is listed under `errors`, so that nothing such a search
 * finds is dropped without a reason; any other binary file (an image whose bytes happen to spell
 * `dbt`) is not. Every mark holds a lowercase `dbt`: one native search for it, each hit's
 * neighbours then compared, costs a quarter of four searches, on the biggest files a scan reads.
 */
function binary(bytes: Buffer): Prefiltered {
  return holdsBinaryMark(bytes) ? { kind: 'error', message: 'skipped: binary file' } : { kind: 'skip' };
}

const DBT = Buffer.from('dbt', 'latin1');
const DOT_COM = Buffer.from('.com', 'latin1');
const GET = Buffer.from('get', 'latin1');
const [LOWER_U, LOWER_C, UNDERSCORE, DOT] = ['u', 'c', '_', '.'].map((c) => c.charCodeAt(0)) as [number, number, number, number];

function holdsBinaryMark(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(DBT); at >= 0; at = bytes.indexOf(DBT, at + 1)) {
    const next = bytes[at + 3];
    if ((next === LOWER_U || next === LOWER_C) && bytes[at + 4] === UNDERSCORE) return true;
    if (at + 7 > bytes.length || bytes.compare(DOT_COM, 0, 4, at + 3, at + 7) !== 0) continue;
    if ((at >= 1 && bytes[at - 1] === DOT) || (at >= 3 && bytes.compare(GET, 0, 3, at - 3, at) === 0)) return true;
  }
  return false;
}
