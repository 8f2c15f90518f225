import { describe, expect, it } from 'vitest';
import { withoutCredentials } from '../../src/history/repository-uri.js';
import { Lines, NulFields } from '../../src/history/nul-tokens.js';
import { mayHoldHexKey } from '../../src/credentials/token-shapes.js';

describe('history pieces', () => {
  it('takes credentials out of a remote URL', () => {
    expect(withoutCredentials('https://x-access-token:ghs_secret@github.com/o/r.git')).toBe('https://github.com/o/r.git');
    expect(withoutCredentials('https://user@gitlab.example/o/r')).toBe('https://gitlab.example/o/r');
    expect(withoutCredentials('git@github.com:o/r.git')).toBe('ssh://github.com/o/r.git');
    expect(withoutCredentials('ssh://git:pw@host:2222/o/r.git')).toBe('ssh://host:2222/o/r.git');
    expect(withoutCredentials('not a url')).toBeUndefined();
  });

  it('splits NUL fields and lines across chunk boundaries', () => {
    const fields: string[] = [];
    const f = new NulFields((b) => fields.push(b.toString('utf8')));
    for (const chunk of ['a\0b', 'c\0', '\0d', 'é\0']) f.push(Buffer.from(chunk));
    expect(fields).toEqual(['a', 'bc', '', 'dé']);
    const lines: string[] = [];
    const l = new Lines((s) => lines.push(s));
    l.push(Buffer.from('x y\nz'));
    l.push(Buffer.from('w\nlast'));
    l.end();
    expect(lines).toEqual(['x y', 'zw', 'last']);
  });

  it('tells a text that could hold a user API key from one that cannot', () => {
    expect(mayHoldHexKey(`KEY=${'0123456789abcdef'.repeat(3).slice(0, 40)}`)).toBe(true);
    expect(mayHoldHexKey(`KEY=${'0123456789ABCDEF'.repeat(3).slice(0, 40)}`)).toBe(false);
    expect(mayHoldHexKey('abc123')).toBe(false);
  });
});
