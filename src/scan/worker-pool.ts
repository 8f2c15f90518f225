import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ConfigData } from '../config/config.js';
import type { FileJob, FileResult } from './process-file.js';

const BATCH = 48;

export interface PoolOptions {
  cwd: string;
  config: ConfigData;
  maxBytes: number;
  workers: number;
}

export const defaultWorkerCount = (): number => Math.max(1, Math.min(4, availableParallelism()));

const failed = (job: FileJob): FileResult => ({
  rel: job.rel, scanned: false, error: 'internal error while scanning this batch; file skipped',
  callSites: [], tokenSites: [], definitions: [], runsScripts: [], scriptEnv: [], suppressions: [], snippets: {},
});

/**
 * Worker threads that pull batches of files as they finish (so one slow file does not hold up a
 * whole share). Started before discovery, so their start-up overlaps the walk of the tree; a
 * worker that dies loses only its batch, reported per file.
 */
export class WorkerPool {
  private readonly url = new URL('./worker.js', import.meta.url);
  private readonly idle: Worker[] = [];
  private closed = false;

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.workers; i++) this.idle.push(this.spawn());
  }

  private spawn(): Worker {
    const { cwd, config, maxBytes } = this.opts;
    return new Worker(this.url, { workerData: { cwd, config, maxBytes } });
  }

  /** Stops the workers without using them (a tree too small to be worth it). */
  close(): void {
    this.closed = true;
    for (const w of this.idle.splice(0)) void w.terminate();
  }

  run(jobs: readonly FileJob[], onProgress?: (done: number) => void): Promise<FileResult[]> {
    if (this.closed) throw new Error('worker pool already closed');
    this.closed = true;
    const results: FileResult[] = [];
    let next = 0;
    let done = 0;
    let live = 0;
    return new Promise((resolveAll) => {
      const finishOne = (): void => {
        if (--live === 0) resolveAll(results);
      };
      const drive = (worker: Worker): void => {
        live++;
        let inFlight: readonly FileJob[] = [];
        let ended = false;
        const feed = (): void => {
          if (next >= jobs.length) {
            inFlight = [];
            worker.postMessage(null);
            return;
          }
          inFlight = jobs.slice(next, next + BATCH);
          next += inFlight.length;
          worker.postMessage(inFlight);
        };
        worker.on('message', (batch: FileResult[]) => {
          results.push(...batch);
          done += batch.length;
          onProgress?.(done);
          feed();
        });
        worker.on('error', () => {
          for (const job of inFlight) results.push(failed(job));
          inFlight = [];
        });
        worker.on('exit', () => {
          if (ended) return;
          ended = true;
          if (next < jobs.length) drive(this.spawn()); // replace a crashed worker while work remains
          finishOne();
        });
        feed();
      };
      const workers = this.idle.splice(0);
      const useful = Math.max(1, Math.min(workers.length, Math.ceil(jobs.length / BATCH)));
      for (const w of workers.slice(useful)) void w.terminate();
      for (const w of workers.slice(0, useful)) drive(w);
    });
  }
}
