import { Worker } from 'node:worker_threads';
import type { FileJob, Prefiltered } from './prefilter-file.js';

const BATCH = 128;

export interface PoolOptions {
  maxBytes: number;
  workers: number;
  onProgress?: (done: number) => void;
  /**
   * Each batch as it arrives, so the caller can parse candidates while workers keep reading:
   * the files that can matter or could not be read, and how many were read and dropped.
   */
  onBatch: (outcomes: readonly PrefilterOutcome[], skipped: number) => void;
}

export interface PrefilterOutcome {
  rel: string;
  result: Prefiltered;
}

interface Slot {
  worker: Worker;
  /** Batches sent and not yet answered, oldest first (a worker answers in order). */
  inFlight: FileJob[][];
}

/**
 * Worker threads that read and pre-filter files in parallel. Batches go out round-robin as soon as
 * files are added, not when a worker asks: the main thread walks and parses synchronously and could
 * not answer in time, so a worker that had to ask would wait. A worker that dies loses only its
 * batches, whose files are reported as unreadable, and is replaced while work remains.
 */
export class WorkerPool {
  private readonly url = new URL('./worker.js', import.meta.url);
  private readonly queue: FileJob[] = [];
  /** The slot that gets the next batch. */
  private turn = 0;
  private readonly slots: Slot[] = [];
  private ended = false;
  private done = 0;
  private finish?: () => void;

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.workers; i++) this.slots.push(this.spawn());
  }

  /** Stops the workers without using them (the tree was too small to be worth it). */
  close(): void {
    this.ended = true;
    for (const s of this.slots.splice(0)) void s.worker.terminate();
  }

  add(jobs: readonly FileJob[]): void {
    for (const job of jobs) this.queue.push(job);
    this.dispatch();
  }

  /** No more files: resolves once every outcome has been handed to `onBatch`. */
  end(): Promise<void> {
    this.ended = true;
    return new Promise((resolve) => {
      this.finish = resolve;
      this.dispatch();
    });
  }

  private lost(jobs: readonly FileJob[]): void {
    if (jobs.length) this.opts.onBatch(jobs.map((job) => ({ rel: job.rel, result: { kind: 'error', message: 'cannot read: internal error while reading this batch' } })), 0);
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.url, { workerData: { maxBytes: this.opts.maxBytes } }), inFlight: [] };
    slot.worker.on('message', ({ outcomes, skipped }: { outcomes: PrefilterOutcome[]; skipped: number }) => {
      const sent = slot.inFlight.shift()?.length ?? 0;
      this.opts.onBatch(outcomes, skipped);
      this.done += sent;
      this.opts.onProgress?.(this.done);
      this.dispatch();
    });
    slot.worker.on('error', () => {
      this.lost(slot.inFlight.flat());
      slot.inFlight = [];
    });
    slot.worker.on('exit', () => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      this.lost(slot.inFlight.flat());
      slot.inFlight = [];
      if (!this.ended || this.queue.length) this.slots.push(this.spawn());
      this.dispatch();
    });
    return slot;
  }

  private dispatch(): void {
    if (this.slots.length) {
      for (let i = 0; i < this.queue.length; i += BATCH) {
        const slot = this.slots[this.turn++ % this.slots.length]!;
        const batch = this.queue.slice(i, i + BATCH);
        slot.inFlight.push(batch);
        slot.worker.postMessage(batch);
      }
      this.queue.length = 0;
    }
    if (this.ended && !this.queue.length && this.slots.every((s) => !s.inFlight.length) && this.finish) {
      const finish = this.finish;
      this.finish = undefined;
      for (const s of this.slots.splice(0)) s.worker.postMessage(null);
      finish();
    }
  }
}
