import type { CredentialSource } from '../../../model/vocabulary.js';
import type { Family } from './syntaxes.js';
import { literal, render, type Literal, type Reference, type Unknown } from '../values/parts.js';

// String interpolation and template syntax of many languages, turned into the `{NAME}`
// placeholders the endpoint classifier understands: `"$base/api/v2/accounts/$id/"` (Kotlin,
// Scala, PHP, PowerShell), `"#{base}/…"` (Ruby), `$"{base}/…"` (C#), `"%s/…"` (printf),
// `${X}` / `$(X)` (recipes, CI), `{{ env_var('X') }}` (dbt Jinja), `{{secrets/scope/key}}`
// (Databricks), `${{ secrets.X }}` (GitHub Actions), `@{pipeline().parameters.x}` (Data Factory).
// Each placeholder remembers where its value comes from, so a token written as one is a credential.

export interface Placeholder {
  /** The name inside the braces: the last identifier of the expression ('' for positional ones). */
  name: string;
  source: Exclude<CredentialSource, 'literal' | 'unknown'>;
  /** `%s`, `{}`, `{0}`: filled from a format call's arguments. */
  positional: boolean;
}

/**
 * A placeholder as a value part: a reference to where its value comes from, or, for a
 * positional one, an unknown value until a format call's arguments fill it.
 */
type PlaceholderPart = (Reference & { source: Placeholder['source'] }) | (Unknown & { positional: true });

export interface Templated {
  /** The text and its placeholders, in order of appearance. */
  parts: (Literal | PlaceholderPart)[];
  /** The text with every placeholder written as `{name}` (`{}` for positional ones). */
  text: string;
  /** The placeholders alone. */
  placeholders: Placeholder[];
}

const placeholderPart = (p: Placeholder): PlaceholderPart =>
  p.positional ? { kind: 'unknown', name: '', positional: true } : { kind: 'reference', source: p.source, name: p.name };

const placeholderOf = (p: PlaceholderPart): Placeholder =>
  p.kind === 'unknown' ? { name: '', source: 'variable', positional: true } : { name: p.name, source: p.source, positional: false };

function templateOf(parts: (Literal | PlaceholderPart)[]): Templated {
  const placeholders: Placeholder[] = [];
  for (const p of parts) if (p.kind !== 'literal') placeholders.push(placeholderOf(p));
  return { parts, text: render(parts), placeholders };
}

