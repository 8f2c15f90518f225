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

parentPort!.on('message', async (batch: FileJob[] | null) => {
  if (batch === null) {
    parentPort!.close();
    return;
  }
  const results: FileResult[] = [];
  for (const job of batch) results.push(await processFile(job, env));
  parentPort!.postMessage(results);
});
