import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ConfigData } from '../config/config.js';
import type { FileJob, FileResult } from './process-file.js';

const BATCH = 64;

export interface PoolOptions {
  cwd: string;
  config: ConfigData;
  maxBytes: number;
  workers: number;
  onProgress?: (done: number) => void;
}

export const defaultWorkerCount = (): number => Math.max(1, Math.min(4, availableParallelism()));

const failed = (job: FileJob): FileResult => ({
  rel: job.rel, scanned: false, error: 'internal error while scanning this batch; file skipped',
  callSites: [], tokenSites: [], definitions: [], runsScripts: [], scriptEnv: [], suppressions: [], snippets: {},
});

interface Slot {
  worker: Worker;
  inFlight: readonly FileJob[];
  busy: boolean;
}

/**
 * Worker threads fed while the tree is still being walked: files are queued as they are found,
 * and an idle worker takes the next batch (so one slow file does not hold up a whole share).
 * A worker that dies loses only its batch, reported per file, and is replaced.
 */
export class WorkerPool {
  private readonly url = new URL('./worker.js', import.meta.url);
  private readonly queue: FileJob[] = [];
  private readonly slots: Slot[] = [];
  private readonly results: FileResult[] = [];
  private ended = false;
  private done = 0;
  private finish?: (results: FileResult[]) => void;

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.workers; i++) this.slots.push(this.spawn());
  }

  add(jobs: readonly FileJob[]): void {
    this.queue.push(...jobs);
    this.dispatch();
  }

  /** No more files: resolves with every result once the queue is empty and the workers idle. */
  end(): Promise<FileResult[]> {
    this.ended = true;
    return new Promise((resolve) => {
      this.finish = resolve;
      this.dispatch();
    });
  }

  private spawn(): Slot {
    const { cwd, config, maxBytes } = this.opts;
    const slot: Slot = { worker: new Worker(this.url, { workerData: { cwd, config, maxBytes } }), inFlight: [], busy: false };
    slot.worker.on('message', (batch: FileResult[]) => {
      this.results.push(...batch);
      this.done += batch.length;
      this.opts.onProgress?.(this.done);
      slot.busy = false;
      slot.inFlight = [];
      this.dispatch();
    });
    slot.worker.on('error', () => {
      for (const job of slot.inFlight) this.results.push(failed(job));
      slot.inFlight = [];
    });
    slot.worker.on('exit', () => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      for (const job of slot.inFlight) this.results.push(failed(job)); // died without an 'error'
      if (!this.ended || this.queue.length) this.slots.push(this.spawn()); // replace a crashed worker
      this.dispatch();
    });
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || !this.queue.length) continue;
      slot.inFlight = this.queue.splice(0, BATCH);
      slot.busy = true;
      slot.worker.postMessage(slot.inFlight);
    }
    if (this.ended && !this.queue.length && this.slots.every((s) => !s.busy) && this.finish) {
      const finish = this.finish;
      this.finish = undefined;
      for (const s of this.slots.splice(0)) s.worker.postMessage(null);
      finish(this.results);
    }
  }
}
