import {
  cutMessage,
  MAX_CALL_SITES_PER_FILE,
  MAX_CALL_SITES_PER_SCAN,
  MAX_LINK_FACTS_PER_FILE,
  MAX_TOKEN_SITES_PER_FILE,
  MAX_TOKEN_SITES_PER_SCAN,
} from '../facts/limits.js';
import type { Span } from '../model/raw-facts.js';
import type { ExtractedCallSite, ExtractedTokenSite, FileResult } from '../model/extracted.js';

// The caps of src/facts/limits.ts applied to extracted facts, per file and per scan. What a cap
// keeps is decided by rank, a stand-in for the severity of the findings a fact can lead to (the
// rules run only after every file is read and linked): a retired user API key or a committed token
// can only be an error, a PAT is an error in production, a service token at most a warning, an
// unknown credential at most a note. Within a rank, earlier in the file wins, and across files of a
// scan, files take turns (see `dropBeyond`).

/** 0 is the most severe. */
function callSiteRank(c: ExtractedCallSite): number {
  if (c.credential.type === 'legacy-user-api-key' || c.credential.committed) return 0;
  if (c.credential.type === 'pat') return 1;
  if (c.credential.type === 'service-token') return 2;
  return 3;
}

function tokenSiteRank(t: ExtractedTokenSite): number {
  return t.committed ? 0 : t.credential.type === 'legacy-user-api-key' || t.credential.type === 'pat' ? 1 : 2;
}

const byPosition = (a: Span, b: Span): number => a.line - b.line || a.column - b.column;

/** The `limit` most severe of `items` (in their original order), or `items` itself when within it. */
function keepMostSevere<T extends { span: Span }>(items: T[], limit: number, rank: (x: T) => number): T[] {
  if (items.length <= limit) return items;
  const ranked = items.map((x) => ({ x, r: rank(x) }));
  ranked.sort((a, b) => a.r - b.r || byPosition(a.x.span, b.x.span));
  const kept = new Set(ranked.slice(0, limit).map((e) => e.x));
  return items.filter((x) => kept.has(x));
}

/**
 * Applies the per-file caps to one file's facts, in place, and notes each cut in `cuts`. Snippets
 * are made afterwards, for the lines of what is kept only.
 */
export function capFileFacts(out: FileResult): void {
  const calls = out.callSites.length;
  out.callSites = keepMostSevere(out.callSites, MAX_CALL_SITES_PER_FILE, callSiteRank);
  if (calls > out.callSites.length) out.cuts.push(cutMessage('dbt Cloud call sites in this file', MAX_CALL_SITES_PER_FILE, calls));
  const tokens = out.tokenSites.length;
  out.tokenSites = keepMostSevere(out.tokenSites, MAX_TOKEN_SITES_PER_FILE, tokenSiteRank);
  if (tokens > out.tokenSites.length)
    out.cuts.push(cutMessage('token sites in this file', MAX_TOKEN_SITES_PER_FILE, tokens, 'committed tokens first'));
  const linked = out.definitions.length + out.nameEvidence.length + out.scriptEnv.length;
  if (linked > MAX_LINK_FACTS_PER_FILE) {
    out.definitions = out.definitions.slice(0, MAX_LINK_FACTS_PER_FILE);
    out.nameEvidence = out.nameEvidence.slice(0, MAX_LINK_FACTS_PER_FILE);
    out.scriptEnv = out.scriptEnv.slice(0, MAX_LINK_FACTS_PER_FILE);
    if (out.definitions.length + out.nameEvidence.length + out.scriptEnv.length < linked) {
      out.cuts.push(
        cutMessage(
          'definitions, named values and script environments for linking',
          MAX_LINK_FACTS_PER_FILE,
          undefined,
          'the first of each kind kept',
        ),
      );
    }
  }
}

interface Held<T> {
  file: FileResult;
  fact: T;
  rank: number;
}

/**
 * The per-scan caps, applied while files arrive so that a scan never holds much more than the
 * caps at any time: once half a cap over, the least severe facts held so far are dropped (the
 * amortised cost stays linear), and `finish` trims to the cap exactly and notes, in each file
 * that lost facts, how many.
 */
export class ScanCaps {
  private readonly files: FileResult[] = [];
  private calls = 0;
  private tokens = 0;
  /** By file: call sites and token sites dropped by the per-scan caps. */
  private readonly dropped = new Map<string, { calls: number; tokens: number }>();

  admit(file: FileResult): void {
    this.files.push(file);
    this.calls += file.callSites.length;
    this.tokens += file.tokenSites.length;
    if (this.calls > MAX_CALL_SITES_PER_SCAN * 1.5) this.trimCalls();
    if (this.tokens > MAX_TOKEN_SITES_PER_SCAN * 1.5) this.trimTokens();
  }

