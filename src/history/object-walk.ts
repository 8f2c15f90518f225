import { gitSpawn } from '../vcs/git.js';
import { childDone } from './child-done.js';
import { Lines } from './nul-tokens.js';

// Every distinct file content (blob) of the range, once, with the path it first appeared under:
// `rev-list --objects`, told to list blobs only and to leave out those over the size limit
// (listed by the other walk and reported as too big). `--missing=print` never fetches: an object
// absent from a partial clone comes back as `?id`, and the run stops before anything reads it.

export interface WalkedBlobs {
  /** Ids of absent objects (a partial clone). */
  missing: string[];
}

const LINE = /^([0-9a-f]{40}|[0-9a-f]{64})(?: (.*))?$/;

/** Calls `onBlob` for each blob of at most `maxBytes` as rev-list finds it. */
export async function walkBlobs(
  top: string,
  revArgs: readonly string[],
  maxBytes: number,
  onBlob: (oid: string, path: string) => void,
): Promise<WalkedBlobs> {
  const out: WalkedBlobs = { missing: [] };
  if (!revArgs.length) return out;
  const child = gitSpawn(top, [
    'rev-list',
    '--objects',
    '--missing=print',
    `--filter=combine:object:type=blob+blob:limit=${maxBytes + 1}`,
    ...revArgs,
    '--',
  ]);
  child.stdin.end();
  const lines = new Lines((line) => {
    if (line.startsWith('?')) {
      out.missing.push(line.slice(1).trim());
      return;
    }
    // Commits come bare; a path with a newline in it leaves a line that is no object: skipped.
    const m = LINE.exec(line);
    if (m?.[2] !== undefined) onBlob(m[1]!, m[2]);
  });
  child.stdout.on('data', (c: Buffer) => lines.push(c));
  await childDone(child, 'git rev-list');
  lines.end();
  return out;
}
