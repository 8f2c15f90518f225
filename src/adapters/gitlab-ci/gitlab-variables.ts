import type { RawCredential, Span } from '../../model/raw-facts.js';
import { literalBinding, type EnvBinding } from '../shared/values/binding.js';
import { looksLikeCredentialName } from '../../credentials/names.js';
import type { Sourced } from './gitlab-config.js';
import type { YamlNode } from '../shared/yaml-documents/document.js';
import { fileSpan } from '../shared/embedded-shell/shell-facts.js';
import { schemeWords } from '../../credentials/auth-schemes.js';
import { joinedText, literal, type Part } from '../shared/values/parts.js';
import { EvalBudget, type ValueLimits } from '../shared/values/budget.js';

// GitLab CI `variables:` as env bindings. A `$NAME` that no `variables:` block defines comes from
// the project's (or group's) CI/CD settings, GitLab's secret store: source 'secret'. GitLab's
// own predefined variables (CI_*, GITLAB_*) are plain environment.

const PREDEFINED =
  /^(?:CI|GITLAB|RUNNER|FF|KUBECONFIG|CHAT|TRIGGER)_|^(?:CI|GITLAB_CI|HOME|PATH|PWD|OLDPWD|USER|SHELL|HOSTNAME|TMPDIR|LANG|TERM|IFS|RANDOM|SECONDS|LINENO|UID|EUID|PPID|BASH|BASH_[A-Z_]+|OSTYPE|HOSTTYPE)$/;
const isPredefinedGitlabVariable = (name: string): boolean => PREDEFINED.test(name);

const REF = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
/** A reference, or `$$` (GitLab's escape for a `$`). */
const REF_OR_ESCAPE = /\$\$|\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
const WHOLE_REF = /^\s*\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))\s*$/;
/** `Token $X`, `Bearer ${X}`: a header value that is the token itself. */
const AUTH_VALUE = new RegExp(
  `^\\s*(?:authorization:\\s*)?(?:${schemeWords('dbt')})\\s+\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)\\}|([A-Za-z_][A-Za-z0-9_]*))\\s*$`,
  'i',
);
/** References are followed 16 deep (`A: $B`, `B: $C`, …) below the variable bound. */
const LIMITS: ValueLimits = { depth: 17 };

/** The binding for a reference to a variable that no `variables:` block defines. */
export function settingsVariable(name: string, span: Span | undefined): EnvBinding | undefined {
  if (isPredefinedGitlabVariable(name)) return undefined;
  if (!looksLikeCredentialName(name)) return undefined;
  const credential: RawCredential = { source: 'secret', name };
  if (span) credential.span = fileSpan(span);
  return { credential };
}

/**
 * Resolves `variables:` (name -> value node) to env bindings. Values may be strings, numbers or
 * `{ value:, expand: }` maps; `$X` / `${X}` references are followed (with a cycle guard).
 */
