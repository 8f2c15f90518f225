import { createHash } from 'node:crypto';
import type { DependencyRecorder } from '../cache/dependency-recorder.js';
import { holdsNothing, type FactsCache } from '../cache/facts-cache.js';
import type { FileResult } from '../model/extracted.js';
import type { Reached, ReachInput } from './entry-reach.js';

/**
 * The reach (entry-reach.ts) of a `--cache` run, kept beside the facts (FactsCache's reach file). The reach is a
 * function of the file list, the facts, and the files it reads or looks for (deployment files, the
 * code beside each call, what those import): a re-scan whose list and facts hash alike, and whose
 * files the reach read look as they did, takes the last run's answer instead of reading them again.
 * A change that leaves every file's facts as they were (a comment, a README) is the common case.
 */
export class ReachMemo {
  constructor(
    private readonly cache: FactsCache,
    private readonly recorder: DependencyRecorder,
    /** The file list and facts the reach is asked about (factsDigest), taken before linking. */
    private readonly digest: string,
  ) {}

  reached(input: ReachInput, reach: (input: ReachInput) => Reached): Reached {
    const kept = this.cache.reachKept(this.digest, this.recorder.absOf);
    if (kept) return { workflows: new Map(kept.workflows), startedContainers: new Set(kept.startedContainers) };
    this.recorder.begin();
    let out: Reached;
    try {
      out = reach({ ...input, ctx: this.recorder.wrap(input.ctx) });
    } catch (e) {
      this.recorder.end();
      throw e;
    }
    const deps = this.recorder.end();
    this.cache.storeReach({ digest: this.digest, workflows: [...out.workflows], startedContainers: [...out.startedContainers] }, deps);
    return out;
  }
}

/**
 * A hash of what the reach is asked about: every file found, the installable packages among them,
 * and the facts of each file, as read from files (linking, which adds to them, is a function of these). The facts are what the cache stores
 * as JSON, so JSON says all of them; a cold run's and a warm run's hash alike.
 */
export function factsDigest(
  discovered: readonly string[],
  results: readonly FileResult[],
  /** Sets of folders the reach is also told (installable packages, from their manifests). */
  folders: readonly ReadonlySet<string>[] = [],
): string {
  const hash = createHash('sha256');
  for (const rel of discovered) hash.update(`${rel}\0`);
  for (const set of folders) hash.update(`\n${JSON.stringify([...set].sort())}`);
  hash.update('\n');
  // A file found to hold nothing is a result when read, and absent when its entry says so.
  for (const r of results) if (!holdsNothing(r)) hash.update(`${JSON.stringify(r)}\n`);
  return hash.digest('base64url');
}
