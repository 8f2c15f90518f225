import type { RawCallSite, RawCredential, RawCredentialSite, Span } from '../../model/raw-facts.js';
import { templateReference } from '../shared/airflow-connection/airflow-connection.js';
import { planArgv, shellQuote } from '../shared/embedded-shell/container-command.js';
import { shellFactsAt } from '../shared/embedded-shell/embedded-shell.js';
import { fileSpan } from '../shared/embedded-shell/file-span.js';
import type { EnvBinding } from '../shared/values/binding.js';
import type { ScriptOrigin } from '../shell/script.js';
import type { MapPos } from './credentials.js';
import type { Part, Val } from './values.js';

// Shell run from Python: an Airflow BashOperator's `bash_command`, `subprocess.run([...])`,
// `os.system("...")`. The command is built here from the evaluated value (each piece not known
// as text becomes a shell variable bound to where it comes from: an env var, an Airflow
// variable, a Jinja template) and read by the shell extractor; what it calls is reported at the
// Python call that runs it.

export interface EmbeddedShellCommand {
  /** The Python call that runs the command: its call sites are reported there. */
  at: Span;
  script: string;
  origin: ScriptOrigin;
  env: Map<string, EnvBinding>;
  /**
   * Where a literal of the script is written in the file, when the script is not the file's
   * own text (an argv list joined, an f-string): positions in it do not map back by its origin.
   */
  locate?: (value: string) => Span | undefined;
}

/** A plain string literal as written in the file (escapes and all), and where its text starts. */
export interface WrittenString {
  text: string;
  line: number;
  col: number;
}

/** What the command's Python value says about its pieces, from the emitter of the file. */
export interface CommandReading {
  /** The module being reported: only its literals have positions in the file. */
  top: object;
  mapPos: MapPos;
  /** The credential a piece not known as text stands for. */
  credentialOf(piece: Val): RawCredential | undefined;
  /** Where `value` is written within the call, for literals of a script built from pieces. */
  locate(value: string): Span | undefined;
}

/** Bound variables stand for pieces not known as text; no script names a variable so. */
const PIECE = '__dts_piece_';
/** Jinja expressions in a templated command (`{{ var.value.dbt_token }}`). */
const JINJA = /\{\{-?[^{}]{1,200}?-?\}\}/g;
/** A command this long is no hand-written step: not read. */
const MAX_SCRIPT = 64 * 1024;

/**
 * The shell command `value` runs (a string, or an argv list), or undefined when it is neither.
 * `written`: the argument is one plain string literal, read as the file has it, so that every
 * position in the script is the file's own (Python's `\\` before a line end is the shell's line
 * continuation too).
 */
export function shellCommandOf(
  value: Val | undefined,
  at: Span,
  reading: CommandReading,
  written?: WrittenString,
  given?: ReadonlyMap<string, Val>,
): EmbeddedShellCommand | undefined {
  const command = commandOf(value, at, reading, written);
  if (command && given) for (const [name, v] of given) if (SHELL_NAME.test(name)) command.env.set(name, givenBinding(v, reading));
  return command;
}

/** A name the command can read as `$NAME`. */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,200}$/;

/**
 * What the command's environment (`env={"DBT_TOKEN": Variable.get("dbt_pat")}` of a BashOperator
 * or `subprocess.run`) gives a name: the credential its value stands for, else its value.
 */
function givenBinding(v: Val, reading: CommandReading): EnvBinding {
  const credential = reading.credentialOf(v);
  if (credential) return { credential: credential.span ? { ...credential, span: fileSpan(credential.span) } : credential };
  return { value: v.t === 'str' ? [...v.parts] : [] };
}

function commandOf(value: Val | undefined, at: Span, reading: CommandReading, written?: WrittenString): EmbeddedShellCommand | undefined {
  if (written && written.text.length <= MAX_SCRIPT) {
    const start = reading.mapPos(written.line, written.col);
    const env = new Map<string, EnvBinding>();
    const script = shellText([{ kind: 'literal', text: written.text.replace(/\\\\(?=\r?\n)/g, ' \\') }], env, reading);
    return { at, script, origin: { line: start.line, column: start.column }, env };
  }
  if (!value) return undefined;
  const env = new Map<string, EnvBinding>();
  let script: string | undefined;
  if (value.t === 'str') script = shellText(value.parts, env, reading);
  else if (value.t === 'seq') {
    // A word not known here (a parameter, a path: `[exe, "plan", str(jobs_file)]`) is one word all the same.
    const items = value.items.map((item): readonly Part[] =>
      item.t === 'str' ? item.parts : [{ kind: 'unknown', name: (item.t === 'unknown' && item.name) || 'value' }],
    );
    // What each item reads as, pieces not known as text aside: enough to tell `bash -c <script>`.
    const plan = planArgv(
      items.map((_, i) => i),
      (i) => items[i]!.map((p) => (p.kind === 'literal' ? p.text : '')).join(''),
    );
    const program = items[0]?.length === 1 && items[0][0]!.kind === 'literal' ? items[0][0]!.text : undefined;
    if (plan?.kind === 'shell') script = shellText(items[plan.item]!, env, reading);
    // Any program run with an argv (curl, the dbt Cloud CLI, terraform): its words as one command line.
    else if (program !== undefined && /^[\w./-]+$/.test(program))
      script = [program, ...items.slice(1).map((w) => argvWord(w, env, reading))].join(' ');
  }
  if (script === undefined || script.length > MAX_SCRIPT || !/\S/.test(script)) return undefined;
  return { at, script, origin: { line: at.line, column: at.column }, env, locate: (v) => reading.locate(v) };
}

