import type { Node } from 'web-tree-sitter';
import type { RawCallSite } from '../../model/raw-facts.js';
import { isPlaceholderValue } from '../../credentials/placeholders.js';
import { credentialOf } from './credentials.js';
import type { CommandContext, Invocation } from './invocation.js';
import { dropChars, evaluateWord, namedChildrenOf, type Word } from './words.js';
import { literalText } from '../shared/values/parts.js';
import { CONFIG_COPIERS, copiedCloudCliConfig } from './cloud-cli-paths.js';

// A dbt Cloud CLI config written by a script: `echo "    token-value: ${{ secrets.X }}" >>
// ~/.dbt/dbt_cloud.yml`, as a CI job sets up the Cloud CLI before `dbt build`. The file it
// writes is what the Cloud CLI authenticates with, so the line is a call site of the Cloud CLI
// workflow, as a committed dbt_cloud.yml is (src/adapters/dbt-cloud-yml/adapter.ts); its
// `token-value` is the CLI's token, a PAT. The secret's own name need not say dbt.

export const WRITERS: readonly string[] = ['echo', 'printf', 'cat', 'tee', 'yq'];

/** Writers whose text is a here-document (`cat > ~/.dbt/dbt_cloud.yml <<EOF`), not their arguments. */
const HEREDOC_WRITERS = new Set(['cat', 'tee']);

