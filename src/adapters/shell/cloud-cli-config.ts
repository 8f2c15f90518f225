import type { Node } from 'web-tree-sitter';
import type { RawCallSite } from '../../model/raw-facts.js';
import { isPlaceholderValue } from '../../credentials/placeholders.js';
import { credentialOf } from './credentials.js';
import type { CommandContext, Invocation } from './invocation.js';
import { dropChars, type Word } from './words.js';
import { literalText } from '../shared/values/parts.js';

// A dbt Cloud CLI config written by a script: `echo "    token-value: ${{ secrets.X }}" >>
// ~/.dbt/dbt_cloud.yml`, as a CI job sets up the Cloud CLI before `dbt build`. The file it
// writes is what the Cloud CLI authenticates with, so the line is a call site of the Cloud CLI
// workflow, as a committed dbt_cloud.yml is (src/adapters/dbt-cloud-yml/adapter.ts); its
// `token-value` is the CLI's token, a PAT. The secret's own name need not say dbt.

export const WRITERS: readonly string[] = ['echo', 'printf'];

const CONFIG_FILE = /(?:^|[/'"])dbt_cloud\.ya?ml['"]?$/;
const TOKEN_KEY = /token-value\s*:\s*/;

/** The `>`/`>>` target of the statement `command` belongs to, when it is a dbt_cloud.yml. */
function writesConfig(command: Node): boolean {
  const statement = command.parent;
  if (statement?.type !== 'redirected_statement') return false;
  for (let i = 0; i < statement.namedChildCount; i++) {
    const r = statement.namedChild(i);
    if (r?.type !== 'file_redirect') continue;
    const destination = r.childForFieldName('destination');
    if (destination && CONFIG_FILE.test(destination.text)) return true;
  }
  return false;
}

export function cloudCliConfigSite(command: Node, inv: Invocation, ctx: CommandContext): RawCallSite | undefined {
  if (!WRITERS.includes(inv.name) || !writesConfig(command)) return undefined;
  for (const arg of inv.args) {
    const word = ctx.scope.resolve(arg, inv.at);
    // The key is literal text; the value after it may be anything the script knows.
    let lead = '';
    for (const p of word) {
      if (p.kind !== 'literal') break;
      lead += p.text;
    }
    const key = TOKEN_KEY.exec(lead);
    if (!key) continue;
    const value = trimQuotes(dropChars(word, key.index + key[0].length));
    const text = literalText(value);
    if (value.length === 0 || (text !== undefined && isPlaceholderValue(text.trim(), 'template-file'))) return undefined;
    const credential = credentialOf(value, ctx.pos);
    if (!credential) return undefined;
    return {
      kind: 'config',
      span: ctx.pos.span(inv.at),
      workflow: 'cloud-cli',
      client: 'dbt Cloud CLI',
      credential: { ...credential, slotType: 'pat' },
    };
  }
  return undefined;
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
