import type { FileFacts } from '../../model/raw-facts.js';
import { resolveExpression } from './github-expressions.js';
import { TokenHandoffs } from '../shared/ci-yaml/token-handoff.js';

// A workflow whose YAML is broken (a mis-indented key turns the rest of a job into one odd
// mapping key) still says, line by line, which dbt Cloud token its steps are given. When the
// parser gave up on part of the file, `NAME: ${{ secrets.X }}` lines are read on their own; each
// one that holds a dbt Cloud token, in a file that runs something, is a `ci-step` call site as
// if the step had parsed. Lines the parsed part already reported are not reported again.

const ENV_LINE = /^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]{0,127})\s*:\s*(["']?)\$\{\{((?:[^}]|\}(?!\})){1,200})\}\}\3\s*(?:#.*)?$/;
const KEY_LINE = /^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]{0,127})\s*:/;
const RUN_LINE = /^\s*(?:-\s+)?run\s*:\s*\S/;
const MAX_LINES = 20_000;
const MAX_LINE = 2_000;

/** Adds the token hand-offs of the env lines of `text` (a workflow with parse errors) to `facts`. */
export function addUnparsedEnvHandoffs(text: string, facts: FileFacts, databricks: boolean): void {
  const lines = text
    .split('\n', MAX_LINES + 1)
    .slice(0, MAX_LINES)
    .map((l) => (l.length > MAX_LINE ? '' : l.replace(/\r$/, '')));
  if (!lines.some((l) => RUN_LINE.test(l))) return;
  const names = lines.map((l) => KEY_LINE.exec(l)?.[1]).filter((n): n is string => n !== undefined);
  const handoffs = new TokenHandoffs();
  const scope = { databricks, env: new Map(), names };
  lines.forEach((line, i) => {
    const m = ENV_LINE.exec(line);
    if (!m) return;
    const span = { line: i + 1, column: m[1]!.length + line.slice(m[1]!.length).indexOf('$') + 1 };
    const binding = resolveExpression(m[4]!, span, { env: new Map(), inputDefaults: new Map() }).binding;
    if (binding && 'credential' in binding) handoffs.addIfToken(m[2]!, binding.credential, scope, span);
  });
  handoffs.flush(facts);
}
