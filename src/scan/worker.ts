import { rethrowIfStrict } from '../errors.js';
import { parentPort, workerData } from 'node:worker_threads';
import { prefilterFile, type FileJob, type Prefiltered } from './prefilter-file.js';
import { heldKb, type WorkerData } from './worker-protocol.js';

// A scan worker: reads batches of files and pre-filters them, the part of a scan that costs the
// most on a big tree (system calls and byte searches). It returns the few files that can matter
// with their text; parsing them is the main thread's job, so no worker loads a parser.
//
// Memory: a file over the worker's read limit is handed back unread (the main thread reads it);
// candidates go back in parts of a few MB; and once the text the main thread has not parsed yet
// passes its cap, the worker waits for it to catch up (see worker-protocol.ts).

const { maxBytes, readLimit, flushKb, maxHeldKb, held: heldBuffer, faultOn, strict } = workerData as WorkerData;
// Strict mode as the scan has it, whatever environment the worker was given (src/errors.ts).
if (strict) process.env.DTS_STRICT = '1';
const held = new Int32Array(heldBuffer);
const timing = process.env.DTS_TIMING ? { busy: 0, files: 0, born: performance.now(), waited: 0 } : undefined;

parentPort!.on('message', (batch: FileJob[] | null) => {
  if (batch === null) {
    if (timing) process.stderr.write(`dts-timing worker ${timing.files} files, busy ${Math.round(timing.busy)} ms of ${Math.round(performance.now() - timing.born)} ms, waited ${Math.round(timing.waited)} ms\n`);
    parentPort!.close();
    return;
  }
  const t = performance.now();
  // Most files are read and dropped: only their number crosses back, not an object each.
  let outcomes: { rel: string; result: Prefiltered }[] = [];
  let skipped = 0;
  let processed = 0;
  let kb = 0;
  const flush = (final: boolean): void => {
    // Counted before it is sent, so the main thread's release never takes the count below zero.
    if (kb) Atomics.add(held, 0, kb);
    parentPort!.postMessage({ outcomes, skipped, processed, final });
    outcomes = [];
    skipped = 0;
    processed = 0;
    kb = 0;
  };
  for (const job of batch) {
    if (Atomics.load(held, 0) + kb > maxHeldKb) {
      if (outcomes.length || processed) flush(false);
      const w = performance.now();
      for (let cur = Atomics.load(held, 0); cur > maxHeldKb; cur = Atomics.load(held, 0)) Atomics.wait(held, 0, cur, 100);
      if (timing) timing.waited += performance.now() - w;
    }
    // A test's stand-in for a reader that dies on one file (out of memory, a crash in native code).
    if (faultOn !== undefined && job.rel === faultOn) throw new Error('fault injected for a test');
    let result: Prefiltered;
    try {
      result = prefilterFile(job, maxBytes, readLimit);
    } catch (e) {
      rethrowIfStrict(e, `reading ${job.rel}`);
      result = { kind: 'error', message: `cannot read: internal error (${e instanceof Error ? e.name : 'error'})` };
    }
    processed++;
    if (result.kind === 'skip') skipped++;
    else {
      outcomes.push({ rel: job.rel, result });
      kb += heldKb(result);
      if (kb >= flushKb) flush(false);
    }
  }
  if (timing) {
    timing.busy += performance.now() - t;
    timing.files += batch.length;
  }
  flush(true);
});
