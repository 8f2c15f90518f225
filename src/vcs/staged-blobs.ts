import { git, gitRun } from './git.js';
import { isPartialClone, requireCommitTrees, requireObjects } from './objects-present.js';

// What a commit would hold: the staged files and their content, read out of the object store
// into memory. Nothing of it is written to disk (a temporary copy would outlive a signal and
// leave tokens behind), and `cat-file` on a blob id applies no filter or textconv.

export interface StagedFile {
  /** From the top of the work tree, with `/`. */
  path: string;
  oid: string;
}

/** Its bytes, or only its size when that is over the cap (left unread). */
export type StagedContent = { bytes: Uint8Array } | { size: number };

const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

const REGULAR = new Set(['100644', '100755']);

/** Staged regular files that are added, copied, modified or changed type against HEAD (or, before the first commit, all of them). */
export function stagedFiles(top: string): StagedFile[] {
  // A repository with a commit (nearly all): the diff names HEAD itself, one git process fewer in
  // a pre-commit run. Only a partial clone needs HEAD's folders checked first.
  if (!isPartialClone(top)) {
    const direct = gitRun(top, [...DIFF_INDEX, 'HEAD', '--']);
    if (direct.status === 0) return parseDiffIndex(direct.stdout);
  }
  const head = gitRun(top, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  let base: string;
  if (head.status === 0) {
    base = head.stdout.toString('utf8').trim();
    // Only a partial clone can lack HEAD's folders and fetch them; elsewhere listing them all costs a walk of every tree.
    if (isPartialClone(top)) requireCommitTrees(top, base, 'HEAD');
    // (HEAD always names a commit: --verify without peeling only spares a lookup.)
  } else {
    const format = git(top, ['rev-parse', '--show-object-format']).toString('utf8').trim();
    base = EMPTY_TREE[format] ?? EMPTY_TREE.sha1!;
  }
  return parseDiffIndex(git(top, [...DIFF_INDEX, base, '--']));
}

/** :<old mode> <new mode> <old id> <new id> <status>\0<path>\0, the new side being the index. */
const DIFF_INDEX = ['diff-index', '--cached', '-z', '--raw', '--no-renames', '--diff-filter=ACMRT', '--ignore-submodules=all'];

function parseDiffIndex(out: Buffer): StagedFile[] {
  const fields = out.toString('utf8').split('\0');
  const staged: StagedFile[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, newMode, , newOid] = fields[i]!.slice(1).split(' ');
    if (newMode && newOid && REGULAR.has(newMode)) staged.push({ path: fields[i + 1]!, oid: newOid });
  }
  return staged;
}

/** Most bytes one `cat-file --batch` call returns: staged files are read in groups up to this. */
const GROUP_BYTES = 256 << 20;

/** The content of each of `files`, by object id; a blob over `maxBytes` is left unread. */
export function readStaged(top: string, files: readonly StagedFile[], maxBytes: number): Map<string, StagedContent> {
  const oids = [...new Set(files.map((f) => f.oid))];
  if (isPartialClone(top)) requireObjects(top, oids, (oid) => files.find((f) => f.oid === oid)?.path ?? oid);
  const out = new Map<string, StagedContent>();
  const sizes = git(top, ['cat-file', '--batch-check'], `${oids.join('\n')}\n`)
    .toString('utf8')
    .split('\n');
  let group: string[] = [];
  let groupBytes = 0;
  const flush = (): void => {
    if (!group.length) return;
    for (const [oid, bytes] of parseBatch(git(top, ['cat-file', '--batch'], `${group.join('\n')}\n`))) out.set(oid, { bytes });
    group = [];
    groupBytes = 0;
  };
  for (const line of sizes) {
    const m = /^([0-9a-f]+) blob (\d+)$/.exec(line);
    if (!m) continue;
    const size = Number(m[2]);
    if (size > maxBytes) {
      out.set(m[1]!, { size });
      continue;
    }
    if (groupBytes + size > GROUP_BYTES) flush();
    group.push(m[1]!);
    groupBytes += size;
  }
  flush();
  return out;
}

/** `<oid> blob <size>\n<bytes>\n`, repeated. */
function parseBatch(out: Buffer): Map<string, Uint8Array> {
  const blobs = new Map<string, Uint8Array>();
  let at = 0;
  while (at < out.length) {
    const nl = out.indexOf(0x0a, at);
    if (nl < 0) break;
    const m = /^([0-9a-f]+) blob (\d+)$/.exec(out.toString('latin1', at, nl));
    if (!m) break;
    const size = Number(m[2]);
    // A copy: a view would keep (and, sent to a worker, copy) the whole group's buffer.
    blobs.set(m[1]!, new Uint8Array(out.subarray(nl + 1, nl + 1 + size)));
    at = nl + 1 + size + 1;
  }
  return blobs;
}
