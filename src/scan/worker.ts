import { rethrowIfStrict } from '../errors.js';
import { parentPort, workerData } from 'node:worker_threads';
import { prefilterFile, type Prefiltered } from './prefilter-file.js';
import type { ProcessEnv } from './process-file.js';
import {
  CLAIMED_BY_WORKER,
  heldKb,
  jobsOf,
  type BatchMessage,
  type JudgeMessage,
  type Outcome,
  type VerdictsMessage,
  type WorkerData,
} from './worker-protocol.js';
import { entryVerdict } from './entry-verdict.js';
import { codeCacheHook } from '../cli/startup/hook.js';
import type { AdapterContext } from '../adapters/adapter.js';

// A scan worker: reads batches of files and pre-filters them (system calls and byte searches, the
// part of a scan that costs the most on a big tree), and extracts the few candidates itself, so
// that parsing is spread over the threads too. It returns facts, and for the files it does not
// extract (a --cache run, files too big for it) their text.
//
// Memory: a file over the worker's read limit is handed back unread (the main thread reads it);
// texts go back in parts of a few MB; and once the text the main thread has not parsed yet passes
// its cap, the worker waits for it to catch up (see worker-protocol.ts).

const { maxBytes, readLimit, flushKb, maxHeldKb, held: heldBuffer, extract, faultOn, strict, threads, reach } = workerData as WorkerData;
// Strict mode as the scan has it, whatever environment the worker was given (src/errors.ts).
if (strict) process.env.DTS_STRICT = '1';
const held = new Int32Array(heldBuffer);
const timing = process.env.DTS_TIMING ? { busy: 0, files: 0, born: performance.now(), waited: 0 } : undefined;

/** The extraction side, loaded with the first candidate: a worker of a tree without one never loads it. */
let extractor: Promise<{ env: ProcessEnv; fromPrefiltered: typeof import('./process-file.js').fromPrefiltered }> | undefined;
const loadExtractor = (cwd: string, config: NonNullable<WorkerData['extract']>['config']): NonNullable<typeof extractor> =>
  (extractor ??= (async () => {
    const [{ fromPrefiltered }, { makeAdapterContext }, { shareCpuWith }] = await Promise.all([
      import('./process-file.js'),
      import('./repo-files.js'),
      import('../adapters/extraction-limits.js'),
    ]);
    shareCpuWith(threads);
    return { env: { config, maxBytes, ctx: makeAdapterContext(cwd, new Set(), maxBytes) }, fromPrefiltered };
  })());

/**
 * The first candidates go to the main thread as text, as on a tree where few files can matter: it
 * extracts them between the walk's steps, and this thread never loads a parser (tens of MB). Past
 * these, the tree is one where dbt Cloud code is common, and this thread extracts its share.
 */
const SEND_FIRST_CANDIDATES = 64;
let candidates = 0;

// Batches are handled one at a time, in order: extraction is asynchronous (parsers load on first use).
let queue = Promise.resolve();
parentPort!.on('message', (message: BatchMessage | JudgeMessage | null) => {
  queue = queue.then(() => (message !== null && 'judge' in message ? judge(message) : handle(message)));
});

/** The reach's reads, made on the first files to judge. */
let reachCtx: AdapterContext | undefined;
const judged = new Set<string>();

/** Judges code files for the reach: read and looked at here, while the main thread parses. */
async function judge({ judge: files }: JudgeMessage): Promise<void> {
  const verdicts: VerdictsMessage['verdicts'] = [];
  if (reach) {
    const { makeAdapterContext } = await import('./repo-files.js');
    // Files the walk found, as the main thread's context knows them: read without a check each.
    // Each is judged once: no text is kept.
    reachCtx ??= makeAdapterContext(reach.cwd, judged, reach.maxBytes, 0);
    const ctx = reachCtx;
    for (const file of files) {
      judged.add(file);
      // What the verdict asked of other files, for the main thread to check against what it knows.
      const asked: Array<[string, boolean]> = [];
      const recording: AdapterContext = {
        readRepoFile: (p) => ctx.readRepoFile(p),
        fileExists: (p) => {
          const exists = ctx.fileExists(p);
          asked.push([p, exists]);
          return exists;
        },
      };
      try {
        verdicts.push([file, entryVerdict(file, recording), asked]);
      } catch (e) {
        // Left to the main thread, which judges what comes back without a verdict.
        rethrowIfStrict(e, `judging ${file}`);
      }
    }
  }
  parentPort!.postMessage({ verdicts } satisfies VerdictsMessage);
}

async function handle(message: BatchMessage | null): Promise<void> {
  if (message === null) {
    if (timing) {
      process.stderr.write(
        `dts-timing worker ${timing.files} files, busy ${Math.round(timing.busy)} ms of ${Math.round(performance.now() - timing.born)} ms, waited ${Math.round(timing.waited)} ms\n`,
      );
      if (extractor)
        for (const line of (await import('./process-file.js')).adapterTimingLines()) process.stderr.write(`dts-timing worker ${line}\n`);
      for (const line of codeCacheHook()?.report?.() ?? []) process.stderr.write(`dts-timing worker ${line}\n`);
    }
    // What this thread compiled, for the next run's readers (worker-launcher.ts).
    codeCacheHook()?.save?.();
    parentPort!.close();
    return;
  }
  const jobs = jobsOf(message);
  const { claims } = message;
  const t = performance.now();
  // Most files are read and dropped: only their number crosses back, not an object each.
  let outcomes: Outcome[] = [];
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
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    // Taken by the main thread: it reads and reports this file itself.
    if (Atomics.compareExchange(claims, i, 0, CLAIMED_BY_WORKER) !== 0) {
      processed++;
      continue;
    }
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
    let outcome: Outcome = { rel: job.rel, result };
    if (extract && result.kind === 'candidate' && ++candidates > SEND_FIRST_CANDIDATES) {
      const { env, fromPrefiltered } = await loadExtractor(extract.cwd, extract.config);
      outcome = { rel: job.rel, extracted: await fromPrefiltered(job.rel, result, env) };
    }
    processed++;
    if (result.kind === 'skip') {
      skipped++;
      continue;
    }
    outcomes.push(outcome);
    kb += heldKb(outcome);
    if (kb >= flushKb) flush(false);
  }
  if (timing) {
    timing.busy += performance.now() - t;
    timing.files += jobs.length;
  }
  flush(true);
}
