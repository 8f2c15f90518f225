import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigError, isExpectedIoError, rethrowUnless } from '../errors.js';

// The files a run is steered by (config, baseline, ignore list) may come with a pull request, so
// each is read the same guarded way: opened without blocking (a symlink to a FIFO or a device must
// not hang the run), insisted on being a regular file, and refused over its size bound before a
// byte is read.

export interface InputFile {
  /** The path as messages show it. */
  shown: string;
  /** What the file is, for messages: `a config file`. */
  what: string;
  maxBytes: number;
  /** The unit sizes are given in, in messages. */
  unit: 'KB' | 'MB';
}

const inUnit = (bytes: number, unit: InputFile['unit']): number => Math.ceil(bytes / (unit === 'KB' ? 1024 : 1048576));

/** The file's text, or undefined when there is no such file. Any other failure to read it is a ConfigError. */
export function readInputFile(path: string, file: InputFile): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError(`${file.shown}: cannot read ${file.what} (${code ?? 'I/O error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ConfigError(`${file.shown}: not a regular file`);
    if (st.size > file.maxBytes) {
      throw new ConfigError(
        `${file.shown}: ${inUnit(st.size, file.unit)} ${file.unit} is too big for ${file.what} (the limit is ${inUnit(file.maxBytes, file.unit)} ${file.unit})`,
      );
    }
    const buf = Buffer.alloc(st.size);
    let off = 0;
    for (let n = 1; off < buf.length && n > 0; off += n) n = readSync(fd, buf, off, buf.length - off, off);
    return buf.subarray(0, off).toString('utf8');
  } catch (e) {
    // The checks' own ConfigError goes on up, as does a bug.
    rethrowUnless(e, isExpectedIoError);
    throw new ConfigError(`${file.shown}: cannot read ${file.what} (${(e as NodeJS.ErrnoException).code ?? 'I/O error'})`);
  } finally {
    closeSync(fd);
  }
}