export function bindVariables(vars: ReadonlyMap<string, Sourced>): Map<string, EnvBinding> {
  const out = new Map<string, EnvBinding>();
  const resolving = new Set<string>();
  const budget = new EvalBudget(LIMITS);

  const resolve = (name: string, depth: number): EnvBinding | undefined => {
    if (out.has(name)) return out.get(name);
    const entry = vars.get(name);
    if (!entry || !budget.within(depth) || resolving.has(name)) return undefined;
    const { doc, current } = entry.src;
    let node = entry.node;
    let expand = true;
    let description: YamlNode | undefined;
    if (doc.isMap(node)) {
      expand = doc.str(doc.value(node, 'expand')) !== 'false';
      description = doc.value(node, 'description');
      node = doc.value(node, 'value');
    }
    const s = doc.str(node);
    // `DBT_CLOUD_API_KEY: { value: "", description: "dbt Cloud user API key of the bot" }`: a prefilled
    // variable left empty, which the project's masked variable of that name fills, as described.
    const described = doc.str(description);
    if ((s === undefined || s.trim() === '') && described && looksLikeCredentialName(name)) {
      const credential: RawCredential = { source: 'secret', name };
      const at = current ? doc.valueSpan(description) : undefined;
      if (at) {
        credential.span = fileSpan(at);
        credential.description = { text: described, line: at.line };
      }
      return { credential };
    }
    if (s === undefined) return undefined;
    const span = current ? doc.valueSpan(node) : undefined;
    resolving.add(name);
    try {
      return bindingFor(s, span, expand, depth);
    } finally {
      resolving.delete(name);
    }
  };

  const refBinding = (ref: string, span: Span | undefined, depth: number): EnvBinding | undefined => {
    if (vars.has(ref) && !resolving.has(ref)) return resolve(ref, depth + 1);
    return settingsVariable(ref, span);
  };

  const bindingFor = (s: string, span: Span | undefined, expand: boolean, depth: number): EnvBinding | undefined => {
    if (!expand || !s.includes('$')) return literalBinding(s.replace(/\$\$/g, '$'), span && fileSpan(span));
    const whole = WHOLE_REF.exec(s);
    if (whole) {
      const ref = (whole[1] ?? whole[2])!;
      const b = refBinding(ref, span, depth);
      if (b) return b;
      return vars.has(ref) || isPredefinedGitlabVariable(ref)
        ? undefined
        : { value: [{ kind: 'unknown', name: ref }], ...(span ? { span: fileSpan(span) } : {}) };
    }
    const auth = AUTH_VALUE.exec(s);
    if (auth) {
      const b = refBinding((auth[1] ?? auth[2])!, span, depth);
      if (b && 'credential' in b) return b;
    }
    // Mixed text (`https://${DBT_HOST}/api/v2`): known values pasted, the rest as `{NAME}`.
    return { value: joinedText(mixedParts(s, depth)), ...(span ? { span: fileSpan(span) } : {}) };
  };

  /** A value that mixes text and references: the text, the values of variables defined here, unknowns named after the others. */
  const mixedParts = (s: string, depth: number): Part[] => {
    const out: Part[] = [];
    let last = 0;
    for (const m of s.matchAll(REF_OR_ESCAPE)) {
      if (m.index > last) out.push(literal(s.slice(last, m.index)));
      last = m.index + m[0].length;
      const ref = m[1] ?? m[2];
      if (ref === undefined) {
        out.push(literal('$'));
        continue;
      }
      const r = vars.has(ref) ? refBinding(ref, undefined, depth) : undefined;
      if (r && 'value' in r) out.push(...r.value);
      else out.push({ kind: 'unknown', name: ref });
    }
    if (last < s.length) out.push(literal(s.slice(last)));
    return out;
  };

  for (const name of vars.keys()) {
    const b = resolve(name, 0);
    if (b) out.set(name, b);
  }
  return out;
}

/** Names a shell script reads with `$NAME` / `${NAME}` (bounded scan). */
export function referencedNames(script: string): Set<string> {
  const out = new Set<string>();
  if (script.length > 1_000_000) return out;
  REF.lastIndex = 0;
  for (let m = REF.exec(script); m && out.size < 500; m = REF.exec(script)) out.add((m[1] ?? m[2])!);
  return out;
}

/**
 * Names a script assigns itself (`X=`, `export X=`, `read X`, `for X in`): not settings variables.
 * `export X=$X` only exports the project's variable, and does not count.
 */
export function assignedNames(script: string): Set<string> {
  const out = new Set<string>();
  if (script.length > 1_000_000) return out;
  const re =
    /(?:^|[\s;&|(])(?:export\s+|local\s+|readonly\s+|declare\s+(?:-[A-Za-z]+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)\+?=(\S*)|\bread\s+(?:-[A-Za-z]+\s+)*([A-Za-z_][A-Za-z0-9_]*)|\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g;
  const selfOnly = new Set<string>();
  for (let m = re.exec(script); m && out.size < 500; m = re.exec(script)) {
    const name = (m[1] ?? m[3] ?? m[4])!;
    // `export DBT_API_KEY=$DBT_API_KEY` exports the project's variable: it still comes from the settings.
    const self = m[1] !== undefined && new RegExp(`^(["']?)\\$\\{?${name}\\}?\\1$`).test(m[2] ?? '');
    if (self && !out.has(name)) selfOnly.add(name);
    else if (!self) selfOnly.delete(name);
    out.add(name);
  }
  for (const name of selfOnly) out.delete(name);
  return out;
}

/**
 * Names a script exports from the project's own variable (`export DBT_API_KEY=$DBT_API_KEY`),
 * each with its 1-based line and column in the script.
 */
export function selfExportedNames(lines: readonly string[]): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  lines.forEach((line, i) => {
    if (line.length > 20_000 || out.size >= 100) return;
    for (const m of line.matchAll(
      /(^|[\s;&|(])export\s+([A-Za-z_][A-Za-z0-9_]*)=(["']?)\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?\3(?=[\s;&|)]|$)/g,
    )) {
      if (m[2] === m[4] && !out.has(m[2]!)) out.set(m[2]!, { line: i + 1, column: m.index + m[1]!.length + 1 });
    }
  });
  return out;
}
