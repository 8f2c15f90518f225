import { describe, expect, it } from 'vitest';
import type { CredentialFact, ExtractedCallSite, FileResult } from '../../src/model/extracted.js';
import { MAX_CALL_SITES_PER_FILE, MAX_CALL_SITES_PER_SCAN, MAX_TOKEN_SITES_PER_FILE } from '../../src/facts/limits.js';
import { capFileFacts, ScanCaps } from '../../src/scan/fact-caps.js';

const credential = (type: CredentialFact['type'], committed = false): CredentialFact => ({
  type,
  source: committed ? 'literal' : 'env',
  evidence: 'name',
  ...(committed ? { committed } : {}),
});
const call = (line: number, type: CredentialFact['type'], committed = false): ExtractedCallSite => ({
  kind: 'http',
  span: { line, column: 1 },
  credential: credential(type, committed),
});

function file(rel: string, calls: ExtractedCallSite[]): FileResult {
  const snippets: Record<number, string> = {};
  for (const c of calls) snippets[c.span.line] = `line ${c.span.line}`;
  return {
    rel,
    scanned: true,
    callSites: calls,
    tokenSites: [],
    definitions: [],
    runsScripts: [],
    scriptEnv: [],
    nameEvidence: [],
    suppressions: [],
    snippets,
    cuts: [],
  };
}

describe('capFileFacts', () => {
  it('keeps the most severe call sites, in file order, and says what it cut', () => {
    const calls = Array.from({ length: MAX_CALL_SITES_PER_FILE + 10 }, (_, i) => call(i + 1, 'unknown'));
    calls[1_005] = call(1_006, 'legacy-user-api-key');
    calls[1_006] = call(1_007, 'pat');
    calls[1_007] = call(1_008, 'service-token', true);
    const f = file('a.sh', calls);
    capFileFacts(f);
    expect(f.callSites).toHaveLength(MAX_CALL_SITES_PER_FILE);
    expect(f.callSites.slice(-3).map((c) => c.span.line)).toEqual([1_006, 1_007, 1_008]);
    expect(f.callSites.map((c) => c.span.line)).toEqual([...f.callSites.map((c) => c.span.line)].sort((a, b) => a - b));
    expect(f.cuts).toEqual([`1,010 dbt Cloud call sites in this file, over the limit of 1,000: the most severe kept`]);
  });

  it('keeps committed tokens first among token sites', () => {
    const f = file('t.env', []);
    f.tokenSites = Array.from({ length: MAX_TOKEN_SITES_PER_FILE + 1 }, (_, i) => ({
      span: { line: i + 1, column: 1 },
      credential: credential('service-token'),
      committed: i === MAX_TOKEN_SITES_PER_FILE,
    }));
    capFileFacts(f);
    expect(f.tokenSites).toHaveLength(MAX_TOKEN_SITES_PER_FILE);
    expect(f.tokenSites.at(-1)!.committed).toBe(true);
    expect(f.cuts).toEqual(['1,001 token sites in this file, over the limit of 1,000: committed tokens first']);
  });

  it('leaves a file within the caps as it is', () => {
    const f = file('ok.sh', [call(1, 'pat')]);
    capFileFacts(f);
    expect(f.callSites).toHaveLength(1);
    expect(f.cuts).toEqual([]);
  });
});

describe('ScanCaps', () => {
  it('holds little more than the cap while files arrive, and keeps the most severe of the whole scan', () => {
    const caps = new ScanCaps();
    const files: FileResult[] = [];
    let most = 0;
    for (let n = 0; n < 30; n++) {
      const f = file(
        `f${String(n).padStart(2, '0')}.sh`,
        Array.from({ length: 1_000 }, (_, i) => call(i + 1, n === 29 ? 'pat' : 'unknown')),
      );
      caps.admit(f);
      files.push(f);
      most = Math.max(
        most,
        files.reduce((k, x) => k + x.callSites.length, 0),
      );
    }
    expect(most).toBeLessThanOrEqual(MAX_CALL_SITES_PER_SCAN * 1.5);
    caps.finish(files);
    expect(files.reduce((k, x) => k + x.callSites.length, 0)).toBe(MAX_CALL_SITES_PER_SCAN);
    // The PAT file comes last and loses nothing; the unknown calls of the last files go first.
    expect(files[29]!.callSites).toHaveLength(1_000);
    expect(files[29]!.cuts).toEqual([]);
    const lost = files.filter((f) => f.cuts.length > 0);
    expect(lost.length).toBeGreaterThan(0);
    for (const f of lost) {
      expect(f.cuts).toHaveLength(1);
      expect(f.cuts[0]).toMatch(
        /^more dbt Cloud call sites in the scan than the limit of 20,000: [\d,]+ of this file dropped, the most severe of the scan kept$/,
      );
      // Snippets go with the call sites they were kept for.
      expect(Object.keys(f.snippets)).toHaveLength(f.callSites.length);
    }
  });

  it('lets files take turns among equally severe facts: a small file keeps its one next to big ones', () => {
    const caps = new ScanCaps();
    const files: FileResult[] = [];
    for (let n = 0; n < 25; n++)
      files.push(
        file(
          `big-${String(n).padStart(2, '0')}.sh`,
          Array.from({ length: 1_000 }, (_, i) => call(i + 1, 'pat')),
        ),
      );
    files.push(file('zz/small.py', [call(3, 'pat')]));
    for (const f of files) caps.admit(f);
    caps.finish(files);
    expect(files.reduce((k, x) => k + x.callSites.length, 0)).toBe(MAX_CALL_SITES_PER_SCAN);
    expect(files.at(-1)!.callSites).toHaveLength(1);
    expect(files.at(-1)!.cuts).toEqual([]);
    // The big files share the rest evenly, each keeping its first lines.
    for (const f of files.slice(0, -1)) {
      expect(f.callSites.length).toBeGreaterThanOrEqual(Math.floor((MAX_CALL_SITES_PER_SCAN - 1) / 25));
      expect(f.callSites[0]!.span.line).toBe(1);
    }
  });
});
