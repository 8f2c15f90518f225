import { strictMode } from '../errors.js';
import { codeCacheHook } from '../cli/startup/hook.js';
import { Worker } from 'node:worker_threads';
import { MAX_PENDING_TEXT_BYTES, MAX_WORKER_FILE_BYTES } from '../facts/limits.js';
import type { FileJob } from './prefilter-file.js';
import {
  batchMessage,
  CLAIMED_BY_MAIN,
  heldKb,
  type BatchPart,
  type JudgeMessage,
  type Outcome,
  type VerdictsMessage,
  type WorkerData,
} from './worker-protocol.js';

const BATCH = 128;
/** A worker sends what it has once its candidates hold this much text. */
const FLUSH_KB = 4 * 1024;
/**
 * A worker's young generation (V8's default is 48 MB on 64-bit): what a worker allocates is short
 * lived (a file's bytes, its text, a syntax tree), so a smaller nursery collects as much per
 * scavenge at a lower peak, for the same CPU time.
 */
const YOUNG_GENERATION_MB = 8;

export interface PoolOptions {
  maxBytes: number;
  workers: number;
  onProgress?: (done: number) => void;
  /**
   * Outcomes as they arrive, so the caller can parse candidates while workers keep reading:
   * the files that can matter or could not be read, and how many were read and dropped.
   */
  onBatch: (outcomes: readonly Outcome[], skipped: number) => void;
  /** Workers extract candidates themselves (see WorkerData.extract). */
  extract?: WorkerData['extract'];
  /** Workers judge code files for the reach (`judge`), their verdicts handed to `onVerdicts`. */
  reach?: WorkerData['reach'];
  onVerdicts?: (verdicts: VerdictsMessage['verdicts']) => void;
}

export type { Outcome } from './worker-protocol.js';

interface Batch {
  jobs: FileJob[];
  /** One byte a file: who reads it (worker-protocol.ts). */
  claims: Uint8Array;
  /** How many of `jobs`, in order, have been answered. */
  answered: number;
  /** A file retried alone after its batch was lost with a worker. */
  retry: boolean;
  /** The main thread has taken every file before this one, from the back (jobs.length at first). */
  stealFrom: number;
  /** The main thread can take nothing more from this batch: its worker holds the file before `stealFrom`. */
  drained: boolean;
}

interface Slot {
  worker: Worker;
  /** Batches sent and not fully answered, oldest first (a worker answers in order). */
  inFlight: Batch[];
  /** Judge requests sent and not answered. */
  judging: number;
}

/**
 * Worker threads that read and pre-filter files in parallel. Batches go out round-robin as soon as
 * files are added, not when a worker asks: the main thread walks and parses synchronously and could
 * not answer in time, so a worker that had to ask would wait.
 *
 * A worker that dies (out of memory, a crash) is replaced, and the files of its batches that it
 * had not answered are read again, each alone in a batch of its own: the others come through, and
 * only a file that kills a reader a second time is reported, as unreadable.
 *
 * The text of candidates the main thread has not parsed yet is capped (MAX_PENDING_TEXT_BYTES):
 * the caller hands each parsed outcome back to `release`, and workers wait while the cap is
 * reached. Files over MAX_WORKER_FILE_BYTES come back unread, for the main thread to read.
 */
