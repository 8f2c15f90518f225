// Where comments and string literals are in a source text, by language family, for the
// keyword-line audit: a mention inside a comment is not a site, and a call's statement runs on
// until the brackets opened on its first line close. A small character scanner, not a parser:
// it knows each family's comment markers, quotes and escapes, and nothing else.

export type Family =
  'python' | 'shell' | 'yaml' | 'hcl' | 'c-like' | 'groovy' | 'json' | 'markup' | 'sql' | 'hash' | 'powershell' | 'plain';

/** What a character is part of. */
export const CODE = 0;
export const STRING = 1;
export const COMMENT = 2;

interface Syntax {
  /** Line comment markers. */
  line: readonly string[];
  /** `#` and the like start a comment only at the start of a word (shell, YAML, dotenv). */
  lineAtWordStart: boolean;
  block: readonly (readonly [string, string])[];
  /** Quotes that close on the same line. */
  quotes: readonly string[];
  /** Quotes whose strings may span lines. */
  multiQuotes: readonly string[];
  /** Backslash escapes inside strings (not in shell single quotes). */
  escapes: boolean;
  /** A quote opens a string only after a non-word character (YAML plain scalars hold apostrophes). */
  quoteAfterNonWord: boolean;
  /** `<<EOF` bodies are strings (shell, HCL). */
  heredocs: boolean;
}

const syntax = (s: Partial<Syntax>): Syntax => ({
  line: [],
  lineAtWordStart: false,
  block: [],
  quotes: [],
  multiQuotes: [],
  escapes: true,
  quoteAfterNonWord: false,
  heredocs: false,
  ...s,
});

const SYNTAX: Record<Family, Syntax> = {
  python: syntax({ line: ['#'], quotes: ['"', "'"], multiQuotes: ['"""', "'''"] }),
  shell: syntax({ line: ['#'], lineAtWordStart: true, multiQuotes: ['"', "'"], heredocs: true }),
  yaml: syntax({ line: ['#'], lineAtWordStart: true, quotes: ['"', "'"], quoteAfterNonWord: true }),
  hcl: syntax({ line: ['#', '//'], block: [['/*', '*/']], quotes: ['"'], heredocs: true }),
  'c-like': syntax({ line: ['//'], block: [['/*', '*/']], quotes: ['"', "'"], multiQuotes: ['`'] }),
  groovy: syntax({ line: ['//'], block: [['/*', '*/']], quotes: ['"', "'"], multiQuotes: ['"""', "'''"] }),
  json: syntax({ quotes: ['"'] }),
  markup: syntax({ block: [['<!--', '-->']], escapes: false }),
  sql: syntax({ line: ['--'], block: [['/*', '*/']], quotes: ["'"] }),
  hash: syntax({ line: ['#'], lineAtWordStart: true, quotes: ['"', "'"], quoteAfterNonWord: true }),
  // `<# … #>` help blocks; strings may span lines; the escape is a backtick, so a backslash is a plain character.
  powershell: syntax({ line: ['#'], lineAtWordStart: true, block: [['<#', '#>']], multiQuotes: ['"', "'"], escapes: false }),
  plain: syntax({ escapes: false }),
};

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1).toLowerCase();

