import { internalErrorMessage, isInternalErrorMessage, rethrowIfStrict } from '../errors.js';
import type { AdapterContext } from '../adapters/adapter.js';
import type { CredentialFact, FileResult } from '../model/extracted.js';
import type { Config } from '../config/config.js';
import { mayHoldHexKey } from '../credentials/token-shapes.js';
import type { FileRole, Span } from '../model/raw-facts.js';
import type { Workflow } from '../model/vocabulary.js';
import { suppressionFor } from '../findings/suppress.js';
import { extractFromSource, type ProcessEnv } from '../scan/process-file.js';
import { prefilterFile, type Prefiltered } from '../scan/prefilter-file.js';

// One blob, as the scan would see one file: the byte pre-filter first (most blobs stop there,
// undecoded), then the scan's own extraction on the few that could hold a token, and only the
// committed token literals kept, exactly those the `hardcoded-token` rule reports.

/** A committed token in one blob. The credential holds its redacted form and identity, never the value. */
export interface BlobHit {
  credential: CredentialFact;
  span: Span;
  /** The redacted line, for fingerprints and code frames. */
  snippet?: string;
  /** A `dbt-token-scan-ignore` comment silences it here. */
  suppression?: { reason?: string };
  /** The call this token authenticates in the blob, when there is one: its workflow decides. */
  call?: { kind: FileResult['callSites'][number]['kind']; workflow?: Workflow };
}

export interface BlobFacts {
  role?: FileRole;
  hits: BlobHit[];
  /** Unexpected errors met on the blob (a bug): unlike its parse problems, each is an `errors` entry. */
  internalErrors?: string[];
}

/** History has no work tree to follow imports into: each blob is read on its own. */
const NO_FILES: AdapterContext = { readRepoFile: () => undefined, fileExists: () => false };

export const historyEnv = (config: Config, maxBytes: number): ProcessEnv => ({ config, maxBytes, ctx: NO_FILES });

/** Stage one on the bytes: undefined when the blob cannot hold a committed token. */
export function prefilterBlob(
  path: string,
  bytes: Buffer,
  maxBytes: number,
): Extract<Prefiltered, { kind: 'candidate' } | { kind: 'error' }> | undefined {
  const p = prefilterFile({ rel: path, abs: path, content: { bytes } }, maxBytes);
  if (p.kind === 'error') return p;
  if (p.kind !== 'candidate') return undefined;
  // Neither a token prefix nor a 40-hex run: nothing for `hardcoded-token`, whatever else is there.
  if (!p.hasLiteral && !mayHoldHexKey(p.file.text)) return undefined;
  return p;
}

/** The committed tokens of a candidate blob. */
export async function blobTokens(p: Extract<Prefiltered, { kind: 'candidate' }>, env: ProcessEnv): Promise<BlobFacts> {
  let r: FileResult;
  // The adapter decides only for a 40-hex value (a user API key, which needs a dbt context); a
  // `dbtu_`/`dbtc_` token is committed wherever it is written, and the scan's literal search finds
  // it without one. So the parse, the costly part, runs only where it can change the answer.
  const tested = { relevant: p.relevant && mayHoldHexKey(p.file.text), hasLiteral: p.hasLiteral };
  try {
    r = await extractFromSource(p.file, env, tested);
  } catch (e) {
    rethrowIfStrict(e, `extracting ${p.file.path}`);
    return { hits: [], internalErrors: [internalErrorMessage('the extraction', e, 'version skipped')] };
  }
  const internalErrors = [r.error ?? '', ...r.cuts].filter(isInternalErrorMessage);
  const hits: BlobHit[] = [];
  for (const t of r.tokenSites) {
    if (!t.committed || t.credential.source !== 'literal' || t.credential.identity === undefined) continue;
    const s = suppressionFor(r.suppressions, t.span.line, 'hardcoded-token');
    const call = r.callSites.find((c) => c.credential.identity === t.credential.identity) ?? r.callSites[0];
    hits.push({
      credential: t.credential,
      span: t.span,
      ...(r.snippets[t.span.line] !== undefined ? { snippet: r.snippets[t.span.line] } : {}),
      ...(s ? { suppression: s.reason ? { reason: s.reason } : {} } : {}),
      ...(call ? { call: { kind: call.kind, ...(call.workflow ? { workflow: call.workflow } : {}) } } : {}),
    });
  }
  return { ...(r.role ? { role: r.role } : {}), hits, ...(internalErrors.length ? { internalErrors } : {}) };
}
