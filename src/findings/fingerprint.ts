import { createHash } from 'node:crypto';
import type { Finding, RawFinding } from '../model/findings.js';

/**
 * A fingerprint that survives edits elsewhere in the file: rule, file, credential identity,
 * endpoint and the (redacted, whitespace-normalised) text of the line, but no line number. Equal
 * keys in one file are told apart by their order. base64url, so it never looks like a hex secret.
 */
export function withFingerprints(findings: readonly RawFinding[], lineText: (file: string, line: number) => string | undefined): Finding[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const text = (lineText(f.file, f.line) ?? '').replace(/\s+/g, ' ').trim();
    const key = [
      f.ruleId,
      f.file,
      f.credential.source,
      f.credential.name ?? '',
      f.credential.redacted ?? '',
      f.endpoint?.path ?? '',
      text,
    ].join('\u0000');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const fingerprint = createHash('sha256').update(`${key}\u0000${n}`).digest('base64url').slice(0, 22);
    return { ...f, fingerprint };
  });
}
