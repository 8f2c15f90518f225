import { describe, expect, it } from 'vitest';
import { decode, isBinary, sniffEncoding } from '../src/discover/decode-text.js';

// How bytes become text: byte-order marks, UTF-16 told by its zero bytes, stray NULs in text, and
// binary content told from text by its control bytes.

const text = 'name: deploy\non: push\njobs:\n  run:\n    steps:\n      - run: echo "cloud.getdbt.com"\n';
const noise = (n: number, seed = 7): Buffer => {
  let s = seed;
  return Buffer.from(Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648) >>> 16) & 0xff));
};

describe('sniffing the encoding', () => {
  it('reads byte-order marks', () => {
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ encoding: 'utf8', skip: 3 });
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf16le', skip: 2 });
    expect(sniffEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]))).toEqual({ encoding: 'utf16be', skip: 2 });
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))).toEqual({ encoding: 'utf32le', skip: 4 });
  });

  it('tells UTF-16 without a mark by its zero bytes, with text in any script', () => {
    expect(sniffEncoding(Buffer.from(text, 'utf16le'))).toEqual({ encoding: 'utf16le', skip: 0 });
    expect(sniffEncoding(Buffer.from(text, 'utf16le').swap16())).toEqual({ encoding: 'utf16be', skip: 0 });
    const mixed = 'заголовок: значение\nkey: value\n'.repeat(20);
    expect(sniffEncoding(Buffer.from(mixed, 'utf16le')).encoding).toBe('utf16le');
    expect(decode(Buffer.from(mixed, 'utf16le'), sniffEncoding(Buffer.from(mixed, 'utf16le')))).toBe(mixed);
  });

  it('does not take binary content for UTF-16', () => {
    // 16-bit little-endian numbers below 256: zeros in every odd byte, control bytes in the even ones.
    const table = Buffer.alloc(2000);
    for (let i = 0; i < 1000; i++) table.writeUInt16LE(i % 32, i * 2);
    expect(sniffEncoding(table).encoding).toBe('utf8');
    expect(sniffEncoding(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), noise(4000)])).encoding).toBe('utf8');
    expect(sniffEncoding(Buffer.alloc(100)).encoding).toBe('utf8');
  });

  it('leaves plain UTF-8 alone', () => {
    expect(sniffEncoding(Buffer.from(text))).toEqual({ encoding: 'utf8', skip: 0 });
    expect(sniffEncoding(Buffer.from('a'))).toEqual({ encoding: 'utf8', skip: 0 });
  });
});

describe('binary or text', () => {
  it('reads text with a stray NUL or two as text, with the NULs as spaces', () => {
    const withNul = Buffer.from(`${text}\0\0`);
    expect(isBinary(withNul)).toBe(false);
    expect(decode(withNul, sniffEncoding(withNul))).toBe(`${text}  `);
    expect(isBinary(Buffer.from('a\0'))).toBe(false);
  });

  it('takes images, archives, UTF-32 without a mark and random bytes for binary', () => {
    expect(isBinary(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), noise(8000)]))).toBe(true);
    expect(isBinary(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), noise(3000, 3)]))).toBe(true);
    const utf32 = Buffer.alloc(text.length * 4);
    for (let i = 0; i < text.length; i++) utf32.writeUInt32LE(text.charCodeAt(i), i * 4);
    expect(sniffEncoding(utf32).encoding).toBe('utf8');
    expect(isBinary(utf32)).toBe(true);
    expect(isBinary(Buffer.from([0x64, 0x62, 0x74, 0, 1, 2]))).toBe(true);
  });

  it('judges by the first 8000 bytes, as git does', () => {
    expect(isBinary(Buffer.concat([Buffer.from('x'.repeat(9000)), Buffer.alloc(100)]))).toBe(false);
  });
});
