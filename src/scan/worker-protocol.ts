import type { Config } from '../config/config.js';
import type { FileJob, Prefiltered } from './prefilter-file.js';
import type { FileResult } from '../model/extracted.js';

// What the worker pool and its workers share. Workers answer a batch in parts ({@link BatchPart});
// `held`, a shared counter, is the candidate text (in KB) that workers have sent and the main
// thread has not parsed yet: a worker adds to it before sending, the main thread takes away after
// parsing, and a worker that finds it over `maxHeldKb` waits before reading on.
//
// Each batch comes with `claims`, one shared byte a file: whoever sets a file's byte first reads
// it. A worker takes its batch from the front; the main thread, once it has nothing else to do,
// takes files from the back of the batches in flight, so that both threads read and parse until
// the last file.

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
  /**
   * Workers extract candidates themselves (their adapters read other files of the tree from
   * `cwd`), and send facts instead of texts. Unset: they send texts, for the main thread to
   * extract (a --cache run, which records what each extraction reads).
   */
  extract?: { cwd: string; config: Config };
  /** For tests: the worker dies on the file of this repository path (DTS_TEST_WORKER_FAULT). */
  faultOn?: string;
  /** Threads of the scan, the main one included: extraction budgets share the process's CPU time among them. */
  threads: number;
  /** DTS_STRICT=1 in the scan: an unexpected error kills the worker, and the pool fails the scan with it. */
  strict: boolean;
}

/** A batch of files for a worker, with a claim byte each (see above). */
export interface BatchMessage {
  jobs: FileJob[];
  claims: Uint8Array;
}

export const CLAIMED_BY_WORKER = 1;
export const CLAIMED_BY_MAIN = 2;

/** A file that can matter, or could not be read: its pre-filter outcome, or its facts when the worker extracted it. */
export type Outcome = { rel: string; result: Prefiltered; extracted?: undefined } | { rel: string; extracted: FileResult };

export interface BatchPart {
  outcomes: Outcome[];
  /** Files read and dropped in this part. */
  skipped: number;
  /** Files of the batch this part accounts for, in batch order (those the main thread claimed included). */
  processed: number;
  /** The batch's last part. */
  final: boolean;
}

/** The KB a candidate's text counts for in `held` (rounded up, the same on both sides). */
export const heldKb = (outcome: Outcome): number =>
  outcome.extracted === undefined && outcome.result.kind === 'candidate' ? Math.ceil(outcome.result.file.text.length / 1024) : 0;