/**
 * The text of a string's parts as shell; pieces not known as text become bound variables. Python
 * puts a piece in before the shell reads the line, so inside single quotes (`'Bearer {token}'`)
 * the variable is written in double quotes between two single-quoted halves, to be expanded too.
 */
function shellText(parts: readonly Part[], env: Map<string, EnvBinding>, reading: CommandReading): string {
  const out = new ShellWriter();
  for (const p of parts) {
    if (p.kind === 'literal') {
      let last = 0;
      for (const m of p.text.matchAll(JINJA)) {
        const ref = templateReference(m[0], false);
        if (!ref) continue;
        out.text(p.text.slice(last, m.index));
        out.variable(bind(env, { credential: ref }));
        last = m.index + m[0].length;
      }
      out.text(p.text.slice(last));
      continue;
    }
    out.variable(bind(env, pieceBinding(p, reading)));
  }
  return out.script;
}

/** One argv item as a single shell word: its text single-quoted, its pieces as double-quoted variables. */
function argvWord(parts: readonly Part[], env: Map<string, EnvBinding>, reading: CommandReading): string {
  const word = parts
    .map((p) => (p.kind === 'literal' ? (p.text === '' ? '' : shellQuote(p.text)) : `"\${${bind(env, pieceBinding(p, reading))}}"`))
    .join('');
  return word === '' ? "''" : word;
}

/** A piece not known as text, bound to where it comes from. */
function pieceBinding(p: Part, reading: CommandReading): EnvBinding {
  const credential = reading.credentialOf({ t: 'str', parts: [p] });
  if (!credential) return { value: [p] };
  return { credential: credential.span ? { ...credential, span: fileSpan(credential.span) } : credential };
}

/** Shell text written piece by piece, knowing whether it is inside single quotes. */
class ShellWriter {
  script = '';
  private inSingle = false;
  private inDouble = false;

  text(t: string): void {
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (this.inSingle) {
        if (c === "'") this.inSingle = false;
      } else if (c === '\\') i++;
      else if (c === '"') this.inDouble = !this.inDouble;
      else if (c === "'" && !this.inDouble) this.inSingle = true;
    }
    this.script += t;
  }

  variable(name: string): void {
    this.script += this.inSingle ? `'"\${${name}}"'` : `\${${name}}`;
  }
}

function bind(env: Map<string, EnvBinding>, binding: EnvBinding): string {
  const name = `${PIECE}${env.size}`;
  env.set(name, binding);
  return name;
}

/** The call sites (at the Python call) and written credentials of the shell commands a file runs. */
export async function shellCommandFacts(
  commands: readonly EmbeddedShellCommand[],
): Promise<{ callSites: RawCallSite[]; credentialSites: RawCredentialSite[] }> {
  const out = { callSites: [] as RawCallSite[], credentialSites: [] as RawCredentialSite[] };
  for (const cmd of commands) {
    const facts = await shellFactsAt(cmd.script, cmd.origin, cmd.env);
    const seen = new Set<string>();
    for (const site of facts.callSites) {
      const key = `${site.kind}|${site.endpoint?.path ?? site.endpoint?.url ?? ''}|${site.credential?.source ?? ''}|${site.credential?.name ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const placed: RawCallSite = { ...site, span: cmd.at };
      if (site.credential) placed.credential = placedCredential(site.credential, cmd);
      out.callSites.push(placed);
    }
    for (const s of facts.credentialSites) {
      const credential = placedCredential(s.credential, cmd);
      out.credentialSites.push({ span: credential.span ?? s.span, credential });
    }
  }
  return out;
}

/** A literal of a script built from pieces, placed where the file has it (else at the call). */
function placedCredential(c: RawCredential, cmd: EmbeddedShellCommand): RawCredential {
  if (!cmd.locate || c.source !== 'literal' || !c.value) return c;
  return { ...c, span: cmd.locate(c.value) ?? cmd.at };
}
