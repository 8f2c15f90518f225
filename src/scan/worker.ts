import { parentPort, workerData } from 'node:worker_threads';
import { prefilterFile, type FileJob, type Prefiltered } from './prefilter-file.js';

// A scan worker: reads batches of files and pre-filters them, the part of a scan that costs the
// most on a big tree (system calls and byte searches). It returns the few files that can matter
// with their text; parsing them is the main thread's job, so no worker loads a parser.

const { maxBytes } = workerData as { maxBytes: number };
const timing = process.env.DTS_TIMING ? { busy: 0, files: 0, born: performance.now() } : undefined;

parentPort!.on('message', (batch: FileJob[] | null) => {
  if (batch === null) {
    if (timing) process.stderr.write(`dts-timing worker ${timing.files} files, busy ${Math.round(timing.busy)} ms of ${Math.round(performance.now() - timing.born)} ms\n`);
    parentPort!.close();
    return;
  }
  const t = performance.now();
  // Most files are read and dropped: only their number crosses back, not an object each.
  const outcomes: { rel: string; result: Prefiltered }[] = [];
  let skipped = 0;
  for (const job of batch) {
    const result = prefilterFile(job, maxBytes);
    if (result.kind === 'skip') skipped++;
    else outcomes.push({ rel: job.rel, result });
  }
  if (timing) {
    timing.busy += performance.now() - t;
    timing.files += batch.length;
  }
  parentPort!.postMessage({ outcomes, skipped });
});