/** The family a file is read with, by name and, for extensionless scripts, its shebang. */
export function familyOf(path: string, text: string): Family {
  // `deploy.yml.disabled`, `run.sh.bak`: the language of the name before the suffix.
  const b = base(path).replace(/\.(disabled|bak|orig|old|example|sample|template|tmpl|dist)$/, '');
  const ext = b.includes('.') ? b.slice(b.lastIndexOf('.') + 1) : '';
  if (/^(dockerfile|containerfile)/.test(b) || /\.(dockerfile|containerfile)$/.test(b)) return 'shell';
  if (/^jenkinsfile/.test(b) || ext === 'groovy' || ext === 'jenkinsfile' || ext === 'gradle') return 'groovy';
  if (b.startsWith('.env') || ext === 'env') return 'shell';
  if (/^(makefile|gnumakefile|\.?justfile)$/.test(b) || ext === 'mk' || ext === 'just') return 'shell';
  if (b.endsWith('.tf.json') || b.endsWith('.tfvars.json')) return 'json';
  switch (ext) {
    case 'py':
    case 'pyw':
    case 'pyi':
      return 'python';
    case 'sh':
    case 'bash':
    case 'zsh':
    case 'ksh':
      return 'shell';
    case 'yml':
    case 'yaml':
      return 'yaml';
    case 'tf':
    case 'tofu':
    case 'tfvars':
    case 'hcl':
      return 'hcl';
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'jsx':
    case 'ts':
    case 'tsx':
    case 'mts':
    case 'cts':
    case 'java':
    case 'kt':
    case 'kts':
    case 'go':
    case 'rs':
    case 'c':
    case 'cc':
    case 'cpp':
    case 'cs':
    case 'scala':
    case 'swift':
    case 'json5':
    case 'jsonc':
      return 'c-like';
    case 'json':
    case 'ipynb':
      return 'json';
    case 'md':
    case 'mdx':
    case 'markdown':
    case 'html':
    case 'htm':
    case 'xml':
    case 'svg':
      return 'markup';
    case 'sql':
      return 'sql';
    case 'toml':
    case 'ini':
    case 'cfg':
    case 'conf':
    case 'properties':
    case 'txt':
    case 'r':
    case 'rb':
    case 'pl':
      return 'hash';
    case 'ps1':
    case 'psm1':
      return 'powershell';
    default:
      break;
  }
  if (ext === '') {
    if (/^#!\s*\S*\b(?:env\s+)?python/.test(text)) return 'python';
    if (/^#!\s*\S*\b(?:env\s+)?(?:ba|z|k|da)?sh\b/.test(text)) return 'shell';
  }
  return 'plain';
}

/** Per line, what the statement scanner needs. */
interface LineState {
  /** Open brackets before the line (in code). */
  depthAtStart: number;
  depthAtEnd: number;
  /** The line ends inside a string or block comment that goes on. */
  openAtEnd: boolean;
  /** The line's last code character is a backslash (a continued command). */
  continued: boolean;
}

export interface SourceRegions {
  family: Family;
  /** One class (CODE, STRING, COMMENT) per UTF-16 code unit of the text. */
  classes: Uint8Array;
  /** 0-based offset of each line's first character. */
  lineStarts: number[];
  lines: LineState[];
}

const isWord = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const startsWith = (t: string, i: number, s: string): boolean => t.startsWith(s, i);

/** Classifies every character of `text` as code, string or comment. */
export function scanRegions(text: string, family: Family): SourceRegions {
  const sx = SYNTAX[family];
  const n = text.length;
  const classes = new Uint8Array(n);
  const lineStarts = [0];
  const lines: LineState[] = [];
  let depth = 0;
  let lineDepthStart = 0;
  let lastCode = '';
  /** Inside: a quote (string), a block comment closer, or a heredoc terminator. */
  let string: string | undefined;
  let blockEnd: string | undefined;
  let heredoc: string | undefined;
  let pendingHeredoc: string | undefined;

  const endLine = (open: boolean): void => {
    lines.push({ depthAtStart: lineDepthStart, depthAtEnd: depth, openAtEnd: open, continued: lastCode === '\\' });
    lineDepthStart = depth;
    lastCode = '';
  };

  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      // Single-line strings end at the line's end (an unclosed quote is a typo or prose).
      if (string !== undefined && !sx.multiQuotes.includes(string)) string = undefined;
      classes[i] = string !== undefined ? STRING : blockEnd !== undefined ? COMMENT : heredoc !== undefined ? STRING : CODE;
      endLine(string !== undefined || blockEnd !== undefined || heredoc !== undefined || pendingHeredoc !== undefined);
      i++;
      lineStarts.push(i);
      if (pendingHeredoc !== undefined) {
        heredoc = pendingHeredoc;
        pendingHeredoc = undefined;
      }
      if (heredoc !== undefined) {
        // A heredoc body runs to the line that holds only its terminator.
        const end = text.indexOf('\n', i);
        const lineText = text.slice(i, end < 0 ? n : end).replace(/\r$/, '');
        if (lineText.trim() === heredoc) heredoc = undefined;
        else {
          for (let k = i; k < (end < 0 ? n : end); k++) classes[k] = STRING;
          i = end < 0 ? n : end;
        }
      }
      continue;
    }
    if (blockEnd !== undefined) {
      classes[i] = COMMENT;
      if (startsWith(text, i, blockEnd)) {
        for (let k = 1; k < blockEnd.length; k++) classes[i + k] = COMMENT;
        i += blockEnd.length;
        blockEnd = undefined;
      } else i++;
      continue;
    }
    if (string !== undefined) {
      classes[i] = STRING;
      if (c === '\\' && sx.escapes && !(family === 'shell' && string === "'")) {
        if (i + 1 < n && text[i + 1] !== '\n') classes[i + 1] = STRING;
        i += text[i + 1] === '\n' ? 1 : 2;
        continue;
      }
      if (startsWith(text, i, string)) {
        for (let k = 1; k < string.length; k++) classes[i + k] = STRING;
        i += string.length;
        string = undefined;
      } else i++;
      continue;
    }
    // Code.
    const atWordStart = /[\s;&|(]/.test(text[i - 1] ?? ' ');
    const lineMarker = sx.line.find((m) => startsWith(text, i, m) && (!sx.lineAtWordStart || atWordStart));
    if (lineMarker !== undefined) {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      for (let k = i; k < stop; k++) classes[k] = COMMENT;
      i = stop;
      continue;
    }
    const block = sx.block.find(([open]) => startsWith(text, i, open));
    if (block) {
      for (let k = 0; k < block[0].length; k++) classes[i + k] = COMMENT;
      i += block[0].length;
      blockEnd = block[1];
      continue;
    }
    if (sx.heredocs && startsWith(text, i, '<<')) {
      const m = /^<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(text.slice(i, i + 80));
      if (m) {
        pendingHeredoc = m[2];
        for (let k = 0; k < m[0].length; k++) classes[i + k] = CODE;
        i += m[0].length;
        continue;
      }
    }
    const quote = [...sx.multiQuotes, ...sx.quotes].sort((a, b) => b.length - a.length).find((q) => startsWith(text, i, q));
    if (quote !== undefined && (!sx.quoteAfterNonWord || !isWord(text[i - 1]))) {
      for (let k = 0; k < quote.length; k++) classes[i + k] = STRING;
      i += quote.length;
      string = quote;
      continue;
    }
    classes[i] = CODE;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    if (!/\s/.test(c)) lastCode = c;
    i++;
  }
  endLine(string !== undefined || blockEnd !== undefined);
  return { family, classes, lineStarts, lines };
}

/** The last line (1-based) of the statement that starts on `line`: open brackets, strings and `\` continuations. */
export function statementEnd(r: SourceRegions, line: number, maxLines = 100): number {
  const first = r.lines[line - 1];
  if (!first) return line;
  let end = line;
  while (end < r.lines.length && end - line < maxLines) {
    const s = r.lines[end - 1]!;
    if (!(s.depthAtEnd > first.depthAtStart || s.openAtEnd || s.continued)) break;
    end++;
  }
  return end;
}
