import type { Config } from '../config/config.js';
import type { FileJob, Prefiltered } from './prefilter-file.js';
import type { FileResult } from '../model/extracted.js';
import type { Workflow } from '../model/vocabulary.js';

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
  /** Workers judge code files for the reach (JudgeMessage), reading from `cwd` what is at most `maxBytes`. */
  reach?: { cwd: string; maxBytes: number };
  /** The V8 flags the process runs with (src/cli/startup/v8-flags.ts), for the worker to set again once its heap is made. */
  v8Flags?: readonly string[];
}

/**
 * A batch of files for a worker, with a claim byte each (see above). The paths travel as two
 * strings, NUL between paths (no path holds one), and git's index flag as a byte per file: a
 * string or a byte array is copied whole, where an object per file cost the main thread a tenth of
 * a big tree's walk to clone.
 */
export interface BatchMessage {
  rels: string;
  abss: string;
  /** 1 for a file listed from git's index (FileJob.fromIndex). */
  fromIndex: Uint8Array;
  /** The few jobs that carry more (bytes from git's index, a raw name), by index in the batch. */
  extras: Array<[index: number, extra: Pick<FileJob, 'content' | 'rawPath'>]>;
  claims: Uint8Array;
}

export function batchMessage(jobs: readonly FileJob[], claims: Uint8Array): BatchMessage {
  const fromIndex = new Uint8Array(jobs.length);
  const extras: BatchMessage['extras'] = [];
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    if (job.fromIndex) fromIndex[i] = 1;
    if (job.content !== undefined || job.rawPath !== undefined)
      extras.push([
        i,
        { ...(job.content !== undefined ? { content: job.content } : {}), ...(job.rawPath !== undefined ? { rawPath: job.rawPath } : {}) },
      ]);
  }
  return { rels: jobs.map((j) => j.rel).join('\0'), abss: jobs.map((j) => j.abs).join('\0'), fromIndex, extras, claims };
}

export function jobsOf(message: BatchMessage): FileJob[] {
  // No file has an empty path: an empty list is an empty batch.
  if (message.rels === '') return [];
  const abss = message.abss.split('\0');
  const jobs: FileJob[] = message.rels
    .split('\0')
    .map((rel, i) => (message.fromIndex[i] ? { rel, abs: abss[i]!, fromIndex: true } : { rel, abs: abss[i]! }));
  for (const [i, extra] of message.extras) Object.assign(jobs[i]!, extra);
  return jobs;
}

/** Code files for a worker to judge as the reach would (entry-verdict.ts), between its batches. */
export interface JudgeMessage {
  judge: string[];
}

/**
 * A worker's verdicts on the files of a JudgeMessage, each with the files whose existence it asked
 * about and the answers it got: the main thread knows files a worker cannot (tracked by git but
 * gone from the disk), and takes a verdict only where its own answers are the same.
 */
export interface VerdictsMessage {
  verdicts: Array<[file: string, verdict: Workflow | null, asked: Array<[path: string, exists: boolean]>]>;
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
