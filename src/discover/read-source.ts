import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Files over this size are skipped with a diagnostic (override with --max-file-size). */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

const size = (bytes: number): string => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

export type ReadOutcome =
  | { kind: 'bytes'; bytes: Buffer }
  /** `missing`: there is no such file (ENOENT). */
  | { kind: 'error'; message: string; missing?: true };

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * Where a thread reads file after file: one buffer, overwritten by each read. A fresh buffer per
 * file costs the kernel a page fault and a zeroed page for every 4 KB read, which doubled the
 * read time of a big scan.
 */
export interface ReadBuffer {
  /** A buffer of at least `size` bytes that starts with the first `keep` bytes of the last one taken. */
  take(size: number, keep?: number): Buffer;
}

/**
 * Reads a file once, refusing anything that is not a regular file (a FIFO would block, a
 * device never ends) and anything over the size cap. Never follows a symbolic link. With `into`,
 * the bytes returned live in that buffer and are valid only until its next read. `abs` is bytes
 * for a name that is not UTF-8 (src/discover/file-names.ts).
 */
export function readBytes(abs: string | Uint8Array, maxBytes: number, into?: ReadBuffer): ReadOutcome {
  let fd: number;
  try {
    // Bytes cross to a worker thread as a Uint8Array; fs takes them as a Buffer.
    fd = openSync(typeof abs === 'string' ? abs : Buffer.from(abs.buffer, abs.byteOffset, abs.byteLength), OPEN_FLAGS);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { kind: 'error', message: openMessage(code), missing: true } : { kind: 'error', message: openMessage(code) };
  }
  try {
    return into ? readToEnd(fd, maxBytes, into) : readSized(fd, maxBytes);
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return { kind: 'error', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? 'I/O error'}` };
  } finally {
    closeSync(fd);
  }
}

function readSized(fd: number, maxBytes: number): ReadOutcome {
  const st = fstatSync(fd);
  if (!st.isFile()) return { kind: 'error', message: 'skipped: not a regular file' };
  if (st.size > maxBytes) return tooBig(st.size, maxBytes);
  const buf = Buffer.allocUnsafe(st.size);
  let off = 0;
  while (off < st.size) {
    const n = readSync(fd, buf, off, st.size - off, off);
    if (n === 0) break;
    off += n;
  }
  return { kind: 'bytes', bytes: off === st.size ? buf : buf.subarray(0, off) };
}

/**
 * Reads until the end without asking the size first: one system call fewer per file, which counts
 * over tens of thousands of files. Only files the walk found regular come this way; anything that
 * is not (swapped in since) fails to read or stops at the size cap.
 */
function readToEnd(fd: number, maxBytes: number, into: ReadBuffer): ReadOutcome {
  let buf = into.take(0);
  let off = 0;
  for (;;) {
    if (off === buf.length) {
      if (off > maxBytes) return tooBig(fstatSync(fd).size, maxBytes);
      buf = into.take(Math.min(off * 2, maxBytes + 1), off);
    }
    const n = readSync(fd, buf, off, buf.length - off, off);
    if (n === 0) break;
    off += n;
  }
  if (off > maxBytes) return tooBig(Math.max(off, fstatSync(fd).size), maxBytes);
  return { kind: 'bytes', bytes: buf.subarray(0, off) };
}

export const tooBig = (bytes: number, maxBytes: number): ReadOutcome => ({
  kind: 'error',
  message: `skipped: ${size(bytes)} is over the ${size(maxBytes)} limit (--max-file-size)`,
});

function openMessage(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'cannot read: permission denied';
    case 'ELOOP':
      return 'skipped: symbolic link';
    case 'ENAMETOOLONG':
      return 'cannot read: path too long';
    case 'ENOENT':
      return 'cannot read: file vanished during the scan';
    default:
      return `cannot read: ${code ?? 'I/O error'}`;
  }
}
