import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ConfigData } from '../config/config.js';
import type { FileJob, FileResult } from './process-file.js';

const BATCH = 48;

export interface PoolOptions {
  cwd: string;
  config: ConfigData;
  maxBytes: number;
  discovered: string[];
  workers: number;
  onProgress?: (done: number) => void;
}

export const defaultWorkerCount = (): number => Math.max(1, Math.min(4, availableParallelism()));

/**
 * Spreads files over worker threads that pull batches as they finish (so one slow file does not
 * hold up a whole share). A worker that dies loses only its batch, reported per file.
 */
export function runPool(jobs: readonly FileJob[], opts: PoolOptions): Promise<FileResult[]> {
  const url = new URL('./worker.js', import.meta.url);
  const results: FileResult[] = [];
  let next = 0;
  let done = 0;
  return new Promise((resolveAll) => {
    let live = 0;
    const finishOne = (): void => {
      live--;
      if (live === 0) resolveAll(results);
    };
    const start = (): void => {
      live++;
      const worker = new Worker(url, { workerData: { cwd: opts.cwd, config: opts.config, maxBytes: opts.maxBytes, discovered: opts.discovered } });
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
        opts.onProgress?.(done);
        feed();
      });
      worker.on('error', () => {
        for (const job of inFlight) results.push({ rel: job.rel, scanned: false, error: 'internal error while scanning this batch; file skipped', callSites: [], tokenSites: [], definitions: [], runsScripts: [], scriptEnv: [], suppressions: [], snippets: {} });
        inFlight = [];
      });
      worker.on('exit', () => {
        if (ended) return;
        ended = true;
        if (next < jobs.length) start(); // replace a crashed worker while work remains
        finishOne();
      });
      feed();
    };
    const n = Math.max(1, Math.min(opts.workers, Math.ceil(jobs.length / BATCH)));
    for (let i = 0; i < n; i++) start();
    if (n === 0) resolveAll(results);
  });
}