const CONFIG_FILE = /(?:^|[/'"])dbt_cloud\.ya?ml['"]?$/;
/** The token's key: `token-value`, or `api-key` in the first Cloud CLI releases. */
const TOKEN_KEY = /(?:token-value|api-key)\s*:\s*/;

/** The `>`/`>>` target of the statement `command` belongs to, when it is a dbt_cloud.yml (`tee`'s argument too). */
function writesConfig(command: Node, inv: Invocation): boolean {
  if (inv.name === 'tee' && inv.args.some((a) => CONFIG_FILE.test(a.map((p) => (p.kind === 'literal' ? p.text : '')).join(''))))
    return true;
  const statement = command.parent;
  if (statement?.type !== 'redirected_statement') return false;
  for (const r of namedChildrenOf(statement)) {
    // `cat <<EOF > file` puts the file's redirect inside the here-document's.
    for (const f of r.type === 'heredoc_redirect' ? namedChildrenOf(r) : [r]) {
      if (f.type !== 'file_redirect') continue;
      const destination = f.childForFieldName('destination');
      if (destination && CONFIG_FILE.test(destination.text)) return true;
    }
  }
  return false;
}

/** Decoders a config kept encoded in one secret passes through on its way to the file. */
const DECODER = /^(?:base64|openssl|gpg|sops|age)$/;

/** `echo "$CFG" | base64 -d > ~/.dbt/dbt_cloud.yml`: the writer heads a pipeline of decoders into the config. */
function decodedIntoConfig(command: Node, inv: Invocation): boolean {
  const pipeline = command.parent;
  if (pipeline?.type !== 'pipeline' || !['echo', 'printf'].includes(inv.name)) return false;
  const stages = namedChildrenOf(pipeline);
  if (stages[0]?.id !== command.id || stages.length < 2) return false;
  if (!stages.slice(1).every((s) => s.type === 'command' && DECODER.test(s.childForFieldName('name')?.text ?? ''))) return false;
  const statement = pipeline.parent;
  if (statement?.type !== 'redirected_statement') return false;
  return namedChildrenOf(statement).some(
    (r) => r.type === 'file_redirect' && CONFIG_FILE.test(r.childForFieldName('destination')?.text ?? ''),
  );
}

/**
 * The value after `token-value:` in the here-document written by the statement around `command`,
 * and where its key is: the site is the token's line, as in a committed dbt_cloud.yml.
 */
function heredocTokenValue(command: Node, inv: Invocation, ctx: CommandContext): { value: Word; at: number } | undefined {
  for (const r of namedChildrenOf(command.parent!)) {
    if (r.type !== 'heredoc_redirect') continue;
    // A quoted delimiter (`<<'EOF'`) keeps `$X` as written: the body is text (a CI runner's markers in it still count).
    const quoted = namedChildrenOf(r).some((c) => c.type === 'heredoc_start' && /^['"\\]/.test(c.text));
    for (const body of namedChildrenOf(r).filter((c) => c.type === 'heredoc_body')) {
      const found = tokenValueIn(body, quoted, inv, ctx);
      if (found) return found;
    }
  }
  return undefined;
}

/** A here-document's pieces in order: its text (between expansions too), and the expansions the shell fills in. */
function piecesOf(body: Node, quoted: boolean): ({ text: string; at: number } | { expansion: Node })[] {
  const out: ({ text: string; at: number } | { expansion: Node })[] = [];
  const source = body.text;
  let pos = body.startIndex;
  const text = (from: number, to: number): void => {
    if (to > from) out.push({ text: source.slice(from - body.startIndex, to - body.startIndex), at: from });
  };
  for (let i = 0; i < body.childCount && !quoted; i++) {
    const c = body.child(i);
    if (!c || c.type === 'heredoc_content') continue;
    text(pos, c.startIndex);
    out.push({ expansion: c });
    pos = c.endIndex;
  }
  text(pos, body.endIndex);
  return out;
}

/** The value after `token-value:` in a here-document's text, to the end of its line, and where its key is. */
function tokenValueIn(body: Node, quoted: boolean, inv: Invocation, ctx: CommandContext): { value: Word; at: number } | undefined {
  let line = '';
  /** Where the line read so far starts: pieces may split it at the expansions in it. */
  let lineAt = body.startIndex;
  let value: Word | undefined;
  let valueAt = lineAt;
  for (const piece of piecesOf(body, quoted)) {
    if ('expansion' in piece) {
      if (value) value.push(...ctx.scope.resolve(evaluateWord(piece.expansion), inv.at));
      else line += '\u0000';
      continue;
    }
    if (value) {
      const nl = piece.text.indexOf('\n');
      const rest = nl < 0 ? piece.text : piece.text.slice(0, nl);
      if (rest) value.push({ kind: 'literal', text: rest, at: piece.at });
      if (nl >= 0) return { value, at: valueAt };
      continue;
    }
    const lines = piece.text.split('\n');
    let at = piece.at;
    for (let j = 0; j < lines.length; j++) {
      if (j > 0) lineAt = at;
      at += lines[j]!.length + 1;
      const current = (j === 0 ? line : '') + lines[j]!;
      const key = TOKEN_KEY.exec(current);
      if (!key) continue;
      const rest = current.slice(key.index + key[0].length);
      const found: Word = rest ? [{ kind: 'literal', text: rest, at: piece.at }] : [];
      // At the key, unless an expansion before it on the line (a stand-in character here) moves it.
      const keyAt = current.slice(0, key.index).includes('\u0000') ? lineAt : lineAt + key.index;
      // A value that ends on this line is all text; else the expansion after it goes on it.
      if (j < lines.length - 1) return { value: found, at: keyAt };
      value = found;
      valueAt = keyAt;
      break;
    }
    if (!value) line = (lines.length > 1 ? '' : line) + lines[lines.length - 1]!;
  }
  return value && { value, at: valueAt };
}

export function cloudCliConfigSite(command: Node, inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  if (inv.name === 'yq') return yqConfigSite(command, inv, ctx);
  if (CONFIG_COPIERS.includes(inv.name)) return copiedConfigSite(inv, ctx);
  if (!WRITERS.includes(inv.name)) return undefined;
  if (!writesConfig(command, inv)) return decodedIntoConfig(command, inv) ? wholeConfigSite(inv, ctx) : undefined;
  if (HEREDOC_WRITERS.has(inv.name)) {
    const found = command.parent?.type === 'redirected_statement' ? heredocTokenValue(command, inv, ctx) : undefined;
    return found && siteOf(trimQuotes(found.value), inv, ctx, found.at);
  }
  for (const arg of inv.args) {
    const word = ctx.scope.resolve(arg, inv.at);
    const value = valueAfterKey(word);
    if (value) return siteOf(trimQuotes(value), inv, ctx);
  }
  return wholeConfigSite(inv, ctx);
}

/**
 * `echo "$DBT_CLOUD_CONFIG" > ~/.dbt/dbt_cloud.yml`, `printf '%s' "${{ secrets.DBT_CLOUD_YML }}" >
 * …`, `echo "$CFG_B64" | base64 -d > …`: the whole config, token and all, kept in one secret. That
 * secret is what the Cloud CLI authenticates with; a text with no expansion writes no token.
 */
function wholeConfigSite(inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  const words = inv.args.map((a) => ctx.scope.resolve(a, inv.at));
  let values = inv.name === 'echo' ? words.filter((w) => !/^-[neE]+$/.test(literalText(w) ?? '')) : words;
  // printf's format is text around the value: only a bare `%s` (and a newline) writes it as it is.
  if (inv.name === 'printf') values = /^["']?%s(?:\\n)?["']?$/.test(literalText(values[0] ?? []) ?? '') ? values.slice(1) : [];
  if (values.length !== 1) return undefined;
  const value = trimQuotes(values[0]!);
  if (value.length !== 1 || value[0]!.kind === 'literal') return undefined;
  return siteOf(value, inv, ctx);
}

/**
 * The value after `token-value:` in an echoed text, to the end of its line: the key is literal
 * text, anywhere in a YAML document written in one argument (`echo "projects:\n  - project-id:
 * \"${PID}\"\n    token-value: \"${TOKEN}\"" > ~/.dbt/dbt_cloud.yml`); the value may be anything
 * the script knows.
 */
function valueAfterKey(word: Word): Word | undefined {
  for (let i = 0; i < word.length; i++) {
    const p = word[i]!;
    if (p.kind !== 'literal') continue;
    const key = TOKEN_KEY.exec(p.text);
    if (!key) continue;
    const value = dropChars(word.slice(i), key.index + key[0].length);
    // To the end of the line the key is on.
    for (let j = 0; j < value.length; j++) {
      const q = value[j]!;
      if (q.kind !== 'literal') continue;
      const nl = q.text.indexOf('\n');
      if (nl < 0) continue;
      return [...value.slice(0, j), ...(nl > 0 ? [{ ...q, text: q.text.slice(0, nl) }] : [])];
    }
    return value;
  }
  return undefined;
}

/** `yq` setting the token: `.projects[0].token-value = "$TOKEN"` or `= strenv(TOKEN)`. */
const YQ_TOKEN_KEY = /token-value["']?\s*=\s*/;

/**
 * `yq -i '.projects[0].token-value = strenv(DBT_CLOUD_PAT)' ~/.dbt/dbt_cloud.yml`, or `yq -n …`
 * redirected to one: the token it writes into the Cloud CLI's config.
 */
function yqConfigSite(command: Node, inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  const texts = inv.args.map((a) => a.map((p) => (p.kind === 'literal' ? p.text : '')).join(''));
  if (!texts.some((t) => CONFIG_FILE.test(t)) && !writesConfig(command, inv)) return undefined;
  for (const arg of inv.args) {
    const word = ctx.scope.resolve(arg, inv.at);
    for (let i = 0; i < word.length; i++) {
      const p = word[i]!;
      const key = p.kind === 'literal' ? YQ_TOKEN_KEY.exec(p.text) : null;
      if (!key) continue;
      const value = dropChars(word.slice(i), key.index + key[0].length);
      const lead = value[0]?.kind === 'literal' ? value[0].text : '';
      const env = /^(?:str)?env\(\s*([A-Za-z_]\w{0,100})\s*\)/.exec(lead);
      if (env)
        return {
          kind: 'config',
          span: ctx.pos.span(inv.at),
          workflow: 'cloud-cli',
          client: 'dbt Cloud CLI',
          credential: { source: 'env', name: env[1], slotType: 'pat' },
        };
      return siteOf(trimQuotes(value), inv, ctx);
    }
  }
  return undefined;
}

/**
 * `cp dbt_cloud.yml ~/.dbt/`: the repository's committed config put where the Cloud CLI reads it.
 * The token is the one that file holds (a `token-value`, a PAT); the file itself is marked as one
 * this script's pipeline uses (scripts-run.ts), so that its own site takes the pipeline's workflow.
 */
function copiedConfigSite(inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  const texts = inv.args.map((a) =>
    ctx.scope
      .resolve(a, inv.at)
      .map((p) => (p.kind === 'literal' ? p.text : p.kind === 'reference' ? `$${p.name}` : '$?'))
      .join(''),
  );
  const source = copiedCloudCliConfig(texts);
  if (source === undefined) return undefined;
  return {
    kind: 'config',
    span: ctx.pos.span(inv.at),
    workflow: 'cloud-cli',
    client: 'dbt Cloud CLI',
    credential: { source: 'config', name: source.replace(/^\.\//, ''), slotType: 'pat' },
  };
}

/**
 * The Cloud CLI site of the command writing `value` as the config's token; `at`, where it is
 * reported when that is not the command (a here-document's token line).
 */
function siteOf(value: Word, inv: Invocation, ctx: CommandContext, at = inv.at): RawCallSite | undefined {
  const text = literalText(value);
  if (value.length === 0 || (text !== undefined && isPlaceholderValue(text.trim(), 'template-file'))) return undefined;
  const credential = credentialOf(value, ctx.pos);
  if (!credential) return undefined;
  return {
    kind: 'config',
    span: ctx.pos.span(at),
    workflow: 'cloud-cli',
    client: 'dbt Cloud CLI',
    credential: { ...credential, slotType: 'pat' },
  };
}

/** `"${TOKEN}"` written inside the echoed YAML: the quotes are YAML's, not the token's. */
function trimQuotes(word: Word): Word {
  const first = word[0];
  const last = word[word.length - 1];
  let out = word;
  if (first?.kind === 'literal' && /^["']/.test(first.text)) out = dropChars(out, 1);
  if (last?.kind === 'literal' && /["']\s*$/.test(last.text)) {
    const l = out[out.length - 1];
    if (l?.kind === 'literal')
      out = [...out.slice(0, -1), ...(l.text.replace(/["']\s*$/, '') ? [{ ...l, text: l.text.replace(/["']\s*$/, '') }] : [])];
  }
  return out;
}
