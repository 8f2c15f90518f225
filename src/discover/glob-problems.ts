// The config's `ignore`, `production` and `development` lists are gitignore-style patterns. A
// pattern that cannot mean what its author wanted is refused with the reason, rather than
// silently matching nothing, which would let a production workflow pass as unknown. A
// `.gitignore` is never checked this way: git itself is lenient there, and so is the walker.

/** Why `pattern` is not a usable gitignore-style pattern, or undefined when it is. */
export function globProblem(pattern: string): string | undefined {
  if (pattern === '!' || pattern === '/' || pattern === '!/') return 'it names no path';
  const body = pattern.startsWith('!') ? pattern.slice(1) : pattern;
  if (/(^|\/)\.\.?(\/|$)/.test(body)) return 'paths are relative to the scanned folder; "." and ".." segments never match';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      if (i + 1 === body.length) return 'it ends with a lone backslash';
      i++;
    } else if (c === '[') {
      const end = classEnd(body, i);
      if (end < 0) return `the "[" at character ${i + 1} is never closed`;
      const reversed = reversedRange(body.slice(i + 1, end));
      if (reversed) return `the range "${reversed}" runs backwards`;
      i = end;
    }
  }
  return undefined;
}

/** Index of the `]` closing the class that opens at `start`, or -1. A `]` first in the class is literal. */
function classEnd(s: string, start: number): number {
  let i = start + 1;
  if (s[i] === '!' || s[i] === '^') i++;
  if (s[i] === ']') i++;
  for (; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ']') return i;
  }
  return -1;
}

function reversedRange(inside: string): string | undefined {
  const body = inside.replace(/^[!^]/, '');
  for (let i = 0; i + 2 < body.length; i++) {
    if (body[i + 1] === '-' && body[i] !== '\\' && body.charCodeAt(i) > body.charCodeAt(i + 2)) return body.slice(i, i + 3);
  }
  return undefined;
}
