import { consumesEnvironment } from '../adapters/shared/ci-yaml/token-handoff.js';
import type { Document } from './statement-sets.js';

// GitHub Actions `env:` entries that no step hands on, for the audit's `unconsumed-ci-env`
// reason. The scan reports a token in a step's environment where a program may read it
// (shared/ci-yaml/token-handoff.ts); an entry whose steps only run shell built-ins, installers and
// dbt Core, and whose actions are not given it, reaches nothing. The audit reads the YAML as
// lines (indentation, `run:` scalars, commands split at `&&`, `;`, `|`) and judges each command by
// the scan's own `consumesEnvironment`. Anything it cannot read as a plain command (a folded
// line's continuation, an unknown word) counts as a program that may read the entry.

const WORKFLOW = /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i;
/** Words before the program that do not run one themselves. */
const PREFIX_WORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'do',
  'while',
  'until',
  '!',
  'time',
  'sudo',
  'env',
  'exec',
  'command',
  'nohup',
]);
/** Words that end a compound command and run nothing. */
const CLOSERS = new Set(['fi', 'done', 'esac', '}', '{', 'then', 'else', 'do']);
/** Programs that print to the job log or test a value: naming the entry there hands it to nobody. */
const PRINTERS_AND_TESTS = new Set(['echo', 'printf', '[', '[[', 'test']);

const indentOf = (t: string): number => t.search(/\S/);
const isBlankOrComment = (t: string): boolean => t.trim() === '' || /^\s*#/.test(t);

/** The 1-based last line of the block a line opens: the following lines indented more than `indent`. */
function blockEnd(d: Document, line: number, indent: number): number {
  let end = line;
  for (let l = line + 1; l <= d.lines.length; l++) {
    const t = d.lines[l - 1]!;
    if (isBlankOrComment(t)) continue;
    if (indentOf(t) <= indent) break;
    end = l;
  }
  return end;
}

/** The shell commands of one script line: `${{ }}` masked, comments dropped, split outside quotes. */
function commandsOf(line: string): string[] {
  // An expression stays one word (its names kept) whatever operators it holds.
  const text = line.replace(/\$\{\{([^}]*)\}\}/g, (_, inner: string) => `\${{${inner.trim().replace(/[\s|&;'"]+/g, '_')}}}`);
  const out: string[] = [];
  let quote: string | undefined;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      cur += c;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) break;
    else if (c === ';' || c === '|' || (c === '&' && text[i + 1] === '&')) {
      out.push(cur);
      cur = '';
      if (text[i + 1] === c) i++;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.map((c) => c.trim()).filter((c) => c !== '');
}

