import { describe, expect, it } from 'vitest';
import { commentsBeside, type CommentStyle } from '../../src/credentials/comments.js';
import { adapterById } from '../../src/adapters/registry.js';

const at = (text: string) => {
  const lines = text.split('\n');
  return (n: number): string | undefined => lines[n - 1];
};

describe('comments beside a line', () => {
  // source, line, style, expected comments (nearest first)
  const table: [string, number, CommentStyle, { text: string; line: number }[]][] = [
    ['x = 1\n# service token\ntoken = "<t>"', 3, 'hash', [{ text: 'service token', line: 2 }]],
    ['token = "<t>"  # service token', 1, 'hash', [{ text: 'service token', line: 1 }]],
    ['token = "a # b"', 1, 'hash', []],
    ["token = 'a#b'  # PAT", 1, 'hash', [{ text: 'PAT', line: 1 }]],
    ['# one\n# two\n# three\n# four\nkey = 1', 5, 'hash', [{ text: 'two three four', line: 2 }]],
    ['# header\n\nkey = 1', 3, 'hash', []],
    ['url = "https://x.y/z"  // dbt key', 1, 'slash', [{ text: 'dbt key', line: 1 }]],
    ['const u = "http://a//b";', 1, 'slash', []],
    ['// service token\nconst key = process.env.KEY;', 2, 'slash', [{ text: 'service token', line: 1 }]],
    [
      '# personal access token\n  token = var.t // set in CI',
      2,
      'hash-or-slash',
      [
        { text: 'set in CI', line: 2 },
        { text: 'personal access token', line: 1 },
      ],
    ],
    ['    "# the service token\\n",\n    "tok = \\"<t>\\"\\n",', 2, 'notebook-json', [{ text: 'the service token', line: 1 }]],
    ['text', 9, 'hash', []],
  ];
  for (const [src, line, style, want] of table) {
    it(`${JSON.stringify(src).slice(0, 50)} line ${line}`, () =>
      expect(commentsBeside(at(src), line, style).map(({ text, line }) => ({ text, line }))).toEqual(want));
  }

  it("keeps a block's lines apart, so that the one naming the type can be pointed at", () => {
    expect(commentsBeside(at('# dbt Cloud token\n# from Account settings > Personal Tokens\nKEY='), 3, 'hash')[0]?.lines).toEqual([
      { text: 'dbt Cloud token', line: 1 },
      { text: 'from Account settings > Personal Tokens', line: 2 },
    ]);
  });

  it('knows the comment syntax of each adapter', () => {
    expect(['python', 'terraform', 'javascript', 'notebook', 'postman', undefined].map((id) => adapterById(id)?.commentStyle)).toEqual([
      'hash',
      'hash-or-slash',
      'slash',
      'notebook-json',
      undefined,
      undefined,
    ]);
  });
});
