import type { Span } from '../../../model/raw-facts.js';
import { looksLikeCredentialName } from '../../../credentials/names.js';
import { insideSingleQuotes, type EmbeddedScript } from '../embedded-shell/embedded-script.js';
import { fileSpan } from '../embedded-shell/shell-facts.js';
import { type EnvBinding, textBinding } from '../values/binding.js';

// Variables of CI systems whose secrets live in the CI settings (CircleCI project and context
// variables, Azure secret variables and variable groups, Bitbucket repository and deployment
// variables): a script reference to a credential-named variable the file never defines is
// one of those, so it is bound as a 'secret' named after the variable.

const SHELL_NAMES = new Set([
  'HOME',
  'PATH',
  'PWD',
  'OLDPWD',
  'USER',
  'SHELL',
  'TERM',
  'LANG',
  'HOSTNAME',
  'RANDOM',
  'SECONDS',
  'LINENO',
  'IFS',
  'TMPDIR',
  'UID',
  'EUID',
  'PPID',
  'OSTYPE',
  'CI',
  'REPLY',
  'OPTARG',
  'OPTIND',
  'BASH_SOURCE',
  'BASH_ENV',
]);

const REF = /\$\{?([A-Za-z_][A-Za-z0-9_]{0,127})/g;
/**
 * `X=`, `export X=`, `local X=`, `read [-r] X`, `for X in`: the script sets X itself. `export
 * X=$X` only exports the store's variable, and does not count (the look-ahead).
 */
const ASSIGNED =
  /(?:^|[\s;&|(])(?:(?:export|local|declare|readonly)\s+(?:-\w+\s+)*)?([A-Za-z_][A-Za-z0-9_]{0,127})(?!=(["']?)\$\{?\1\}?\2(?:[\s;&|)]|$))\+?=|\bread\s+(?:-\w+\s+)*([A-Za-z_][A-Za-z0-9_]{0,127})|\bfor\s+([A-Za-z_][A-Za-z0-9_]{0,127})\s+in\b/g;
const MAX_LINE = 20_000;

/** Names a script references with `$X` / `${X}`, first occurrence each, minus those it assigns. */
export function unassignedReferences(lines: readonly string[]): Map<string, { line: number; column: number }> {
  const refs = new Map<string, { line: number; column: number }>();
  const assigned = new Set<string>();
  lines.forEach((line, i) => {
    if (line.length > MAX_LINE) return;
    ASSIGNED.lastIndex = 0;
    for (let m = ASSIGNED.exec(line); m; m = ASSIGNED.exec(line)) assigned.add((m[1] ?? m[3] ?? m[4])!);
    REF.lastIndex = 0;
    for (let m = REF.exec(line); m; m = REF.exec(line)) {
      if (!refs.has(m[1]!)) refs.set(m[1]!, { line: i + 1, column: m.index + 1 });
    }
  });
  for (const a of assigned) refs.delete(a);
  return refs;
}

/**
 * Adds a 'secret' binding for every credential-named variable the script reads but neither
 * the file nor the script defines. `builtin` names the CI system's own variables.
 */
export function bindStoreSecrets(script: EmbeddedScript, env: Map<string, EnvBinding>, builtin: (name: string) => boolean): void {
  for (const [name, at] of unassignedReferences(script.lines)) {
    if (env.has(name) || SHELL_NAMES.has(name) || builtin(name) || name.startsWith('__ci')) continue;
    if (!looksLikeCredentialName(name)) continue;
    const span = script.toFile(at.line, at.column);
    env.set(name, { credential: { source: 'secret', name, span: fileSpan(span) } });
  }
}

const PURE_REF = /^\s*\$(?:\{([A-Za-z_][A-Za-z0-9_]{0,127})\}|([A-Za-z_][A-Za-z0-9_]{0,127}))\s*$/;

/** The variable a value consists of (`$X`, `${X}`), if that is all it is. */
function pureReference(value: string): string | undefined {
  const m = PURE_REF.exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * The binding of a CI `environment:` / `variables:` value: a pure reference to another variable
 * takes that variable's binding (or a CI-store secret when credential-named and undefined);
 * anything else is a literal written at `span`.
 */
export function ciValueBinding(value: string, span: Span, lookup: (name: string) => EnvBinding | undefined): EnvBinding | undefined {
  const ref = pureReference(value);
  if (ref === undefined) return textBinding(value, fileSpan(span));
  const bound = lookup(ref);
  if (bound) return bound;
  return looksLikeCredentialName(ref) ? { credential: { source: 'secret', name: ref, span: fileSpan(span) } } : undefined;
}

/**
 * Replaces a CI system's own substitution syntax (Azure `$(X)`, CircleCI `<< parameters.x >>`)
 * in a script: `replacement` gives the text (a shell `${VAR}` or a literal), and the variable
 * reads as the same inside single quotes, since the CI system substitutes before the shell runs.
 */
export function substituteCiSyntax(
  script: EmbeddedScript,
  pattern: RegExp,
  replacement: (m: RegExpExecArray, span: Span) => { text: string; isVariable: boolean } | undefined,
): void {
  script.substitute(pattern, (m, lineIndex, col0, line) => {
    const r = replacement(m, script.fileSpanOfOriginal(lineIndex, col0));
    if (!r) return undefined;
    return r.isVariable && insideSingleQuotes(line, col0) ? `'"${r.text}"'` : r.text;
  });
}
