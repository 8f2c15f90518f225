import type { Span } from '../../model/raw-facts.js';

// A Makefile's variables as make gives them to its recipes: one reader for the line-level adapter
// (a recipe's own requests) and the CI task runners (what a `make` a CI step runs starts).

/** Variables whose values name variables, followed this deep. */
const MAX_MAKE_DEPTH = 8;

/** `DBT_URL := https://…`, `TOKEN ?= x`, `HOST = y` (not a target's `name: deps`). */
const MAKE_ASSIGNMENT = /^(?:export[ \t]+|override[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*(:{1,3}=|\?=|\+=|!=|=)(.*)$/;
const MAKE_REFERENCE = /\$\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))?|\$\(([A-Za-z_][\w.-]*)\)|\$\{([A-Za-z_][\w.-]*)\}/g;
/** `export NAME := …` (or `export NAME` after it is set): make puts it in every recipe's environment. */
const MAKE_EXPORT = /^export[ \t]+([A-Za-z_]\w*)[ \t]*(?:$|:{0,3}=|\?=|\+=)/;

/**
 * A Makefile as its recipes' shell sees them: `$(VAR)` and `${VAR}` replaced by the file's own
 * values of VAR (themselves expanded: `API = https://host/api/v2/accounts/$(ACCOUNT)`), `$$` by
 * the `$` make passes on (`$${DBT_CLOUD_SERVICE_TOKEN}` is the shell's variable), and a variable
 * the file does not set by the environment variable make reads it from (`TOKEN ?=
 * $(DBT_CLOUD_SERVICE_TOKEN)`). A value made by a function (`$(shell …)`) or a command (`!=`) is
 * not known. A variable whose value a recipe takes is not reported where it is set: the recipe
 * using it is the call. Lines keep their numbers; columns after a replacement shift.
 */
export function expandMakeVariables(
  text: string,
  /** Variables the command line sets (`make tf-apply ENV=prod`), over the file's own. */
  overrides: ReadonlyMap<string, string> = new Map(),
): {
  text: string;
  changed: Set<number>;
  setAt: (value: string) => { name: string; span: Span } | undefined;
} {
  const lines = text.split('\n');
  const values = new Map<string, { value: string; line: number }>();
  const exported = new Set<string>();
  lines.forEach((l, i) => {
    const name = l.startsWith('\t') ? undefined : MAKE_EXPORT.exec(l)?.[1];
    if (name) exported.add(name);
    const m = l.startsWith('\t') ? null : MAKE_ASSIGNMENT.exec(l.replace(/\r$/, ''));
    if (!m || m[2] === '!=' || m[3]!.replace(MAKE_REFERENCE, '').includes('$')) return;
    const prior = m[2] === '+=' ? values.get(m[1]!)?.value : undefined;
    if (m[2] === '?=' && values.has(m[1]!)) return;
    values.set(m[1]!, { value: prior === undefined ? m[3]!.trim() : `${prior} ${m[3]!.trim()}`, line: i });
  });
  for (const [name, value] of overrides) values.set(name, { value, line: -1 });
  const used = new Set<number>();
  const expand = (t: string, depth: number): string =>
    t.replace(MAKE_REFERENCE, (m, shellBrace?: string, shellBare?: string, paren?: string, brace?: string) => {
      // `$$NAME` is the shell's variable: the file's own value when make exports it to the recipe.
      const shellName = shellBrace ?? shellBare;
      if (m.startsWith('$$')) {
        const own = shellName !== undefined && exported.has(shellName) ? values.get(shellName) : undefined;
        if (!own) return m.slice(1);
        used.add(own.line);
        return depth < MAX_MAKE_DEPTH ? expand(own.value, depth + 1) : m;
      }
      const name = (paren ?? brace)!;
      const v = values.get(name);
      if (!v) return /^[A-Za-z_]\w*$/.test(name) ? `\${${name}}` : m;
      used.add(v.line);
      return depth < MAX_MAKE_DEPTH ? expand(v.value, depth + 1) : m;
    });
  const changed = new Set<number>();
  const out = lines.map((l, i) => {
    if (!l.includes('$') || (!l.startsWith('\t') && MAKE_ASSIGNMENT.test(l))) return l;
    const e = expand(l, 0);
    if (e !== l) changed.add(i + 1);
    return e;
  });
  for (const i of used) if (i >= 0) out[i] = '';
  /** Where a used variable is set to `value`: the file's own line and column of it. */
  const setAt = (value: string): { name: string; span: Span } | undefined => {
    for (const [name, v] of values) {
      const column = used.has(v.line) ? (lines[v.line] ?? '').indexOf(value) : -1;
      if (column >= 0) return { name, span: { line: v.line + 1, column: column + 1 } };
    }
    return undefined;
  };
  return { text: out.join('\n'), changed, setAt };
}

/** `make tf-apply ENV=prod`: the variables a command line sets for make, over the Makefile's own. */
export function commandLineVariables(command: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of command.matchAll(/(?:^|\s)([A-Za-z_]\w*)=([\w./@:+-]{1,200})(?=\s|$)/g)) out.set(m[1]!, m[2]!);
  return out;
}
