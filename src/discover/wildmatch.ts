// git's own glob matcher (wildmatch.c), ported line for line so that `.gitignore` patterns mean
// here exactly what they mean to git: `*` and `?` stop at `/` when matching paths, `**` crosses
// folders only as a whole segment, `[...]` takes ranges, `!`/`^` negation and POSIX classes, and a
// backslash escapes any character. It works on bytes, as git does (a `?` is one byte of UTF-8),
// and folds case for ASCII letters only. git's early exits (ABORT_ALL, ABORT_TO_STARSTAR) are kept:
// they are what bounds the backtracking of patterns such as `*a*a*a*b` on long names.

const MATCH = 0;
const NOMATCH = 1;
const ABORT_ALL = -1;
const ABORT_TO_STARSTAR = -2;

export interface WildmatchFlags {
  /** `*` and `?` never match `/` (path patterns); without it they do (basename patterns). */
  pathname: boolean;
  casefold: boolean;
}

const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;

const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number): boolean => isUpper(c) || isLower(c);
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isPrint = (c: number): boolean => c >= 0x20 && c <= 0x7e;
const isGraph = (c: number): boolean => c > 0x20 && c <= 0x7e;
const isPunct = (c: number): boolean => isGraph(c) && !isAlpha(c) && !isDigit(c);
const isXdigit = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const lower = (c: number): number => (isUpper(c) ? c + 32 : c);
const isGlobSpecial = (c: number): boolean => c === STAR || c === 0x3f || c === 0x5b || c === BACKSLASH;

const CLASSES: Record<string, (c: number, casefold: boolean) => boolean> = {
  alnum: (c) => isAlpha(c) || isDigit(c),
  alpha: isAlpha,
  blank: (c) => c === 0x20 || c === 0x09,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  digit: isDigit,
  graph: isGraph,
  lower: isLower,
  print: isPrint,
  punct: isPunct,
  space: isSpace,
  upper: (c, casefold) => isUpper(c) || (casefold && isLower(c)),
  xdigit: isXdigit,
};

/** Whether `text` matches `pattern` (both UTF-8 bytes) as git's `wildmatch` says. */
export function wildmatch(pattern: Uint8Array, text: Uint8Array, flags: WildmatchFlags): boolean {
  return dowild(pattern, 0, text, 0, flags) === MATCH;
}

