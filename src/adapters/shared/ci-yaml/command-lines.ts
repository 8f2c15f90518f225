// The shell commands of a CI or container YAML file read line by line, without a YAML parser:
// for files the adapters never read (a workflow kept as `deploy.yml.disabled`, a pipeline that
// mentions nothing dbt-related) or could not parse (indentation mistakes). Only what scripts such
// a file runs is taken from it, so a rough reading is enough: `run:`, `script:`, `command:` and
// their block scalars, lists and flow sequences.

const MAX_TEXT = 1024 * 1024;
const MAX_LINE = 10_000;
/** Keys whose value is a command, a list of commands, or an argv. */
const COMMAND_KEY = /^(\s*)(?:-\s+)?(run|script|before_script|after_script|command|commands|cmd|entrypoint|args)\s*:\s*(.*)$/;

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** A scalar as written, without its quotes. */
function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && ((t[0] === '"' && t.endsWith('"')) || (t[0] === "'" && t.endsWith("'")))) return t.slice(1, -1);
  return t;
}

/** `["python", "app.py"]` as the command line `python app.py`. */
function flowSequence(s: string): string {
  return s
    .replace(/^\[|\]\s*$/g, '')
    .split(',')
    .map(unquote)
    .filter((w) => w !== '')
    .join(' ');
}

/** Drops a trailing ` # comment` outside quotes (a rough cut: enough for command lines). */
function withoutComment(s: string): string {
  const m = /\s#/.exec(s);
  if (!m) return s;
  const before = s.slice(0, m.index);
  const quotes = (before.match(/"/g)?.length ?? 0) + (before.match(/'/g)?.length ?? 0);
  return quotes % 2 === 0 ? before : s;
}

/** Every command the file's command keys hold, one string per command (a block scalar is one). */
export function commandLinesOf(text: string): string[] {
  if (text.length > MAX_TEXT) return [];
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let beforeScript: { indent: number; text: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > MAX_LINE) continue;
    // Out of the job whose before_script it was.
    if (beforeScript && line.trim() !== '' && indentOf(line) < beforeScript.indent) beforeScript = undefined;
    const m = COMMAND_KEY.exec(line);
    if (!m) continue;
    const keyIndent = m[1]!.length;
    const value = withoutComment(m[3]!).trim();
    if (/^[|>][-+0-9]*$/.test(value)) {
      // A block scalar: the lines indented deeper than the key.
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j]!;
        if (l.trim() !== '' && indentOf(l) <= keyIndent) break;
        body.push(l.trim());
      }
      out.push(body.join('\n'));
      i = j - 1;
    } else if (value === '') {
      // A list of commands under the key: `script:` then `- ./deploy.sh`. The items run in one
      // shell, one after the other (a `cd tools` item moves the next): one script. GitLab runs a
      // job's `before_script` in that shell too, before its `script`.
      const items: string[] = [];
      let j = i + 1;
      let itemIndent = -1;
      // How the current item's further lines join it: a literal block (`- |`) keeps its lines, a folded one or a plain scalar joins them.
      let joiner = ' ';
      let fresh = false;
      for (; j < lines.length; j++) {
        const l = lines[j]!;
        if (l.trim() === '' || l.trim().startsWith('#')) continue;
        const item = /^(\s*)-\s+(.*)$/.exec(l);
        // A line deeper than the item's dash continues it: a `- >-` / `- |` block, or a plain scalar over several lines.
        if (items.length > 0 && indentOf(l) > itemIndent && (!item || item[1]!.length > itemIndent)) {
          const last = items.length - 1;
          items[last] = fresh ? l.trim() : `${items[last]}${joiner}${l.trim()}`;
          fresh = false;
          continue;
        }
        if (!item || item[1]!.length < keyIndent) break;
        itemIndent = item[1]!.length;
        const text = unquote(withoutComment(item[2]!));
        const block = /^([|>])[-+0-9]*$/.exec(text);
        joiner = block?.[1] === '|' ? '\n' : ' ';
        fresh = block !== null;
        items.push(block ? '' : text);
      }
      if (items.length > 0) {
        const key = m[2]!;
        const before = key === 'script' && beforeScript?.indent === keyIndent ? `${beforeScript.text}\n` : '';
        const text = items.join('\n');
        if (key === 'before_script') beforeScript = { indent: keyIndent, text };
        out.push(before + text);
      }
      i = j - 1;
    } else if (value.startsWith('[')) {
      out.push(flowSequence(value));
    } else {
      out.push(unquote(value));
    }
  }
  return out;
}
