// Bytes to text. A byte-order mark says the encoding outright. Without one, UTF-16 is told by its
// pattern of zero bytes (ASCII text in UTF-16LE has a zero in every odd position, in UTF-16BE in
// every even one), and everything else is read as UTF-8, invalid sequences becoming U+FFFD. A NUL
// byte alone does not make a file binary: a YAML file with one stray NUL is still YAML, and is
// read with the NUL as a space (same length, so lines and columns hold). A file is binary when
// control bytes are common in its first 8000 bytes, as they are in images, archives and executables.

type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'utf32le' | 'utf32be';

export interface Sniffed {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip. */
  skip: number;
}

/** How far into a file encodings and binary content are judged, as git judges binary files. */
const SAMPLE = 8000;

function detectBom(b: Uint8Array): Sniffed {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf32le', skip: 4 };
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf32be', skip: 4 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf16le', skip: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf16be', skip: 2 };
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf8', skip: 3 };
  return { encoding: 'utf8', skip: 0 };
}

/**
 * The encoding of a file: its byte-order mark, else UTF-16 when the zero bytes say so, else
 * UTF-8. Cheap for the files that matter most: one that has no zero byte in its first 64 bytes
 * (any text file whose first characters are not all outside Latin-1) is UTF-8 after one search.
 */
export function sniffEncoding(b: Uint8Array): Sniffed {
  const bom = detectBom(b);
  if (bom.encoding !== 'utf8' || bom.skip) return bom;
  if (b.length < 2 || b.subarray(0, 64).indexOf(0) < 0) return bom;
  const utf16 = utf16ByPattern(b.subarray(0, Math.min(b.length, SAMPLE) & ~1));
  return utf16 ? { encoding: utf16, skip: 0 } : bom;
}

const isTextByte = (c: number): boolean =>
  c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || (c >= 0x20 && c !== 0x7f && (c < 0x80 || c >= 0xa0));

/**
 * UTF-16 without a byte-order mark: in one byte position of the pairs, zeros are common (at least
 * a fifth of the characters are ASCII or Latin-1, as in any source or config file); in the other
 * they are all but absent; and every character below U+0100 is a printable one or a line break,
 * which tells text from tables of 16-bit numbers.
 */
function utf16ByPattern(b: Uint8Array): 'utf16le' | 'utf16be' | undefined {
  const pairs = b.length >> 1;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < b.length; i += 2) {
    if (b[i] === 0) zeroEven++;
    if (b[i + 1] === 0) zeroOdd++;
  }
  const lowSide = zeroOdd > zeroEven ? 0 : 1; // the byte that carries an ASCII character
  const zerosHigh = lowSide === 0 ? zeroOdd : zeroEven;
  const zerosLow = lowSide === 0 ? zeroEven : zeroOdd;
  if (zerosHigh * 5 < pairs || zerosLow * 50 > pairs) return undefined;
  let bad = 0;
  for (let i = 0; i < b.length; i += 2) {
    if (b[i + 1 - lowSide] === 0 && !isTextByte(b[i + lowSide]!)) bad++;
  }
  if (bad * 50 > pairs) return undefined;
  return lowSide === 0 ? 'utf16le' : 'utf16be';
}

/** Control bytes other than tab, line breaks, form feed and ESC: rare in text, common in binary. */
const isControl = (c: number): boolean => c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b;

/**
 * Binary content, for a file read as UTF-8: a NUL in the first 8000 bytes (git's test) and more
 * than a stray few control bytes there (one in 128, at least two allowed; random bytes hold one in
 * ten). Text with a NUL or two is text.
 */
export function isBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, SAMPLE);
  const head = b.subarray(0, n);
  if (head.indexOf(0) < 0) return false;
  let controls = 0;
  const allowed = Math.max(2, n >> 7);
  for (let i = 0; i < n; i++) {
    if (isControl(head[i]!) && ++controls > allowed) return true;
  }
  return false;
}

/** The text of a file in `encoding`, BOM skipped; NUL characters become spaces. */
export function decode(b: Buffer, { encoding, skip }: Sniffed): string {
  const body = b.subarray(skip);
  let text: string;
  switch (encoding) {
    case 'utf8':
      text = body.toString('utf8');
      break;
    case 'utf16le':
      text = new TextDecoder('utf-16le').decode(body);
      break;
    case 'utf16be':
      text = new TextDecoder('utf-16be').decode(body);
      break;
    case 'utf32le':
    case 'utf32be': {
      const parts: string[] = [];
      const le = encoding === 'utf32le';
      for (let i = 0; i + 3 < body.length; i += 4) {
        const cp = le ? body.readUInt32LE(i) : body.readUInt32BE(i);
        parts.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd');
      }
      text = parts.join('');
      break;
    }
  }
  // Parsers stop at a NUL (YAML refuses the character); a space keeps every offset.
  return text.includes('\0') ? text.replaceAll('\0', ' ') : text;
}
