import type { Config } from '../config/config.js';
import { compileGlobs } from '../discover/globs.js';
import { RunError } from '../errors.js';
import type { ScanError } from '../report/types.js';
import { git } from '../vcs/git.js';
import { isPartialClone, requireCommitTrees, requireObjects } from '../vcs/objects-present.js';
import { BlobReader, type BlobContent } from './blob-reader.js';
import { blobTokens, historyEnv, prefilterBlob, type BlobFacts } from './blob-tokens.js';
import { commitWrites, type CommitWrites } from './commit-writes.js';
import { collectEntries, type HistoryEntry } from './entries.js';
import { walkBlobs } from './object-walk.js';
import type { HistoryRange } from './range.js';

// The history run: two walks of the range side by side (the blobs, the commits that wrote them),
// every distinct blob read once through one cat-file, pre-filtered as bytes, and the few that could
// hold a token extracted as the scan extracts a file. Then one entry per distinct token.

export interface HistoryOptions {
  top: string;
  range: HistoryRange;
  config: Config;
  maxBytes: number;
}

export interface HistoryResult {
  entries: HistoryEntry[];
  errors: ScanError[];
  stats: { commits: number; blobs: number; candidates: number };
  /** HEAD's files, for the workflow of a path (a service folder, a GitHub Action). */
  headFiles: string[];
}

/** Candidates waiting for extraction before cat-file's output is paused. */
const QUEUE_HIGH = 64;

export async function runHistory(opts: HistoryOptions): Promise<HistoryResult> {
  const { top, range, maxBytes } = opts;
  const head = range.head ? headTree(top, range.head) : new Map<string, string>();
  const env = historyEnv(opts.config, maxBytes);
  const facts = new Map<string, BlobFacts>();
  const pathOf = new Map<string, string>();
  const problems = new Map<string, string>();
  const queue: { oid: string; p: NonNullable<ReturnType<typeof prefilterBlob>> & { kind: 'candidate' } }[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let candidates = 0;

  const reader = new BlobReader(top, maxBytes, (blob: BlobContent) => {
    const path = pathOf.get(blob.oid) ?? blob.oid;
    if (!('bytes' in blob)) {
      problems.set(`${path}\0size`, `a version (blob ${blob.oid.slice(0, 12)}, ${blob.size} bytes) is over the ${maxBytes} byte limit (--max-file-size) and was not read`);
      return;
    }
    const p = prefilterBlob(path, blob.bytes, maxBytes);
    if (!p) return;
    if (p.kind === 'error') {
      problems.set(`${path}\0${p.message}`, `a version (blob ${blob.oid.slice(0, 12)}): ${p.message}`);
      return;
    }
    candidates++;
    queue.push({ oid: blob.oid, p });
    if (queue.length >= QUEUE_HIGH) reader.pause();
    wake?.();
  });
  // This thread extracts candidates while git keeps listing and reading.
  const extraction = (async () => {
    for (;;) {
      const next = queue.shift();
      if (next) {
        if (queue.length < QUEUE_HIGH / 4) reader.resume();
        facts.set(next.oid, await blobTokens(next.p, env));
        continue;
      }
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
  })();

  const seen = new Set<string>();
  const read = (oid: string, path: string): void => {
    if (seen.has(oid)) return;
    seen.add(oid);
    pathOf.set(oid, path);
    reader.read(oid);
  };
  let writes: CommitWrites;
  try {
    const walk = walkBlobs(top, range.revArgs, maxBytes, read);
    // A partial clone lacks objects: nothing reads a tree before rev-list has shown them all here.
    const partial = isPartialClone(top);
    const written = partial ? undefined : commitWrites(top, range.revArgs);
    // Settled at once, so that a failure of one walk while the other is awaited is not "unhandled".
    written?.catch(() => {});
    const walked = await walk;
    if (walked.missing.length) {
      throw new RunError(`${walked.missing.length} object(s) of this history are not in this partial clone, and dbt-token-scan never fetches: fetch them first (git fetch --refetch, or a clone without --filter)`);
    }
    writes = await (written ?? commitWrites(top, range.revArgs));
    // Contents the object walk left out: over the size limit, reachable from the --since commit
    // too, or at HEAD before the range. Present, checked without fetching, then read the same way.
    const extra = new Map<string, string>();
    for (const [oid, w] of writes.writes) if (!seen.has(oid)) extra.set(oid, writes.paths[w[1]!]!);
    for (const [oid, path] of head) if (!seen.has(oid) && !extra.has(oid)) extra.set(oid, path);
    requireObjects(top, [...extra.keys()], (oid) => extra.get(oid) ?? oid);
    for (const [oid, path] of extra) read(oid, path);
    await reader.end();
  } catch (e) {
    reader.kill();
    ended = true;
    wake?.();
    await extraction.catch(() => {});
    throw e;
  }
  ended = true;
  wake?.();
  await extraction;

  const ignore = compileGlobs(opts.config.ignore, opts.config.base);
  const entries = collectEntries({ facts, writes, headBlobs: new Set(head.keys()), kept: (path) => !ignore.matches(path) });
  const errors: ScanError[] = [...problems].map(([key, message]) => ({ file: key.slice(0, key.indexOf('\0')), message }));
  return { entries, errors, stats: { commits: writes.commits.length, blobs: seen.size, candidates }, headFiles: [...head.values()] };
}

/** HEAD's files: blob id → path (the first path, when one content is in several files). */
function headTree(top: string, head: string): Map<string, string> {
  requireCommitTrees(top, head, 'HEAD');
  const out = new Map<string, string>();
  const fields = git(top, ['ls-tree', '-r', '-z', '--full-tree', head]).toString('utf8').split('\0');
  for (const f of fields) {
    const tab = f.indexOf('\t');
    const [mode, type, oid] = f.slice(0, tab).split(' ');
    if (type === 'blob' && (mode === '100644' || mode === '100755') && oid && !out.has(oid)) out.set(oid, f.slice(tab + 1));
  }
  return out;
}
