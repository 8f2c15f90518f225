import type { RawCredential, Span } from '../../../model/raw-facts.js';
import { joinedText, literal, literalText, render, type Part } from './parts.js';

// What a file binds a variable to (a CI job's `env:`, a Dockerfile ENV, a compose `environment:`),
// handed to the scripts that read the variable: a credential, or a value as the shared parts.
// Each format reads its own syntax into parts (GitHub `${{ }}`, Azure `$(X)`, Docker `${X:-d}`);
// the shell resolves `$NAME` through these parts, never through text.

interface CredentialBinding {
  credential: RawCredential;
}

export interface ValueBinding {
  value: Part[];
  /** Where the value is written in the file. */
  span?: Span;
  /** The literal values a CI matrix gives the variable, one per run of the job (`value` names it). */
  runs?: readonly string[];
}

export type EnvBinding = CredentialBinding | ValueBinding;

/** A value that is one whole `$NAME` / `${NAME}`: it names another variable. */
const WHOLE_VARIABLE = /^\s*\$\{?([A-Za-z_][A-Za-z0-9_]{0,200})\}?\s*$/;

/**
 * A value written as plain text: its text, or, when it is one whole `$NAME` (GitLab's
 * `DBT_TOKEN: $OTHER`, an env value a script expands), a reference to that variable.
 */
export function textBinding(text: string, span?: Span): ValueBinding {
  const whole = WHOLE_VARIABLE.exec(text);
  const value: Part[] = whole ? [{ kind: 'reference', source: 'env', name: whole[1]! }] : text === '' ? [] : [literal(text)];
  return span ? { value, span } : { value };
}

/** A value that is this text as written, `$` and all (a default, an escaped `$$`). */
export function literalBinding(text: string, span?: Span): ValueBinding {
  const value = text === '' ? [] : [literal(text)];
  return span ? { value, span } : { value };
}

/** The binding's value when it is all known text. */
export const bindingLiteral = (b: ValueBinding): string | undefined => literalText(b.value);

/** The binding's value as text, with `{NAME}` for what is not known here. */
export const bindingText = (b: ValueBinding): string => render(b.value);

/** What one of a format's variable references in a value stands for. */
export interface Substitution {
  /** Names the value when it is not known here: it renders as `{name}`. */
  name: string;
  /** The reference's binding; a text default (`${X:-d}`) is a value binding of that text. */
  binding?: EnvBinding;
}

/**
 * A value written with the format's own variable references (`$(X)` in Azure, `${X}` in Docker
 * and compose): the text around them and what each stands for. A credential anywhere in it is
 * the binding (`Token $(DBT_TOKEN)` hands over that token); `reference` is a global pattern.
 */
export function substitutedBinding(
  text: string,
  span: Span | undefined,
  reference: RegExp,
  resolve: (m: RegExpExecArray) => Substitution,
): EnvBinding {
  const value: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(reference)) {
    if (m.index > last) value.push(literal(text.slice(last, m.index)));
    last = m.index + m[0].length;
    const { name, binding } = resolve(m);
    if (binding && 'credential' in binding) return binding;
    if (binding) value.push(...binding.value);
    else value.push({ kind: 'unknown', name });
  }
  if (last < text.length) value.push(literal(text.slice(last)));
  const joined = joinedText(value);
  return span ? { value: joined, span } : { value: joined };
}
