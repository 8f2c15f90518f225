import { isExpectedIoError, rethrowUnless } from '../errors.js';
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userCacheDir } from './user-cache-dir.js';

// The key a facts cache is signed with. It lives in the user's own cache folder, outside any
// repository, so a cache file that arrives with a repository (or is planted in node_modules) is
// not signed with it and is never trusted. Without a writable home, each run has a key of its own:
// caches are then written but never reused.

let key: Buffer | undefined;

function keyFile(): string | undefined {
  const dir = userCacheDir();
  return dir && join(dir, 'cache-signing-key');
}

export function cacheSigningKey(): Buffer {
  if (key) return key;
  const file = keyFile();
  key = (file && (readKey(file) ?? writeKey(file))) || randomBytes(32);
  return key;
}

function readKey(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    // Another user's key, or one others may read, is no secret.
    if (!st.isFile() || st.size !== 32 || (typeof process.getuid === 'function' && st.uid !== process.getuid()) || (st.mode & 0o077) !== 0)
      return undefined;
    const buf = Buffer.alloc(32);
    return readSync(fd, buf, 0, 32, 0) === 32 ? buf : undefined;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function writeKey(file: string): Buffer | undefined {
  const fresh = randomBytes(32);
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    // wx: never through a link planted in its place, never over a key another run just wrote.
    writeFileSync(file, fresh, { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    // Another run wrote it first: use that one.
    return readKey(file);
  }
}
