import type { SourceFile } from '../discover/source-file.js';
import { decode, isBinary, sniffEncoding, type Sniffed } from '../discover/decode-text.js';
import { readBytes, tooBig, type ReadOutcome } from '../discover/read-source.js';
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
  | { kind: 'candidate'; file: SourceFile; relevant: boolean; hasLiteral: boolean };

/** Decodes bytes into a SourceFile; undefined for binary content. */
export function toSourceFile(job: FileJob, bytes: Buffer, sniffed: Sniffed = sniffEncoding(bytes)): SourceFile | undefined {
  if (sniffed.encoding === 'utf8' && isBinary(bytes)) return undefined;
  return { path: job.rel, absPath: job.abs, text: decode(bytes, sniffed) };
}

/** Every read of this thread lands in the search's memory: only the decoded text of a candidate is kept. */
const search = createKeywordSearch();

export function prefilterFile(job: FileJob, maxBytes: number): Prefiltered {
  const read = job.content ? inMemory(job.content, maxBytes) : readBytes(job.rawPath ?? job.abs, maxBytes, search);
  if (read.kind === 'error') return 'missing' in read && read.missing && job.fromIndex ? { kind: 'absent' } : { kind: 'error', message: read.message };
  const sniffed = sniffEncoding(read.bytes);
  // Stage one on bytes, before anything is decoded.
  if (sniffed.encoding === 'utf8' && !search.mentionsDbt(read.bytes)) return { kind: 'skip' };
  const file = toSourceFile(job, read.bytes, sniffed);
  if (!file) return binary(read.bytes);
  if (sniffed.encoding !== 'utf8' && !mentionsDbtText(file.text)) return { kind: 'skip' };
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

/** What marks a binary file as worth a word in `errors`: a token prefix or a dbt Cloud host. */
const BINARY_MARKS = ['dbtu_', 'dbtc_', 'getdbt.com', '.dbt.com'].map((m) => Buffer.from(m, 'latin1'));

/**
 * A binary file is not parsed. One whose bytes hold a dbt token prefix or a dbt Cloud host is
 * listed under `errors`, so that nothing such a search finds is dropped without a reason; any
 * other binary file (an image whose bytes happen to spell `dbt`) is not. Native byte searches:
 * binary files are the biggest a scan reads.
 */
function binary(bytes: Buffer): Prefiltered {
  return BINARY_MARKS.some((m) => bytes.includes(m)) ? { kind: 'error', message: 'skipped: binary file' } : { kind: 'skip' };
}