/** The placeholder a value consists of, blanks around it aside (`${X}`, `{{ env_var('X') }}`). */
export function solePlaceholder(t: Templated): Placeholder | undefined {
  const kept = t.parts.filter((p) => p.kind !== 'literal' || p.text.trim() !== '');
  const only = kept.length === 1 ? kept[0] : undefined;
  return only && only.kind !== 'literal' ? placeholderOf(only) : undefined;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/g;

/** The last identifier of an expression: `pipeline().parameters.dbt_account_id` -> dbt_account_id. */
export function lastIdentifier(expr: string): string {
  let last = '';
  for (const m of expr.slice(0, 400).matchAll(IDENT)) last = m[0];
  return last.replace(/-+$/, '');
}

/** An environment variable read inside an interpolated expression (`ENV['X']`, `$env:X`). */
const ENV_IN_EXPR =
  /(?:\$env:|\benv(?:_var)?\s*\(\s*["']|ENV(?:\.fetch\s*\(|\[)\s*["']?|getenv\s*\(\s*["']|GetEnvironmentVariable\s*\(\s*["'])([A-Za-z_][A-Za-z0-9_]*)/i;

const TEMPLATE = new RegExp(
  [
    /\$\{\{\s*([^{}]{1,300}?)\s*\}\}/.source, // 1: ${{ secrets.X }}
    /\{\{-?\s*([^{}]{1,300}?)\s*-?\}\}/.source, // 2: {{ env_var('X') }}, {{secrets/s/k}}, {{ .Values.x }}
    /(?:\$\{|\{\$)([^{}]{1,300})\}/.source, // 3: ${X}, ${env:X}, ${input:x}, PHP {$x}
    /#\{([^{}]{1,300})\}/.source, // 4: #{expr}
    /@\{([^{}]{1,300})\}/.source, // 5: @{expr}
    /\$\(([^()]{0,300}(?:\([^()]{0,100}\)[^()]{0,100})*)\)/.source, // 6: $(X), $($env:X)
    /\$env:([A-Za-z_][A-Za-z0-9_]*)/.source, // 7: $env:X
    /\$([A-Za-z_][A-Za-z0-9_]*)/.source, // 8: $x
    /(%[-+ #0]?\d*(?:\.\d+)?[sdvfiqxX@])/.source, // 9: %s
    /\{(\d{0,2}|[A-Za-z_][A-Za-z0-9_.]*)(?::[^{}]{0,40})?\}/.source, // 10: {x}, {0}, {}
  ].join('|'),
  'g',
);

/** Where a bare `$X` / `${X}` comes from: the environment in recipes and CI, a variable in code. */
const shellLike = (family: Family): boolean => family === 'recipe' || family === 'yaml';

export function templated(raw: string, family: Family): Templated {
  const parts: (Literal | PlaceholderPart)[] = [];
  let last = 0;
  for (const match of raw.matchAll(TEMPLATE)) {
    if (match.index > last) parts.push(literal(raw.slice(last, match.index)));
    last = match.index + match[0].length;
    const p = placeholderIn(match, family);
    parts.push(p ? placeholderPart(p) : literal(match[0]));
  }
  if (last < raw.length) parts.push(literal(raw.slice(last)));
  return templateOf(parts);
}

const put = (name: string, source: Placeholder['source'], positional = false): Placeholder => ({ name, source, positional });

/** Reads one match of TEMPLATE as the placeholder it is. */
function placeholderIn(
  [, gha, jinja, dollarBrace, ruby, adf, paren, psEnv, dollar, printf, brace]: RegExpExecArray,
  family: Family,
): Placeholder | undefined {
  if (gha !== undefined) {
    const g = /^(secrets|vars|env|inputs)\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(gha.trim());
    if (g) return put(g[2]!, g[1] === 'secrets' ? 'secret' : g[1] === 'env' ? 'env' : 'variable');
    return put(lastIdentifier(gha), 'variable');
  }
  if (jinja !== undefined) {
    const secret = /^secrets\/([^/\s]{1,100})\/([^/\s}]{1,200})$/.exec(jinja.trim());
    if (secret) return put(`${secret[1]}/${secret[2]}`, 'secret');
    const env = ENV_IN_EXPR.exec(jinja) ?? /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(jinja.trim()); // dbt env_var(), Dagster env.X
    if (env) return put(env[1]!, 'env');
    // Kestra's secret store: `{{ secret('DBT_CLOUD_TOKEN') }}`.
    const kestra = /^secret\(\s*["']([\w.-]{1,128})["']\s*\)$/.exec(jinja.trim());
    if (kestra) return put(kestra[1]!, 'secret');
    // A template's filters come after the value: `.Values.dbtCloud.serviceToken | quote`, `x | default('')`.
    const value = jinja.split('|')[0]!;
    return put(lastIdentifier(value), jinja.trim().startsWith('.') ? 'config' : 'variable');
  }
  if (dollarBrace !== undefined) {
    const v = /^(env|input|secrets?|var)[:.]([A-Za-z_][A-Za-z0-9_.-]*)$/.exec(dollarBrace.trim());
    if (v) return put(v[2]!, v[1] === 'env' ? 'env' : v[1]!.startsWith('secret') ? 'secret' : 'variable');
    const env = ENV_IN_EXPR.exec(dollarBrace);
    if (env) return put(env[1]!, 'env');
    const name = lastIdentifier(dollarBrace);
    return put(name, shellLike(family) && /^[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+].*)?$/.test(dollarBrace) ? 'env' : 'variable');
  }
  const expr = ruby ?? adf ?? paren;
  if (expr !== undefined) {
    const env = ENV_IN_EXPR.exec(expr);
    if (env) return put(env[1]!, 'env');
    const plainName = /^[A-Za-z_][A-Za-z0-9_]*$/.test(expr.trim());
    return put(lastIdentifier(expr), paren !== undefined && plainName && family !== 'powershell' ? 'env' : 'variable');
  }
  if (psEnv !== undefined) return put(psEnv, 'env');
  if (dollar !== undefined) return put(dollar, shellLike(family) ? 'env' : 'variable');
  if (printf !== undefined) return put('', 'variable', true);
  if (brace !== undefined) return /^\d*$/.test(brace) ? put('', 'variable', true) : put(lastIdentifier(brace), 'variable');
  return undefined;
}

/** Writes positional placeholders (`{}`) with the names of a format call's arguments, in order. */
export function fillPositional(t: Templated, args: readonly Placeholder[]): Templated {
  let k = 0;
  return templateOf(t.parts.map((p) => (p.kind === 'unknown' && k < args.length ? placeholderPart(args[k++]!) : p)));
}
