// JavaScript regular expressions in the syntax of the scanners we export to: Go's RE2 (gitleaks)
// and Hyperscan (GitHub secret scanning custom patterns). Both lack lookaround and
// backreferences, spell Unicode escapes `\x{…}` and named groups `(?P<name>…)`, and take flags
// inline. The token shapes stay JavaScript in their one home (src/credentials/); this module
// translates them, and refuses what it cannot translate faithfully rather than guess.

export class UntranslatableRegex extends Error {}

export interface TranslateOptions {
  /** Capturing groups become non-capturing, so a rule's own group numbers are the only ones. */
  dropCaptures?: boolean;
}

/** A whole regular expression, its `i`, `m` and `s` flags inline. */
export function toRe2(re: RegExp, opts: TranslateOptions = {}): string {
  const unsupported = [...re.flags].filter((f) => !'gimsud'.includes(f));
  if (unsupported.length) throw new UntranslatableRegex(`/${re.source}/: flag ${unsupported.join('')} has no RE2 equivalent`);
  const flags = [...re.flags]
    .filter((f) => 'ims'.includes(f))
    .sort()
    .join('');
  const body = translateSource(re.source, opts);
  return flags ? `(?${flags})${body}` : body;
}

/** The body of an anchored shape (`/^dbtu_[A-Za-z0-9_-]{50}$/` → `dbtu_[A-Za-z0-9_-]{50}`), without capturing groups. */
export function shapeBody(shape: RegExp): string {
  if (shape.flags.replace(/[gd]/g, '') !== '')
    throw new UntranslatableRegex(`/${shape.source}/${shape.flags}: a shape is expected without flags`);
  const m = /^\^(.*[^\\])\$$/s.exec(shape.source);
  if (!m) throw new UntranslatableRegex(`/${shape.source}/: a shape is anchored with ^ and $`);
  return translateSource(m[1]!, { dropCaptures: true });
}

/** What may stand just before and just after a token, as alternatives that consume one character or match an edge. */
export interface Boundaries {
  before: string;
  after: string;
  /** The pattern between the two lookarounds. */
  body: string;
}

/**
 * A pattern written `(?<![class])body(?![class])` (a token not inside a longer word) in the
 * consuming form these scanners need: `(?:START|[^class])` before and `(?:[^class]|END)` after,
 * where START and END are the scanner's anchors for the edges of the text (`^`/`$` for RE2 on a
 * whole file, `\A`/`\z` for GitHub). The token is then a capture group between them.
 */
export function boundariesOf(inText: RegExp, edges: { start: string; end: string }): Boundaries {
  const m = /^\(\?<!(\[(?:\\.|[^\]\\])*\])\)(.*)\(\?!(\[(?:\\.|[^\]\\])*\])\)$/s.exec(inText.source);
  if (!m) throw new UntranslatableRegex(`/${inText.source}/: expected (?<![…])body(?![…])`);
  return {
    before: `(?:${edges.start}|${negate(translateSource(m[1]!, {}))})`,
    body: translateSource(m[2]!, { dropCaptures: true }),
    after: `(?:${negate(translateSource(m[3]!, {}))}|${edges.end})`,
  };
}

/** `[abc]` ↔ `[^abc]`. */
export function negate(charClass: string): string {
  return charClass.startsWith('[^') ? `[${charClass.slice(2)}` : `[^${charClass.slice(1)}`;
}

/** Case-insensitive letters as classes (`dbt` → `[Dd][Bb][Tt]`): JavaScript before Node 23 has no `(?i:…)` for part of a pattern. */
export function caseless(word: string): string {
  return [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : escapeLiteral(c))).join('');
}

/** A literal string as a pattern. */
function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function translateSource(src: string, opts: TranslateOptions): string {
  let out = '';
  let i = 0;
  const fail = (why: string): never => {
    throw new UntranslatableRegex(`/${src}/: ${why} (at ${i}) has no RE2 equivalent`);
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      const [text, len] = escape(src, i, fail);
      out += text;
      i += len;
    } else if (c === '[') {
      if (src.startsWith('[]', i) || src.startsWith('[^]', i)) fail('an empty class');
      let j = i + 1;
      let cls = '[';
      if (src[j] === '^') cls += src[j++];
      // A `]` first in the class is literal in both syntaxes.
      if (src[j] === ']') cls += src[j++];
      while (j < src.length && src[j] !== ']') {
        if (src[j] === '\\') {
          const [text, len] = escape(src, j, fail);
          cls += text;
          j += len;
        } else if (src[j] === '[' && src[j + 1] === ':') {
          cls += '\\[';
          j++;
        } else cls += src[j++];
      }
      if (j >= src.length) fail('an unclosed class');
      out += `${cls}]`;
      i = j + 1;
    } else if (c === '(') {
      if (src.startsWith('(?:', i)) {
        out += '(?:';
        i += 3;
      } else if (/^\(\?(=|!|<=|<!)/.test(src.slice(i, i + 4))) {
        fail('lookaround');
      } else if (src.startsWith('(?<', i)) {
        const name = /^\(\?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(src.slice(i));
        if (!name) fail('a group');
        out += opts.dropCaptures ? '(?:' : `(?P<${name![1]}>`;
        i += name![0].length;
      } else if (src[i + 1] === '?') {
        fail('a group modifier');
      } else {
        out += opts.dropCaptures ? '(?:' : '(';
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** One escape sequence at `src[i]` (a backslash): its RE2 text and its length in `src`. */
function escape(src: string, i: number, fail: (why: string) => never): [string, number] {
  const next = src[i + 1];
  if (next === undefined) return fail('a trailing backslash');
  if (/[1-9]/.test(next) || (next === 'k' && src[i + 2] === '<')) return fail('a backreference');
  if (next === 'c') return fail('a control escape');
  if (next === '0') return ['\\x00', 2];
  if (next === 'u') {
    const braced = /^\\u\{([0-9A-Fa-f]{1,6})\}/.exec(src.slice(i));
    if (braced) return [`\\x{${braced[1]}}`, braced[0].length];
    const four = /^\\u([0-9A-Fa-f]{4})/.exec(src.slice(i));
    if (four) return [`\\x{${four[1]}}`, 6];
    return fail('a \\u escape');
  }
  if ((next === 'p' || next === 'P') && /^\\[pP]\{[^}]*=/.test(src.slice(i))) return fail('a Unicode property with a value');
  if (next === '/') return ['/', 2];
  if (next === '-') return ['\\-', 2];
  return [`\\${next}`, 2];
}