  /** Trims to the caps exactly and notes the cuts; call once, with every file of the scan. */
  finish(files: readonly FileResult[]): void {
    this.files.length = 0;
    this.files.push(...files);
    this.calls = files.reduce((n, f) => n + f.callSites.length, 0);
    this.tokens = files.reduce((n, f) => n + f.tokenSites.length, 0);
    if (this.calls > MAX_CALL_SITES_PER_SCAN) this.trimCalls();
    if (this.tokens > MAX_TOKEN_SITES_PER_SCAN) this.trimTokens();
    for (const file of files) {
      const d = this.dropped.get(file.rel);
      if (!d) continue;
      const n = (x: number): string => x.toLocaleString('en-US');
      if (d.calls)
        file.cuts.push(
          cutMessage(
            'dbt Cloud call sites in the scan',
            MAX_CALL_SITES_PER_SCAN,
            undefined,
            `${n(d.calls)} of this file dropped, the most severe of the scan kept`,
          ),
        );
      if (d.tokens)
        file.cuts.push(
          cutMessage(
            'token sites in the scan',
            MAX_TOKEN_SITES_PER_SCAN,
            undefined,
            `${n(d.tokens)} of this file dropped, committed tokens kept first`,
          ),
        );
    }
    this.files.length = 0;
  }

  private countOf(file: FileResult): { calls: number; tokens: number } {
    let d = this.dropped.get(file.rel);
    if (!d) this.dropped.set(file.rel, (d = { calls: 0, tokens: 0 }));
    return d;
  }

  private trimCalls(): void {
    const held: Held<ExtractedCallSite>[] = [];
    for (const file of this.files) for (const fact of file.callSites) held.push({ file, fact, rank: callSiteRank(fact) });
    for (const [file, gone] of dropBeyond(held, MAX_CALL_SITES_PER_SCAN)) {
      file.callSites = file.callSites.filter((c) => !gone.has(c));
      this.countOf(file).calls += gone.size;
      dropUnusedSnippets(file);
    }
    this.calls = Math.min(this.calls, MAX_CALL_SITES_PER_SCAN);
  }

  private trimTokens(): void {
    const held: Held<ExtractedTokenSite>[] = [];
    for (const file of this.files) for (const fact of file.tokenSites) held.push({ file, fact, rank: tokenSiteRank(fact) });
    for (const [file, gone] of dropBeyond(held, MAX_TOKEN_SITES_PER_SCAN)) {
      file.tokenSites = file.tokenSites.filter((t) => !gone.has(t));
      this.countOf(file).tokens += gone.size;
      dropUnusedSnippets(file);
    }
    this.tokens = Math.min(this.tokens, MAX_TOKEN_SITES_PER_SCAN);
  }
}

/**
 * The facts beyond the `limit` most severe, by file. Among equally severe facts, files take turns:
 * the first of every file before the second of any, so that a file with a few findings keeps them
 * next to files with thousands.
 */
function dropBeyond<T extends { span: Span }>(held: Held<T>[], limit: number): Map<FileResult, Set<T>> {
  const out = new Map<FileResult, Set<T>>();
  if (held.length <= limit) return out;
  const byFile = (a: Held<T>, b: Held<T>): number => (a.file.rel < b.file.rel ? -1 : a.file.rel > b.file.rel ? 1 : 0);
  held.sort((a, b) => a.rank - b.rank || byFile(a, b) || byPosition(a.fact.span, b.fact.span));
  // Each fact's turn: its place among the facts of the same file and rank.
  const turn = new Map<Held<T>, number>();
  for (let i = 0; i < held.length; i++) {
    const prev = held[i - 1];
    const h = held[i]!;
    turn.set(h, prev && prev.rank === h.rank && prev.file === h.file ? turn.get(prev)! + 1 : 0);
  }
  held.sort((a, b) => a.rank - b.rank || turn.get(a)! - turn.get(b)! || byFile(a, b) || byPosition(a.fact.span, b.fact.span));
  for (const h of held.slice(limit)) {
    let gone = out.get(h.file);
    if (!gone) out.set(h.file, (gone = new Set()));
    gone.add(h.fact);
  }
  return out;
}

/** Snippets are kept for the lines of a file's call and token sites only. */
function dropUnusedSnippets(file: FileResult): void {
  const used = new Set<number>();
  for (const c of file.callSites) used.add(c.span.line);
  for (const t of file.tokenSites) used.add(t.span.line);
  for (const line of Object.keys(file.snippets)) if (!used.has(Number(line))) delete file.snippets[Number(line)];
}