export class WorkerPool {
  /** The reader's launcher, which loads its bundle (worker.js beside it) through the code cache. */
  private readonly url = new URL('./worker-main.js', import.meta.url);
  private readonly queue: FileJob[] = [];
  /** Files of lost batches, each to be read again alone. */
  private readonly retries: FileJob[] = [];
  /** The slot that gets the next batch. */
  private turn = 0;
  private readonly slots: Slot[] = [];
  private ended = false;
  private done = 0;
  private finish?: () => void;
  private fail?: (e: unknown) => void;
  /** Under DTS_STRICT=1, what a worker died of: the pool stops and `end` fails with it. */
  private failure?: { error: unknown };
  private readonly held = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.workers; i++) this.slots.push(this.spawn());
  }

  /** Stops the workers without using them (the tree was too small to be worth it). */
  close(): void {
    this.ended = true;
    for (const s of this.slots.splice(0)) void s.worker.terminate();
  }

  /**
   * Hands code files to a worker to judge for the reach, between its batches; false when no worker
   * will (none left, or the pool was not made to): the caller judges them itself. A worker lost
   * before it answers takes its files with it: whoever needs their verdicts works them out then.
   */
  judge(files: string[]): boolean {
    if (!this.opts.reach || this.slots.length === 0) return false;
    const slot = this.slots.reduce((a, b) => (b.judging + b.inFlight.length < a.judging + a.inFlight.length ? b : a));
    slot.judging++;
    slot.worker.postMessage({ judge: files } satisfies JudgeMessage);
    return true;
  }

  add(jobs: readonly FileJob[]): void {
    for (const job of jobs) this.queue.push(job);
    this.dispatch();
  }

  /** The caller is done with an outcome (its text parsed): workers may read on. */
  release(outcome: Outcome): void {
    const kb = heldKb(outcome);
    if (!kb) return;
    Atomics.sub(this.held, 0, kb);
    Atomics.notify(this.held, 0);
  }

  /**
   * A file no worker has started, taken for the calling thread to read itself: from the back of
   * the newest batch in flight, the farthest from where its worker reads.
   */
  steal(): FileJob | undefined {
    // A test that kills readers on a file needs the readers to read every file.
    if (process.env.DTS_TEST_WORKER_FAULT) return undefined;
    for (const slot of this.slots) {
      for (let b = slot.inFlight.length - 1; b >= 0; b--) {
        const batch = slot.inFlight[b]!;
        // A file that a reader died on is read again only by a reader: it might kill this thread too.
        if (batch.retry || batch.drained) continue;
        const i = batch.stealFrom - 1;
        if (i >= batch.answered && Atomics.compareExchange(batch.claims, i, 0, CLAIMED_BY_MAIN) === 0) {
          batch.stealFrom = i;
          return batch.jobs[i];
        }
        // The worker claims in order: once it holds a file, every earlier one is its own.
        batch.drained = true;
      }
    }
    return undefined;
  }

  /** No more files: resolves once every outcome has been handed to `onBatch`. */
  end(): Promise<void> {
    this.ended = true;
    if (this.failure) return Promise.reject(this.failure.error);
    return new Promise((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
      this.dispatch();
    });
  }

  /**
   * A dead worker's batches. A worker reads its batches in order, so only the first was under way:
   * its unanswered files are read again alone (or, if it was a file read alone, reported), and the
   * batches behind it go back to the queue as they are.
   */
  private lost(slot: Slot): void {
    const [current, ...waiting] = slot.inFlight.splice(0);
    // Files the main thread took are its own: never read twice.
    const unclaimed = (b: Batch): FileJob[] => b.jobs.filter((_, i) => i >= b.answered && Atomics.load(b.claims, i) !== CLAIMED_BY_MAIN);
    for (const b of waiting.reverse()) this.queue.unshift(...unclaimed(b));
    if (!current) return;
    const rest = unclaimed(current);
    if (!current.retry) {
      this.retries.push(...rest);
      return;
    }
    this.done += rest.length;
    this.opts.onBatch(
      rest.map((job) => ({
        rel: job.rel,
        result: { kind: 'error', message: 'cannot read: the reading thread failed on this file (internal error)' },
      })),
      0,
    );
    this.opts.onProgress?.(this.done);
  }

  private spawn(): Slot {
    // The launcher's flags, which the worker sets again (src/scan/worker-launcher.ts).
    const v8Flags = codeCacheHook()?.v8Flags;
    const workerData: WorkerData = {
      maxBytes: this.opts.maxBytes,
      readLimit: Math.min(this.opts.maxBytes, MAX_WORKER_FILE_BYTES),
      flushKb: FLUSH_KB,
      maxHeldKb: MAX_PENDING_TEXT_BYTES / 1024,
      held: this.held.buffer as SharedArrayBuffer,
      ...(this.opts.extract ? { extract: this.opts.extract } : {}),
      ...(process.env.DTS_TEST_WORKER_FAULT ? { faultOn: process.env.DTS_TEST_WORKER_FAULT } : {}),
      strict: strictMode(),
      threads: this.opts.workers + 1,
      ...(this.opts.reach ? { reach: this.opts.reach } : {}),
      ...(v8Flags ? { v8Flags } : {}),
    };
    const slot: Slot = {
      worker: new Worker(this.url, { workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }),
      inFlight: [],
      judging: 0,
    };
    slot.worker.on('message', (message: BatchPart | VerdictsMessage) => {
      if ('verdicts' in message) {
        slot.judging--;
        this.opts.onVerdicts?.(message.verdicts);
        this.dispatch();
        return;
      }
      const { outcomes, skipped, processed, final } = message;
      const batch = slot.inFlight[0];
      if (batch) batch.answered += processed;
      if (final) slot.inFlight.shift();
      this.opts.onBatch(outcomes, skipped);
      this.done += processed;
      this.opts.onProgress?.(this.done);
      if (final) this.dispatch();
    });
    // What a dead worker had answered is known only at 'exit': Node delivers the messages it posted
    // before dying by then, but may emit 'error' first, and a file answered would be taken for lost.
    slot.worker.on('error', (e) => {
      if (workerData.strict) this.failure ??= { error: e };
    });
    slot.worker.on('exit', () => {
      if (this.failure) {
        this.close();
        this.fail?.(this.failure.error);
        return;
      }
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      this.lost(slot);
      if (!this.ended || this.queue.length || this.retries.length) this.slots.push(this.spawn());
      this.dispatch();
    });
    return slot;
  }

  private dispatch(): void {
    if (this.slots.length) {
      const send = (jobs: FileJob[], retry: boolean): void => {
        const slot = this.slots[this.turn++ % this.slots.length]!;
        const claims = new Uint8Array(new SharedArrayBuffer(jobs.length));
        slot.inFlight.push({ jobs, claims, answered: 0, retry, stealFrom: jobs.length, drained: false });
        slot.worker.postMessage(batchMessage(jobs, claims));
      };
      for (const job of this.retries.splice(0)) send([job], true);
      for (let i = 0; i < this.queue.length; i += BATCH) send(this.queue.slice(i, i + BATCH), false);
      this.queue.length = 0;
    }
    if (
      this.ended &&
      !this.queue.length &&
      !this.retries.length &&
      this.slots.every((s) => !s.inFlight.length && !s.judging) &&
      this.finish
    ) {
      const finish = this.finish;
      this.finish = undefined;
      for (const s of this.slots.splice(0)) s.worker.postMessage(null);
      finish();
    }
  }
}
