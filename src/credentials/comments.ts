// Comments beside a line of source, for the classifier to read a credential's description
// from: `token = "<token>"  # dbt Cloud service token`, or the comment lines right above an
// assignment. Line based and language-light on purpose: each adapter names its style in its
// descriptor (src/adapters/<id>/descriptor.ts), and a wrong guess only costs a description that
// names no type.

import { LEGACY_KEY_SHAPE } from './token-shapes.js';

export type CommentStyle = 'hash' | 'slash' | 'hash-or-slash' | 'notebook-json';

export interface Comment {
  text: string;
  /** 1-based line of the comment (the first line of a block above). */
  line: number;
  /** A block's lines, each with its own text: the one that says what the value is can be pointed at. */
  lines?: { text: string; line: number }[];
}

/** Comment lines right above a line are read up to this many; a longer block is a header, not a label. */
const MAX_BLOCK = 3;
const MAX_LINE = 1000;

/**
 * Comments describing `line`, nearest first: the comment at the end of the line, then the block
 * of comment-only lines directly above it (no blank line between).
 */
export function commentsBeside(lineText: (line: number) => string | undefined, line: number, style: CommentStyle): Comment[] {
  const out: Comment[] = [];
  const own = lineText(line);
  if (own === undefined) return out;
  const trailing = trailingComment(unwrap(own, style), style);
  if (trailing) out.push({ text: trailing, line });
  const block: { text: string; line: number }[] = [];
  for (let l = line - 1; l >= 1 && block.length < MAX_BLOCK; l--) {
    const raw = lineText(l);
    if (raw === undefined) break;
    const text = wholeLineComment(unwrap(raw, style), style);
    if (text === undefined) break;
    block.unshift({ text, line: l });
  }
  if (block.length) out.push({ text: block.map((b) => b.text).join(' '), line: block[0]!.line, lines: block });
  return out;
}

/** Occurrences of a name looked at, per credential: a name used a thousand times is not set up in a comment each time. */
const MAX_OCCURRENCES = 50;

/**
 * A comment elsewhere in the file that shows how to set `name`: the set-up notes at the top of a
 * script (`#   DBT_API_KEY="your-service-token"`, `# export DBT_TOKEN=<personal access token>`),
 * or a workflow's list of the secrets it needs (`#   DBT_CLOUD_API_TOKEN - dbt Cloud service token`,
 * `# Required secret: DBT_CLOUD_API_TOKEN (service token, Job Admin)`, `Needs DBT_API_KEY, the user API key of…`, or in aligned columns,
 * `#   DBT_CLOUD_API_KEY   your dbt Cloud user API key`), as their text after the `=`, `:`, dash,
 * parenthesis or column gap. The first such line, wherever it sits.
 */
export function commentedSetting(
  text: string,
  name: string,
  lineAt: (offset: number) => number,
  lineText: (line: number) => string | undefined,
  style: CommentStyle,
): Comment | undefined {
  if (!/^[A-Za-z_][\w.-]*$/.test(name)) return undefined;
  const setting = new RegExp(
    `(?:^|[^\\w$.-])(?:export\\s+|set\\s+|\\$env:)?${name.replace(/\./g, '\\.')}(?:\\s*[=:]|\\s+[-–—]\\s|\\s*\\(|,(?=\\s+(?:the|a|an|your)\\s))\\s*(\\S.*)$`,
  );
  // A table of the variables a file needs, in aligned columns: `#   DBT_CLOUD_API_KEY   your dbt Cloud user API key`.
  const column = new RegExp(`^${name.replace(/\./g, '\\.')}(?: {2,}|\\t)\\s*(\\S.*)$`);
  // A Python script's notes are as often its module docstring as comments.
  const docstringEnd = style === 'hash' ? leadingDocstringEnd(text) : -1;
  for (let at = text.indexOf(name), n = 0; at >= 0 && n < MAX_OCCURRENCES; at = text.indexOf(name, at + name.length), n++) {
    const line = lineAt(at);
    const raw = lineText(line);
    const comment =
      raw === undefined
        ? undefined
        : at < docstringEnd
          ? raw.trim().replace(/^[ru]?(?:"""|''')/i, '')
          : wholeLineComment(unwrap(raw, style), style);
    const value = comment === undefined ? undefined : (setting.exec(comment)?.[1] ?? column.exec(comment)?.[1]);
    if (value) return { text: value, line };
  }
  return undefined;
}

/**
 * The offset where a leading triple-quoted docstring ends (after a shebang, an encoding line,
 * comments and blank lines), or -1: a module's docstring, which says how to run the script.
 */
function leadingDocstringEnd(text: string): number {
  const m = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*[ru]?("""|''')/i.exec(text.slice(0, 4000));
  if (!m) return -1;
  const close = text.indexOf(m[1]!, m[0].length);
  return close < 0 || close > 20_000 ? -1 : close;
}

/** A notebook's source line is a JSON string: `"    # comment\n",`. */
function unwrap(raw: string, style: CommentStyle): string {
  if (style !== 'notebook-json') return raw.length > MAX_LINE ? '' : raw;
  const m = /^\s*"(.*?)(?:\\n)?",?\s*$/.exec(raw.length > MAX_LINE ? '' : raw);
  return m ? m[1]!.replace(/\\"/g, '"').replace(/\\\\/g, '\\') : '';
}

const markersOf = (style: CommentStyle): readonly string[] =>
  style === 'slash' ? ['//'] : style === 'hash-or-slash' ? ['#', '//'] : ['#'];

function wholeLineComment(line: string, style: CommentStyle): string | undefined {
  const t = line.trim();
  for (const m of markersOf(style)) if (t.startsWith(m)) return t.slice(m.length).trim();
  return undefined;
}

/** The comment after code on a line, found outside quotes; a marker must follow a blank. */
function trailingComment(line: string, style: CommentStyle): string | undefined {
  const markers = markersOf(style);
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      continue;
    }
    if (i === 0 || !/\s/.test(line[i - 1]!)) continue;
    for (const m of markers) {
      if (line.startsWith(m, i)) return line.slice(i + m.length).trim() || undefined;
    }
  }
  return undefined;
}

/**
 * A legacy user API key left commented out (`# DBT_CLOUD_API_KEY = "<40 hex>"`, an older value
 * kept above the line that now reads the environment): each such assignment in a whole-line
 * comment, with the name, the value and the offset of the value. Whether the name makes the 40 hex
 * characters a dbt Cloud key is the caller's to decide, as for a value set in code.
 */
export function commentedKeyAssignments(text: string, style: CommentStyle): { name: string; value: string; at: number }[] {
  if (style === 'notebook-json') return [];
  const markers = markersOf(style)
    .map((m) => m.replace(/\//g, '\\/'))
    .join('|');
  const assignment = new RegExp(
    `^[ \\t]*(?:${markers})[ \\t]*(?:export[ \\t]+)?([A-Za-z_][\\w.]*)[ \\t]*[:=][ \\t]*(["']?)(${LEGACY_KEY_SHAPE.source.slice(1, -1)})\\2(?![\\w])`,
    'gm',
  );
  return [...text.matchAll(assignment)]
    .slice(0, MAX_OCCURRENCES)
    .map((m) => ({ name: m[1]!, value: m[3]!, at: m.index + m[0].length - m[2]!.length - m[3]!.length }));
}
