import type { FileRole } from '../model/raw-facts.js';
import type { BlobFacts, BlobHit } from './blob-tokens.js';
import { earliestWrite, type CommitWrites } from './commit-writes.js';

// From blobs to tokens: one entry per distinct token (by the credential's identity, a hash of its
// value), placed at the earliest commit that wrote a file holding it, with the number of commits
// that did and whether HEAD still holds it. Most recent first.

export interface HistoryEntry {
  /** The token as first committed: where, and the hit there (redacted credential, line, snippet). */
  hit: BlobHit;
  file: string;
  role?: FileRole;
  commit: string;
  /** Its place in rev-list's output (newest first): orders commits of the same second. */
  commitIndex: number;
  /** Committer date of `commit`, Unix seconds. */
  time: number;
  /** Commits that wrote a version of a file holding the token (merges only for what they changed). */
  commits: number;
  presentAtHead: boolean;
  /** A `dbt-token-scan-ignore` comment beside the token, in any version: the token is someone's known case. */
  suppression?: { reason?: string };
}

export interface EntryInput {
  facts: ReadonlyMap<string, BlobFacts>;
  writes: CommitWrites;
  headBlobs: ReadonlySet<string>;
  /** Whether a path is scanned (not under the config's `ignore` globs). */
  kept: (path: string) => boolean;
}

export function collectEntries({ facts, writes, headBlobs, kept: keep }: EntryInput): HistoryEntry[] {
  const blobsOf = new Map<string, string[]>();
  for (const [oid, f] of facts) {
    for (const h of f.hits) {
      const id = h.credential.identity!;
      const list = blobsOf.get(id);
      if (!list) blobsOf.set(id, [oid]);
      else if (list[list.length - 1] !== oid) list.push(oid);
    }
  }
  const { commits, paths } = writes;
  const out: HistoryEntry[] = [];
  for (const [id, blobs] of blobsOf) {
    const commitSet = new Set<number>();
    let best: { commit: number; path: number; oid: string } | undefined;
    let suppression: HistoryEntry['suppression'];
    for (const oid of blobs) {
      const w = writes.writes.get(oid) ?? [];
      const kept = (i: number): boolean => keep(paths[w[i + 1]!]!);
      let wrote = false;
      for (let i = 0; i < w.length; i += 2) {
        if (!kept(i)) continue;
        wrote = true;
        commitSet.add(w[i]!);
      }
      const first = earliestWrite(commits, w, kept);
      if (first !== undefined) {
        const c = w[first]!;
        if (!best || commits[c]!.time < commits[best.commit]!.time || (commits[c]!.time === commits[best.commit]!.time && c > best.commit))
          best = { commit: c, path: w[first + 1]!, oid };
      }
      const s = wrote ? facts.get(oid)!.hits.find((h) => h.credential.identity === id && h.suppression)?.suppression : undefined;
      if (s && !suppression) suppression = s;
    }
    if (!best) continue;
    const f = facts.get(best.oid)!;
    const hit = f.hits.find((h) => h.credential.identity === id)!;
    out.push({
      hit,
      file: paths[best.path]!,
      ...(f.role ? { role: f.role } : {}),
      commit: commits[best.commit]!.oid,
      commitIndex: best.commit,
      time: commits[best.commit]!.time,
      commits: commitSet.size,
      presentAtHead: blobs.some((b) => headBlobs.has(b)),
      ...(suppression ? { suppression } : {}),
    });
  }
  return out.sort(
    (a, b) =>
      b.time - a.time ||
      a.commitIndex - b.commitIndex ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.hit.span.line - b.hit.span.line ||
      a.hit.span.column - b.hit.span.column,
  );
}
