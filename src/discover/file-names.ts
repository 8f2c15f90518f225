import { isUtf8 } from 'node:buffer';

// File names are bytes. Linux lets a name hold any byte but `/` and NUL, and a name that is not
// UTF-8 cannot be a JavaScript string without losing bytes, so such a file is read through its
// exact bytes and reported under an escaped name: each byte that is not part of valid UTF-8 is
// written `%NN`, as in a URL (the report contract allows no backslash in a path, since that would
// read as a Windows separator). The escaped name is plain text, safe in JSON, SARIF and a terminal.

/** A file name as reports print it: the UTF-8 text, with every invalid byte written `%NN`. */
export function displayName(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let out = '';
  let run = 0; // start of the current run of valid UTF-8
  const flush = (end: number): void => {
    if (end > run) out += Buffer.from(bytes.buffer, bytes.byteOffset + run, end - run).toString('utf8');
  };
  for (let i = 0; i < bytes.length;) {
    const n = validSequence(bytes, i);
    if (n) {
      i += n;
      continue;
    }
    flush(i);
    out += `%${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
    i++;
    run = i;
  }
  flush(bytes.length);
  return out;
}

/** The length of the well-formed UTF-8 sequence at `i` (RFC 3629), or 0. */
function validSequence(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // no surrogates
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
