import { wildmatch, type WildmatchFlags } from './wildmatch.js';

// One `.gitignore` file, read as git reads it (dir.c): a UTF-8 BOM is skipped, CR before LF is
// dropped, `#` starts a comment, unescaped trailing spaces are trimmed, `!` negates, a trailing `/`
// matches folders only, a pattern without any other `/` matches a name at any depth and one with a
// `/` is anchored to the file's folder. Within a file the last pattern that matches decides; across
// files the deepest file with a match decides (see IgnoreLevels). Patterns are compared byte for
// byte, with ASCII case folded only when asked (git's `core.ignorecase`).
//
// Patterns without wildcards (most of them: `node_modules/`, `.env`, `/build`, `*.pyc`) are looked
// up in maps instead of being tried one by one, so a long `.gitignore` costs little per path.

/** What one level says about a path: ignored, re-included by a `!` pattern, or nothing. */
export type Verdict = boolean | undefined;

interface Entry {
  /** Position in the file: a later pattern wins over an earlier one. */
  index: number;
  negated: boolean;
}

interface WildPattern extends Entry {
  folderOnly: boolean;
  /** Matched against the name alone (no `/` in the pattern), else against the whole path. */
  basename: boolean;
  /** `*literal`: a name that ends with the literal. */
  suffix?: string;
  bytes: Uint8Array;
}

/** Latest file and folder-only entries under one literal key. */
interface Literal {
  any?: Entry;
  folder?: Entry;
}

const encoder = new TextEncoder();
const SPECIAL = /[*?[\\]/;

const asciiLower = (s: string): string => (/[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s);

/** git's trim_trailing_spaces: trailing spaces go unless the first of them is escaped. */
function trimTrailingSpaces(line: string): string {
  let lastSpace = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') {
      if (lastSpace < 0) lastSpace = i;
    } else if (c === '\\') {
      i++;
      if (i >= line.length) return line;
      lastSpace = -1;
    } else {
      lastSpace = -1;
    }
  }
  return lastSpace < 0 ? line : line.slice(0, lastSpace);
}

/** The lines of a `.gitignore` as git splits them (one CR before each LF dropped, BOM skipped). */
export function gitignoreLines(text: string): string[] {
  const body = text.startsWith('\ufeff') ? text.slice(1) : text;
  // git adds a newline to a last line without one, so its CR is dropped too.
  return body.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export class IgnoreLevel {
  private readonly names = new Map<string, Literal>();
  private readonly paths = new Map<string, Literal>();
  private readonly wild: WildPattern[] = [];
  private readonly flags: { name: WildmatchFlags; path: WildmatchFlags };
  readonly empty: boolean;

  constructor(
    lines: readonly string[],
    private readonly ignoreCase: boolean,
  ) {
    this.flags = { name: { pathname: false, casefold: ignoreCase }, path: { pathname: true, casefold: ignoreCase } };
    let index = 0;
    for (const raw of lines) {
      // A NUL ends the line for git, which reads patterns as C strings.
      const nul = raw.indexOf('\0');
      const line = nul >= 0 ? raw.slice(0, nul) : raw;
      if (!line || line.startsWith('#')) continue;
      this.add(trimTrailingSpaces(line), index++);
    }
    this.empty = index === 0;
  }

  private add(line: string, index: number): void {
    let p = line;
    const negated = p.startsWith('!');
    if (negated) p = p.slice(1);
    const folderOnly = p.endsWith('/');
    if (folderOnly) p = p.slice(0, -1);
    if (!p) return;
    const basename = !p.includes('/');
    const entry = { index, negated };
    if (basename) {
      if (!SPECIAL.test(p)) return this.remember(this.names, p, entry, folderOnly);
      const suffix = p.startsWith('*') && !SPECIAL.test(p.slice(1)) ? p.slice(1) : undefined;
      this.wild.push({
        ...entry,
        folderOnly,
        basename,
        ...(suffix !== undefined ? { suffix: this.key(suffix) } : {}),
        bytes: encoder.encode(p),
      });
      return;
    }
    const anchored = p.startsWith('/') ? p.slice(1) : p;
    if (!SPECIAL.test(anchored)) return this.remember(this.paths, anchored, entry, folderOnly);
    this.wild.push({ ...entry, folderOnly, basename, bytes: encoder.encode(anchored) });
  }

  private key(s: string): string {
    return this.ignoreCase ? asciiLower(s) : s;
  }

  private remember(map: Map<string, Literal>, literal: string, entry: Entry, folderOnly: boolean): void {
    const key = this.key(literal);
    const slot = map.get(key) ?? {};
    if (folderOnly) slot.folder = entry;
    else slot.any = entry;
    map.set(key, slot);
  }

  /**
   * The verdict on `path` (relative to this file's folder, `/`-separated, no trailing slash):
   * true when the last matching pattern ignores it, false when it is a `!` pattern.
   */
  verdict(path: string, isFolder: boolean): Verdict {
    const slash = path.lastIndexOf('/');
    const name = slash < 0 ? path : path.slice(slash + 1);
    let best: Entry | undefined;
    const consider = (slot: Literal | undefined): void => {
      if (!slot) return;
      if (slot.any && (!best || slot.any.index > best.index)) best = slot.any;
      if (isFolder && slot.folder && (!best || slot.folder.index > best.index)) best = slot.folder;
    };
    if (this.names.size) consider(this.names.get(this.key(name)));
    if (this.paths.size) consider(this.paths.get(this.key(path)));
    if (this.wild.length) {
      let nameBytes: Uint8Array | undefined;
      let pathBytes: Uint8Array | undefined;
      let foldedName: string | undefined;
      for (let i = this.wild.length - 1; i >= 0; i--) {
        const w = this.wild[i]!;
        if (best && w.index < best.index) break;
        if (w.folderOnly && !isFolder) continue;
        let hit: boolean;
        if (w.suffix !== undefined) {
          foldedName ??= this.key(name);
          hit = foldedName.endsWith(w.suffix);
        } else if (w.basename) {
          nameBytes ??= encoder.encode(name);
          hit = wildmatch(w.bytes, nameBytes, this.flags.name);
        } else {
          pathBytes ??= encoder.encode(path);
          hit = wildmatch(w.bytes, pathBytes, this.flags.path);
        }
        if (hit) {
          best = w;
          break;
        }
      }
    }
    return best ? !best.negated : undefined;
  }
}

/**
 * The `.gitignore` files that apply to one folder, outermost first, each with the length of the
 * prefix that turns a path into one relative to its folder. The deepest file that says anything
 * about a path decides, as in git; a folder that is ignored is never entered, so nothing below it
 * can be re-included.
 */
export type IgnoreLevels = readonly (readonly [cut: number, level: IgnoreLevel])[];

export function isIgnored(levels: IgnoreLevels, path: string, isFolder: boolean): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const [cut, level] = levels[i]!;
    const v = level.verdict(cut ? path.slice(cut) : path, isFolder);
    if (v !== undefined) return v;
  }
  return false;
}