/** Whether a command may read `names` from its environment or hands them on in its words. */
function commandReaches(command: string, names: readonly string[]): boolean {
  const words = command.split(/\s+/);
  let k = 0;
  while (k < words.length && (PREFIX_WORDS.has(words[k]!) || /^[A-Za-z_]\w*=/.test(words[k]!))) k++;
  if (k >= words.length) return false;
  if (k === 0 && words.length === 1 && CLOSERS.has(words[0]!)) return false;
  const program = words[k]!.replace(/^["']|["']$/g, '')
    .split('/')
    .pop()!;
  const leadingArgs = words.slice(k + 1, k + 4).map((w) => w.replace(/^["']|["']$/g, ''));
  if (consumesEnvironment({ program, leadingArgs })) return true;
  const named = names.some((n) => new RegExp(`\\$\\{?${n}\\b|\\benv\\.${n}\\b`).test(command));
  const writesFile = /(?:^|[^>&\d])>>?\s*(?!&|\/dev\/(?:null|stdout|stderr)\b)\S/.test(command);
  return named && (!PRINTERS_AND_TESTS.has(program.toLowerCase()) || writesFile);
}

/** The script lines of every `run:` in lines `from`..`to`, and whether an action (`uses:`) is there. */
function stepsIn(d: Document, from: number, to: number): { scripts: string[]; actions: boolean } {
  const scripts: string[] = [];
  let actions = false;
  for (let l = from; l <= to; l++) {
    const t = d.lines[l - 1]!;
    if (/^\s*(?:-\s+)?uses:\s*\S/.test(t)) actions = true;
    const run = /^(\s*(?:-\s+)?)run:\s*(.*)$/.exec(t);
    if (!run) continue;
    const value = run[2]!.replace(/\s+#.*$/, '').trim();
    if (/^[|>]/.test(value)) {
      const end = blockEnd(d, l, run[1]!.length);
      for (let s = l + 1; s <= end; s++) scripts.push(d.lines[s - 1]!);
      l = end;
    } else scripts.push(value.replace(/^(["'])(.*)\1$/, '$2'));
  }
  return { scripts: joinContinuations(scripts), actions };
}

const joinContinuations = (lines: string[]): string[] => {
  const out: string[] = [];
  let carry = '';
  for (const l of lines) {
    if (/\\\s*$/.test(l)) carry += `${l.replace(/\\\s*$/, '')} `;
    else {
      out.push(carry + l);
      carry = '';
    }
  }
  if (carry !== '') out.push(carry);
  return out;
};

/**
 * Lines of a GitHub Actions workflow's `env:` entries (workflow, job or step level) that no step
 * they reach hands on: every command there is a built-in, an installer or dbt Core, the entry is
 * named only in what is printed to the log, and no action gets it (an action is given only its
 * step's own `env:`, as the scan has it). A workflow with a non-POSIX `shell:` anywhere is left out.
 */
export function unconsumedEnvLines(d: Document, path: string): Set<number> {
  const out = new Set<number>();
  if (!WORKFLOW.test(path) || d.family !== 'yaml') return out;
  if (d.lines.some((t) => /^\s*(?:-\s+)?shell:\s*(?!(?:bash|sh)\b)\S/.test(t))) return out;
  d.lines.forEach((t, i) => {
    const env = /^(\s*)(-\s+)?env:\s*(?:#.*)?$/.exec(t);
    if (!env) return;
    const ln = i + 1;
    const keyIndent = env[1]!.length + (env[2]?.length ?? 0);
    const entriesEnd = blockEnd(d, ln, keyIndent);
    const entries: { line: number; name: string }[] = [];
    for (let l = ln + 1; l <= entriesEnd; l++) {
      const m = /^\s*([A-Za-z_][\w-]*)\s*:/.exec(d.lines[l - 1]!);
      if (m) entries.push({ line: l, name: m[1]! });
    }
    if (entries.length === 0) return;
    // The block the env belongs to: the workflow, a job, or a step (a list item).
    let scopeStart = 1;
    let scopeEnd = d.lines.length;
    let step = false;
    if (env[2]) {
      step = true;
      scopeStart = ln;
      scopeEnd = blockEnd(d, ln, env[1]!.length);
    } else if (keyIndent > 0) {
      let owner = ln - 1;
      while (owner >= 1 && (isBlankOrComment(d.lines[owner - 1]!) || indentOf(d.lines[owner - 1]!) >= keyIndent)) owner--;
      if (owner < 1) return;
      const ownerText = d.lines[owner - 1]!;
      const item = /^(\s*)-\s+/.exec(ownerText);
      step = item !== null && item[0].length === keyIndent;
      scopeStart = owner;
      scopeEnd = blockEnd(d, owner, indentOf(ownerText));
    }
    const { scripts, actions } = stepsIn(d, scopeStart, scopeEnd);
    if (step && actions) return;
    const commands = scripts.flatMap(commandsOf);
    const outside = [...d.lines.slice(scopeStart - 1, ln - 1), ...d.lines.slice(entriesEnd, scopeEnd)];
    for (const e of entries) {
      // `with: { token: ${{ env.X }} }` gives the entry to an action by name.
      const byExpression = new RegExp(`\\benv\\.${e.name}\\b`);
      if (outside.some((t) => byExpression.test(t))) continue;
      if (!commands.some((c) => commandReaches(c, [e.name]))) out.add(e.line);
    }
  });
  return out;
}
