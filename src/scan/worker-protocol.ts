import type { Prefiltered } from './prefilter-file.js';

// What the worker pool and its workers share. Workers answer a batch in parts ({@link BatchPart});
// `held`, a shared counter, is the candidate text (in KB) that workers have sent and the main
// thread has not parsed yet: a worker adds to it before sending, the main thread takes away after
// parsing, and a worker that finds it over `maxHeldKb` waits before reading on.

export interface WorkerData {
  /** The scan's --max-file-size. */
  maxBytes: number;
  /** Files over this are not read by a worker but handed back (`defer`). */
  readLimit: number;
  /** A part is sent once its candidates hold this much text. */
  flushKb: number;
  maxHeldKb: number;
  /** One Int32: KB of candidate text sent and not yet parsed. */
  held: SharedArrayBuffer;
  /** For tests: the worker dies on the file of this repository path (DTS_TEST_WORKER_FAULT). */
  faultOn?: string;
  /** DTS_STRICT=1 in the scan: an unexpected error kills the worker, and the pool fails the scan with it. */
  strict: boolean;
}

export interface BatchPart {
  outcomes: { rel: string; result: Prefiltered }[];
  /** Files read and dropped in this part. */
  skipped: number;
  /** Files of the batch this part accounts for, in batch order. */
  processed: number;
  /** The batch's last part. */
  final: boolean;
}

/** The KB a candidate's text counts for in `held` (rounded up, the same on both sides). */
export const heldKb = (result: Prefiltered): number => (result.kind === 'candidate' ? Math.ceil(result.file.text.length / 1024) : 0);
