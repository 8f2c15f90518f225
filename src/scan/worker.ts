import { parentPort, workerData } from 'node:worker_threads';
import { fromConfigData, type ConfigData } from '../config/config.js';
import { processFile, type FileJob, type FileResult } from './process-file.js';
import { makeAdapterContext } from './repo-files.js';

// A scan worker: pulls batches of files from the main thread and returns plain facts.

interface WorkerInit {
  cwd: string;
  config: ConfigData;
  maxBytes: number;
}

const init = workerData as WorkerInit;
const env = {
  config: fromConfigData(init.config),
  maxBytes: init.maxBytes,
  ctx: makeAdapterContext(init.cwd, new Set(), init.maxBytes),
};

const timing = process.env.DTS_TIMING ? { busy: 0, files: 0, born: performance.now() } : undefined;

parentPort!.on('message', async (batch: FileJob[] | null) => {
  if (batch === null) {
    if (timing) process.stderr.write(`dts-timing worker ${timing.files} files, busy ${Math.round(timing.busy)} ms of ${Math.round(performance.now() - timing.born)} ms\n`);
    parentPort!.close();
    return;
  }
  const t = performance.now();
  const results: FileResult[] = [];
  for (const job of batch) results.push(await processFile(job, env));
  if (timing) {
    timing.busy += performance.now() - t;
    timing.files += batch.length;
  }
  parentPort!.postMessage(results);
});