function dowild(pat: Uint8Array, pStart: number, text: Uint8Array, tStart: number, flags: WildmatchFlags): number {
  // Reads past the end stand for C's terminating NUL (patterns are cut at a NUL when parsed).
  const P = (i: number): number => (i < pat.length ? pat[i]! : 0);
  const T = (i: number): number => (i < text.length ? text[i]! : 0);
  const fold = (c: number): number => (flags.casefold ? lower(c) : c);
  let p = pStart;
  let t = tStart;
  for (; p < pat.length; t++, p++) {
    let pCh = pat[p]!;
    let tCh = T(t);
    if (t >= text.length && pCh !== STAR) return ABORT_ALL;
    tCh = fold(tCh);
    pCh = fold(pCh);
    switch (pCh) {
      case BACKSLASH:
        // A literal match with the next character (not case-folded, as in git); a trailing
        // backslash matches nothing.
        pCh = P(++p);
        if (tCh !== pCh) return NOMATCH;
        continue;
      case 0x3f: // ?
        if (flags.pathname && tCh === SLASH) return NOMATCH;
        continue;
      case STAR: {
        let matchSlash: boolean;
        if (P(++p) === STAR) {
          const prevP = p - 2;
          while (P(++p) === STAR) {
            /* the whole run of stars */
          }
          if (!flags.pathname) {
            matchSlash = true;
          } else if (
            (prevP < pStart || pat[prevP] === SLASH) &&
            (P(p) === 0 || P(p) === SLASH || (P(p) === BACKSLASH && P(p + 1) === SLASH))
          ) {
            // `**/` may match no folder at all: try the rest of the pattern right here.
            if (P(p) === SLASH && dowild(pat, p + 1, text, t, flags) === MATCH) return MATCH;
            matchSlash = true;
          } else {
            matchSlash = false;
          }
        } else {
          matchSlash = !flags.pathname;
        }
        if (P(p) === 0) {
          // A trailing `**` matches everything; a trailing `*` only if no slash follows.
          if (!matchSlash && text.indexOf(SLASH, t) >= 0) return NOMATCH;
          return MATCH;
        }
        if (!matchSlash && P(p) === SLASH) {
          // One star then a slash: skip to the next slash, which the loop then steps over.
          const slash = text.indexOf(SLASH, t);
          if (slash < 0) return NOMATCH;
          t = slash;
          continue;
        }
        for (;;) {
          if (tCh === 0) break;
          // A literal after the star: what comes before its next occurrence belongs to the star.
          if (!isGlobSpecial(P(p))) {
            const want = fold(P(p));
            while (t < text.length && (matchSlash || text[t] !== SLASH)) {
              tCh = fold(text[t]!);
              if (tCh === want) break;
              t++;
            }
            tCh = t < text.length ? fold(text[t]!) : 0;
            if (tCh !== want) return NOMATCH;
          }
          const matched = dowild(pat, p, text, t, flags);
          if (matched !== NOMATCH) {
            if (!matchSlash || matched !== ABORT_TO_STARSTAR) return matched;
          } else if (!matchSlash && tCh === SLASH) {
            return ABORT_TO_STARSTAR;
          }
          tCh = T(++t);
        }
        return ABORT_ALL;
      }
      case 0x5b: {
        // [
        pCh = P(++p);
        if (pCh === 0x5e) pCh = 0x21; // `^` negates as `!` does
        const negated = pCh === 0x21;
        if (negated) pCh = P(++p);
        let prevCh = 0;
        let matched = false;
        do {
          if (!pCh) return ABORT_ALL;
          if (pCh === BACKSLASH) {
            pCh = P(++p);
            if (!pCh) return ABORT_ALL;
            if (tCh === pCh) matched = true;
          } else if (pCh === 0x2d && prevCh && P(p + 1) && P(p + 1) !== 0x5d) {
            pCh = P(++p);
            if (pCh === BACKSLASH) {
              pCh = P(++p);
              if (!pCh) return ABORT_ALL;
            }
            if (tCh <= pCh && tCh >= prevCh) matched = true;
            else if (flags.casefold && isLower(tCh) && tCh - 32 <= pCh && tCh - 32 >= prevCh) matched = true;
            pCh = 0; // a range cannot start a range
          } else if (pCh === 0x5b && P(p + 1) === 0x3a) {
            p += 2;
            const s = p;
            while (P(p) && P(p) !== 0x5d) p++;
            pCh = P(p);
            if (!pCh) return ABORT_ALL;
            const i = p - s - 1;
            if (i < 0 || pat[p - 1] !== 0x3a) {
              // No closing `:]`: an ordinary `[` in the set.
              p = s - 2;
              pCh = 0x5b;
              if (tCh === pCh) matched = true;
              continue;
            }
            const name = String.fromCharCode(...pat.subarray(s, s + i));
            const test = Object.hasOwn(CLASSES, name) ? CLASSES[name] : undefined;
            if (!test) return ABORT_ALL; // a malformed [:class:]
            if (test(tCh, flags.casefold)) matched = true;
            pCh = 0;
          } else if (tCh === pCh) {
            matched = true;
          }
        } while (((prevCh = pCh), (pCh = P(++p))) !== 0x5d);
        if (matched === negated || (flags.pathname && tCh === SLASH)) return NOMATCH;
        continue;
      }
      default:
        if (tCh !== pCh) return NOMATCH;
        continue;
    }
  }
  return t < text.length ? NOMATCH : MATCH;
}
