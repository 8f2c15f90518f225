import type { CommentStyle } from '../../../credentials/comments.js';
import type { Syntax } from './lexer.js';

// Which comment and quote marks each family of files uses, and which files the line-level
// adapter reads. Families share marks, not grammars: Go, Java, Kotlin, Scala, C#, Rust, Swift,
// PHP, Dart are "C-like"; Ruby, PowerShell, R, Perl are "hash"; Makefiles and justfiles hold
// shell recipes; SQL has `--` comments and `$$` bodies.

export type Family = 'c' | 'hash' | 'powershell' | 'recipe' | 'sql' | 'yaml';

const C_LIKE: Syntax = {
  lineComments: ['//'],
  blockComments: [['/*', '*/']],
  quotes: ['"', "'"],
  multiLineQuotes: ['"""', '`'],
  backslashEscapes: true,
  unquotedUrls: false,
};
/** PHP also takes `#` comments. */
const PHP: Syntax = { ...C_LIKE, lineComments: ['//', '#'], multiLineQuotes: [] };
const HASH: Syntax = {
  lineComments: ['#'],
  blockComments: [['=begin', '=end']],
  quotes: ['"', "'"],
  multiLineQuotes: [],
  backslashEscapes: true,
  unquotedUrls: false,
};
const POWERSHELL: Syntax = {
  lineComments: ['#'],
  blockComments: [['<#', '#>']],
  quotes: ['"', "'"],
  multiLineQuotes: [],
  // PowerShell escapes with a backtick; a backslash is an ordinary character (Windows paths).
  backslashEscapes: false,
  unquotedUrls: true,
};
const RECIPE: Syntax = {
  lineComments: ['#'],
  blockComments: [],
  quotes: ['"', "'"],
  multiLineQuotes: [],
  backslashEscapes: true,
  unquotedUrls: true,
};
const SQL: Syntax = {
  lineComments: ['--'],
  blockComments: [['/*', '*/']],
  quotes: ["'"],
  multiLineQuotes: ['$$'],
  backslashEscapes: false,
  unquotedUrls: false,
};
export const YAML_SYNTAX: Syntax = {
  lineComments: ['#'],
  hashNeedsBlank: true,
  blockComments: [],
  quotes: ['"', "'"],
  multiLineQuotes: [],
  backslashEscapes: false,
  unquotedUrls: true,
};

const BY_EXTENSION: Readonly<Record<string, readonly [Family, Syntax]>> = {
  go: ['c', C_LIKE],
  java: ['c', C_LIKE],
  kt: ['c', C_LIKE],
  kts: ['c', C_LIKE],
  scala: ['c', C_LIKE],
  sc: ['c', C_LIKE],
  cs: ['c', C_LIKE],
  csx: ['c', C_LIKE],
  rs: ['c', C_LIKE],
  swift: ['c', C_LIKE],
  dart: ['c', C_LIKE],
  php: ['c', PHP],
  rb: ['hash', HASH],
  rake: ['hash', HASH],
  r: ['hash', { ...HASH, blockComments: [] }],
  pl: ['hash', { ...HASH, blockComments: [] }],
  pm: ['hash', { ...HASH, blockComments: [] }],
  ps1: ['powershell', POWERSHELL],
  psm1: ['powershell', POWERSHELL],
  mk: ['recipe', RECIPE],
  just: ['recipe', RECIPE],
  sql: ['sql', SQL],
  yml: ['yaml', YAML_SYNTAX],
  yaml: ['yaml', YAML_SYNTAX],
};

const RECIPE_NAMES = /^(?:gnumakefile|makefile|\.?justfile|rakefile)$/i;

const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** An extensionless script of a line-read language: group 1 is its interpreter. */
export const SCRIPT_SHEBANG = /^#!\s*\S*\b(?:env\s+(?:-S\s+)?)?(ruby|php|perl)[0-9.]*\b/;

/** The family and marks of a file the line-level adapter reads; undefined for any other file. */
export function syntaxFor(path: string, text = ''): { family: Family; syntax: Syntax } | undefined {
  const base = baseName(path);
  if (RECIPE_NAMES.test(base)) return /^rakefile$/i.test(base) ? { family: 'hash', syntax: HASH } : { family: 'recipe', syntax: RECIPE };
  const dot = base.lastIndexOf('.');
  const interpreter = dot <= 0 ? SCRIPT_SHEBANG.exec(text)?.[1] : undefined;
  if (dot <= 0 && interpreter === undefined) return undefined;
  const found =
    BY_EXTENSION[interpreter === 'ruby' ? 'rb' : interpreter === 'perl' ? 'pl' : (interpreter ?? base.slice(dot + 1).toLowerCase())];
  return found ? { family: found[0], syntax: found[1] } : undefined;
}

/** JSON (and JSON with comments, as VS Code writes it), for formats read from a JSON tree that fails to parse. */
export const JSON_SYNTAX: Syntax = {
  lineComments: ['//'],
  blockComments: [['/*', '*/']],
  quotes: ['"'],
  multiLineQuotes: [],
  backslashEscapes: true,
  unquotedUrls: false,
};

/** The comment style of a file the line-level adapter reads (for credentials' descriptions); none for SQL. */
export function lineCommentStyle(path: string): CommentStyle | undefined {
  const marks = syntaxFor(path)?.syntax.lineComments ?? [];
  const hash = marks.includes('#');
  const slash = marks.includes('//');
  return hash && slash ? 'hash-or-slash' : slash ? 'slash' : hash ? 'hash' : undefined;
}
