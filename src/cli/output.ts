import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isExpectedIoError, rethrowUnless, RunError } from '../errors.js';
import { redactTokens } from '../findings/redact.js';

// Where a report goes, and what happens when it cannot get there. A report that was not
// delivered must not end like a clean run: any failed write, to --output or to stdout, is exit 2
// with a message naming the destination. That includes stdout closed early by its reader
// (`| head`): ripgrep exits 0 there, git dies of SIGPIPE, but for a check whose exit code gates
// a pipeline, 0 or 1 would claim a verdict about a report nobody received. Whatever can be known
// before the scan (a missing or read-only folder, a folder in place of the file) is checked
// before it, so a long scan is not spent for nothing. (A closed stdout cannot be seen: Node
// opens /dev/null in its place at start-up.)

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EPIPE: 'its reader closed it before the report was written',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EIO: 'input/output error',
};

const STDOUT = 'the report to stdout';

export const reason = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code ? `${REASONS[code] ?? 'write failed'} (${code})` : 'write failed';
};

/** `where`: the file and its option, or "the report to stdout". */
export const cannotWrite = (where: string, why: string): RunError => new RunError(`cannot write ${where}: ${why}`);

/**
 * Before the scan: `file` (given to `option`) can be created or overwritten. Missing folders on
 * the way are created, as ESLint's --output-file does; a path through a file, a read-only folder
 * or a folder in place of the file fails now, without a file left behind. Not a guarantee: a
 * disk can still fill up later.
 */
export function checkWritable(cwd: string, file: string, option: string): void {
  const abs = resolve(cwd, file);
  const where = `${file} (${option})`;
  let exists = true;
  try {
    if (statSync(abs).isDirectory()) throw cannotWrite(where, REASONS.EISDIR!);
  } catch (e) {
    // The RunError just thrown goes on up, as does a bug.
    rethrowUnless(e, isExpectedIoError);
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotWrite(where, reason(e));
    exists = false;
  }
  try {
    if (exists) accessSync(abs, constants.W_OK);
    else {
      const dir = dirname(abs);
      // Checked on the nearest folder that exists, then the rest of the way is made.
      let present = dir;
      while (!pathExists(present) && dirname(present) !== present) present = dirname(present);
      if (!statSync(present).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
      accessSync(present, constants.W_OK | constants.X_OK);
      if (present !== dir) mkdirSync(dir, { recursive: true });
    }
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    throw cannotWrite(where, reason(e));
  }
}

function pathExists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return false;
  }
}

/** Writes a report once, to --output or stdout, through the last-line secret scrubber. */
export async function writeOutput(text: string, cwd: string, output?: string): Promise<void> {
  const safe = redactTokens(text);
  if (output === undefined) return writeStdout(safe);
  try {
    writeFileSync(resolve(cwd, output), safe);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    throw cannotWrite(`${output} (--output)`, reason(e));
  }
}

/** Resolves once `text` is written, or fails with a RunError naming stdout. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((done, fail) => {
    try {
      process.stdout.write(text, (e) => (e ? fail(cannotWrite(STDOUT, reason(e))) : done()));
    } catch (e) {
      // stdout on a file writes synchronously and can throw here (ENOSPC on /dev/full)
      fail(isExpectedIoError(e) ? cannotWrite(STDOUT, reason(e)) : e);
    }
  });
}

/** A message for the user on stderr, scrubbed too: it may echo a path or an argument. */
export function warn(message: string): void {
  process.stderr.write(`${redactTokens(message)}\n`);
}

/** Colour on a terminal only, never with NO_COLOR, --no-color or --output; --color or FORCE_COLOR forces it. */
export function useColor(flag: boolean | undefined, output: string | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0' && process.env.FORCE_COLOR !== '') return true;
  return output === undefined && process.stdout.isTTY === true;
}
