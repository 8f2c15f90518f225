import { lstatSync } from 'node:fs';
import type { SourceFile } from '../discover/source-file.js';
import { decode, detectBom, looksBinary, readBytes, type ReadOutcome } from '../discover/read-source.js';
import { createKeywordSearch } from '../prefilter/keyword-search.js';
import { mayHoldTokenLiteral, mayMatter, mentionsDbtText } from '../prefilter/keywords.js';

// Read once and decide whether a file can matter. This is all that runs in the worker threads of
// a big scan, so it imports nothing heavy: the few files that pass are parsed in the main thread.

export interface FileJob {
  rel: string;
  abs: string;
}

export type Prefiltered =
  | { kind: 'error'; message: string }
  /** Read and looked at; nothing in it can be a dbt Cloud call or token. */
  | { kind: 'skip' }
  /** `relevant`: may hold a call (goes to its adapter); `hasLiteral`: may hold a token literal. */
  | { kind: 'candidate'; file: SourceFile; relevant: boolean; hasLiteral: boolean }
  /** Over a worker's read limit but within the scan's: the main thread reads it itself. */
  | { kind: 'defer'; job: FileJob };

/** Decodes bytes into a SourceFile; undefined for binary files (skipped silently). */
export function toSourceFile(job: FileJob, bytes: Buffer): SourceFile | undefined {
  const { encoding, skip } = detectBom(bytes);
  if (looksBinary(bytes, encoding)) return undefined;
  return { path: job.rel, absPath: job.abs, text: decode(bytes, encoding, skip) };
}

/**
 * Every read of this thread lands in the search's memory: only the decoded text of a candidate is
 * kept. That memory only grows, so after a big file it is replaced, and the big buffer let go.
 */
let search = createKeywordSearch();
const KEEP_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * `readLimit` (a worker's, below `maxBytes`): a bigger file within `maxBytes` is not read here but
 * handed back as `defer`, so that no worker holds a file of hundreds of MB.
 */
export function prefilterFile(job: FileJob, maxBytes: number, readLimit = maxBytes): Prefiltered {
  const read = readBytes(job.abs, Math.min(readLimit, maxBytes), search);
  if (read.kind === 'error') return readLimit < maxBytes ? overReadLimit(job, maxBytes, readLimit, read) : { kind: 'error', message: read.message };
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
    const st = lstatSync(job.abs);
    if (!st.isFile()) return { kind: 'error', message: read.message };
    size = st.size;
  } catch {
    return { kind: 'error', message: read.message };
  }
  if (size <= readLimit) return { kind: 'error', message: read.message };
  if (size <= maxBytes) return { kind: 'defer', job };
  // Over the scan's own limit: its message names that limit (a sized read stops before reading).
  const again = readBytes(job.abs, maxBytes);
  return again.kind === 'error' ? { kind: 'error', message: again.message } : { kind: 'defer', job };
}

function prefilterBytes(job: FileJob, bytes: Buffer): Prefiltered {
  const { encoding } = detectBom(bytes);
  // Stage one on bytes, before anything is decoded.
  if (encoding === 'utf8' && !search.mentionsDbt(bytes)) return { kind: 'skip' };
  const file = toSourceFile(job, bytes);
  if (!file || (encoding !== 'utf8' && !mentionsDbtText(file.text))) return { kind: 'skip' };
  const relevant = mayMatter(file.text);
  const hasLiteral = mayHoldTokenLiteral(file.text);
  if (!relevant && !hasLiteral) return { kind: 'skip' };
  return { kind: 'candidate', file, relevant, hasLiteral };
}
