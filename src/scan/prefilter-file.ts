import type { SourceFile } from '../discover/source-file.js';
import { decode, detectBom, looksBinary, readBytes, tooBig, type ReadOutcome } from '../discover/read-source.js';
import { createKeywordSearch } from '../prefilter/keyword-search.js';
import { mayHoldTokenLiteral, mayMatter, mentionsDbtText } from '../prefilter/keywords.js';

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
}

export type Prefiltered =
  | { kind: 'error'; message: string }
  /** Read and looked at; nothing in it can be a dbt Cloud call or token. */
  | { kind: 'skip' }
  /** `relevant`: may hold a call (goes to its adapter); `hasLiteral`: may hold a token literal. */
  | { kind: 'candidate'; file: SourceFile; relevant: boolean; hasLiteral: boolean };

/** Decodes bytes into a SourceFile; undefined for binary files (skipped silently). */
export function toSourceFile(job: FileJob, bytes: Buffer): SourceFile | undefined {
  const { encoding, skip } = detectBom(bytes);
  if (looksBinary(bytes, encoding)) return undefined;
  return { path: job.rel, absPath: job.abs, text: decode(bytes, encoding, skip) };
}

/** Every read of this thread lands in the search's memory: only the decoded text of a candidate is kept. */
const search = createKeywordSearch();

export function prefilterFile(job: FileJob, maxBytes: number): Prefiltered {
  const read = job.content ? inMemory(job.content, maxBytes) : readBytes(job.abs, maxBytes, search);
  if (read.kind === 'error') return { kind: 'error', message: read.message };
  const { encoding } = detectBom(read.bytes);
  // Stage one on bytes, before anything is decoded.
  if (encoding === 'utf8' && !search.mentionsDbt(read.bytes)) return { kind: 'skip' };
  const file = toSourceFile(job, read.bytes);
  if (!file || (encoding !== 'utf8' && !mentionsDbtText(file.text))) return { kind: 'skip' };
  const relevant = mayMatter(file.text);
  const hasLiteral = mayHoldTokenLiteral(file.text);
  if (!relevant && !hasLiteral) return { kind: 'skip' };
  return { kind: 'candidate', file, relevant, hasLiteral };
}

function inMemory(content: NonNullable<FileJob['content']>, maxBytes: number): ReadOutcome {
  if ('size' in content) return tooBig(content.size, maxBytes);
  // A worker receives a plain Uint8Array; the checks below want a Buffer over the same bytes.
  const bytes = Buffer.from(content.bytes.buffer, content.bytes.byteOffset, content.bytes.byteLength);
  return bytes.length > maxBytes ? tooBig(bytes.length, maxBytes) : { kind: 'bytes', bytes };
}
