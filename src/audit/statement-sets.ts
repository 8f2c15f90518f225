import { findMentions } from './mentions.js';
import { everyUseBuildsSavedJob, everyUseIsSave } from '../adapters/shared/saved-blocks.js';
import { HTTP_MOCK_METHODS, httpMockNames } from '../adapters/shared/http-mocks.js';
import { CODE, COMMENT, STRING, statementEnd, type Family, type SourceRegions } from './source-regions.js';
import { lineOfOffset } from '../facts/location.js';
import { CLOUD_BUILD_FILE } from '../adapters/cloud-build/descriptor.js';
import { HELP_TEXT_OWNER } from '../adapters/shared/line-facts/line-facts.js';

// Line sets the audit's reasons need, each found once per file: where a test mock or assertion
// runs, where imports and dependency lists are, Terraform resource blocks, heredocs that are
// printed, and Python docstrings. Line numbers are 1-based lines of the scanned document.

export interface Document {
  lines: string[];
  regions: SourceRegions;
  /** File name, lower case, for the format-specific sets. */
  base: string;
  family: Family;
}

const offsetOf = (d: Document, line: number, col: number): number => (d.regions.lineStarts[line - 1] ?? 0) + col;
const lineAt = (d: Document, offset: number): number => lineOfOffset(d.regions.lineStarts, offset);

/** The line of the bracket that closes the one at `offset` (code characters only). */
function closingLine(d: Document, offset: number, maxLines = 200): number {
  const { classes } = d.regions;
  const first = lineAt(d, offset);
  const text = d.lines.join('\n');
  let depth = 0;
  for (let i = offset; i < text.length; i++) {
    if (classes[i] !== CODE) continue;
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return lineAt(d, i);
    } else if (c === '\n' && lineAt(d, i) - first > maxLines) break;
  }
  return first;
}

const addRange = (set: Set<number>, from: number, to: number): void => {
  for (let l = from; l <= to; l++) set.add(l);
};

const isCodeAt = (d: Document, line: number, col: number): boolean => d.regions.classes[offsetOf(d, line, col)] === CODE;

const ASSERTION_CALL =
  /\.(?:assert_called_once_with|assert_called_with|assert_any_call|assert_has_calls|assert_awaited_once_with|assert_awaited_with|toHaveBeenCalledWith|toHaveBeenLastCalledWith|toHaveBeenNthCalledWith|toBeCalledWith|lastCalledWith|nthCalledWith|toHaveFetched\w*)\s*\(|\b(?:expect|assert_that|nock)\s*\(|\bself\.assert\w*\s*\(/g;
/**
 * Lines inside a test's mock registration or assertion: `responses.add(...)`, `m.get(URL, ...)`,
 * `mock_post.assert_called_once_with(URL, ...)`, `expect(fetch).toHaveBeenCalledWith(...)`,
 * `nock(HOST)`, and Python `assert` statements in test files.
 */
export function assertionLines(d: Document, testFile: boolean, lineLevelTest = false): Set<number> {
  const out = new Set<number>();
  const text = d.lines.join('\n');
  const names = [...httpMockNames(text)].map((n) => n.replace(/[$.]/g, '\\$&'));
  const mockCall = new RegExp(`(?<![\\w.])(?:${names.join('|')})\\.(?:${HTTP_MOCK_METHODS})\\s*\\(`, 'g');
  d.lines.forEach((line, i) => {
    const ln = i + 1;
    for (const re of [ASSERTION_CALL, mockCall]) {
      for (const m of line.matchAll(re)) {
        if (!isCodeAt(d, ln, m.index)) continue;
        const paren = m.index + m[0].lastIndexOf('(');
        addRange(out, ln, closingLine(d, offsetOf(d, ln, paren)));
      }
    }
    // A bare `assert` is a test's assertion only in a test file (elsewhere it guards the program).
    const assert = testFile ? /^\s*assert\b(?!_)/.exec(line) : null;
    if (assert && isCodeAt(d, ln, assert[0].length - 1)) addRange(out, ln, statementEnd(d.regions, ln));
    // A test read line by line: a dbt Cloud URL with no token beside it is what it parses or expects (adapters/lines).
    if (lineLevelTest && /api\/v[234]\/|graphql/i.test(line) && !/authori[sz]ation|token|bearer/i.test(line)) out.add(ln);
  });
  return out;
}

/**
 * Python statements that build a Prefect `DbtCloudCredentials` block only to save it
 * (`DbtCloudCredentials(...).save("name")`, or a variable whose every use is `.save(...)`), or
 * loaded only to build a job block that is stored: a set-up script storing blocks on the Prefect
 * server. The Python adapter reports no call there.
 */
export function savedBlockLines(d: Document): Set<number> {
  const out = new Set<number>();
  if (d.family !== 'python') return out;
  const text = d.lines.join('\n');
  d.lines.forEach((line, i) => {
    const ln = i + 1;
    const at = line.indexOf('DbtCloudCredentials(');
    if (at < 0 || !isCodeAt(d, ln, at)) return;
    const end = statementEnd(d.regions, ln);
    const statement = d.lines.slice(i, end).join('\n');
    const assigned = /^\s*([A-Za-z_]\w*)\s*=\s*(?:[\w.]+\.)?DbtCloudCredentials\(/.exec(line)?.[1];
    const chained = /\)\s*\.\s*save\s*\(/.test(statement);
    if (chained || (assigned !== undefined && everyUseIsSave(text, assigned))) addRange(out, ln, end);
  });
  // A block loaded only to build a job block that is stored.
  d.lines.forEach((line, i) => {
    const ln = i + 1;
    const loaded = /^\s*([A-Za-z_]\w*)\s*=\s*(?:await\s+)?(?:[\w.]+\.)?DbtCloudCredentials\.a?load\(/.exec(line);
    if (!loaded || !isCodeAt(d, ln, loaded.index) || !everyUseBuildsSavedJob(text, loaded[1]!)) return;
    addRange(out, ln, statementEnd(d.regions, ln));
  });
  return out;
}

const DEPENDENCY_FILE =
  /^(requirements[^/]*\.(txt|in)|constraints[^/]*\.txt|pipfile|pyproject\.toml|setup\.cfg|setup\.py|package\.json|environment\.ya?ml|go\.mod|gemfile|[^/]*\.lock|package-lock\.json|poetry\.lock)$/;

/**
 * Import statements and dependency declarations: Python and JS imports, `require(...)`,
 * requirement files, package.json dependency maps, pyproject dependency lists, Terraform
 * `required_providers` and module `source`, GitHub Actions `uses:`, package installs.
 */
export function importLines(d: Document): Set<number> {
  const out = new Set<number>();
  const requirementFile = /^(requirements[^/]*\.(txt|in)|constraints[^/]*\.txt)$/.test(d.base);
  d.lines.forEach((line, i) => {
    const ln = i + 1;
    const first = line.search(/\S/);
    if (first < 0) return;
    if (requirementFile) out.add(ln);
    if (d.regions.classes[offsetOf(d, ln, first)] === COMMENT) return;
    if (/^\s*(?:import\s|from\s+\S+\s+import\b|import\s*[{*'"]|export\s+(?:\*|\{[^}]*\})\s+from\b)/.test(line))
      addRange(out, ln, statementEnd(d.regions, ln));
    if (/\b(?:require|import)\s*\(\s*['"`]/.test(line)) out.add(ln);
    if (/^\s*(?:-\s+)?uses:\s/.test(line)) out.add(ln);
    if (/^\s*source\s*=\s*"/.test(line) && /\.(tf|hcl)$/.test(d.base)) out.add(ln);
    if (/\b(?:pip3?|uv\s+pip|pipx|poetry|npm|yarn|pnpm|bun|gem|go)\s+(?:install|add|get|i)\b/.test(line)) out.add(ln);
    const block =
      /(["']?)(required_providers|dependencies|devDependencies|peerDependencies|optionalDependencies|install_requires|requires|dev-dependencies)\1\s*[=:]?\s*([[{(])/.exec(
        line,
      );
    if (block && (DEPENDENCY_FILE.test(d.base) || block[2] === 'required_providers')) {
      const at = block.index + block[0].length - 1;
      if (isCodeAt(d, ln, at)) addRange(out, ln, closingLine(d, offsetOf(d, ln, at)));
    }
  });
  // pyproject / Pipfile tables: `[tool.poetry.dependencies]`, `[packages]` up to the next table.
  if (/^(pyproject\.toml|pipfile|setup\.cfg)$/.test(d.base)) {
    let inTable = false;
    d.lines.forEach((line, i) => {
      const table = /^\s*\[([^\]]+)\]/.exec(line);
      if (table) inTable = /dependencies|packages|requires/i.test(table[1]!);
      else if (inTable) out.add(i + 1);
    });
  }
  return out;
}

/** Resource and data types that send requests of their own, or run commands that may. */
const REQUESTING_BLOCK = /^(http|restapi_\w*|terracurl_\w*|curl\w*|external|null_resource|terraform_data|shell_\w*)$/;

/**
 * Terraform resource, data and ephemeral blocks: the provider block is the call site; resources are
 * managed through their provider (the dbtcloud provider's calls are its block's call site,
 * another provider's calls go to another API). Blocks that can send a request themselves
 * (`http`, provisioners, commands) count by their header only.
 */
export function terraformResourceLines(d: Document): Set<number> {
  const out = new Set<number>();
  if (/\.(tf|hcl)$/.test(d.base)) {
    d.lines.forEach((line, i) => {
      const m = /^\s*(resource|data|ephemeral)\s+"([\w-]+)"\s+"([\w-]+)"\s*\{/.exec(line);
      if (!m) return;
      const ln = i + 1;
      out.add(ln);
      const end = closingLine(d, offsetOf(d, ln, m[0].length - 1));
      const body = d.lines.slice(ln - 1, end).join('\n');
      if (!REQUESTING_BLOCK.test(m[2]!) && !/\bprovisioner\b|\bcommand\s*=/.test(body)) addRange(out, ln, end);
    });
  } else if (/\.tf\.json$/.test(d.base)) {
    d.lines.forEach((line, i) => {
      const m = /^\s*"dbtcloud_\w+"\s*:\s*([[{])/.exec(line);
      if (!m) return;
      const ln = i + 1;
      addRange(out, ln, closingLine(d, offsetOf(d, ln, m[0].length - 1)));
    });
  }
  return out;
}

/** Heredoc bodies a command prints (`cat <<EOF`, `tee`): help text, not requests. */
export function printedHeredocLines(d: Document): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < d.lines.length; i++) {
    const m = /\b(cat|echo|printf|tee|more|less)\b[^|<]*<<-?\s*(['"]?)([A-Za-z_]\w*)\2/.exec(d.lines[i]!);
    if (!m) continue;
    let j = i + 1;
    while (j < d.lines.length && d.lines[j]!.trim() !== m[3]) out.add(++j);
    i = j;
  }
  return out;
}

/** A command's help or usage text spanning lines (cobra's `Long: \`…\``, `const usage = \`…\``): shown to a reader. */
export function helpTextLines(d: Document): Set<number> {
  const out = new Set<number>();
  const { classes } = d.regions;
  d.lines.forEach((line, i) => {
    const ln = i + 1;
    for (let c = 0; c < line.length; c++) {
      const at = offsetOf(d, ln, c);
      if (classes[at] !== STRING || (at > 0 && classes[at - 1] === STRING)) continue;
      if (!HELP_TEXT_OWNER.test(line.slice(0, c))) continue;
      let k = at;
      while (k < classes.length && classes[k] === STRING) k++;
      const last = lineAt(d, Math.max(at, k - 1));
      if (last > ln) addRange(out, ln, last);
    }
  });
  return out;
}

/** Python docstrings: a triple-quoted string that is a statement by itself. */
export function docstringLines(d: Document): Set<number> {
  const out = new Set<number>();
  const { classes } = d.regions;
  let previous = '';
  d.lines.forEach((line, i) => {
    const ln = i + 1;
    const m = /^(\s*)[rRuU]?("""|''')/.exec(line);
    const start = offsetOf(d, ln, m ? m[0].length - 3 : 0);
    const isDoc =
      m &&
      classes[start] === STRING &&
      (start === 0 || classes[start - 1] !== STRING) &&
      (d.regions.lines[i]?.depthAtStart ?? 0) === 0 &&
      !/(=|\\|\+|\breturn|\(|,)\s*$/.test(previous);
    if (isDoc) {
      let k = start + 3;
      while (k < classes.length && classes[k] === STRING) k++;
      addRange(out, ln, lineAt(d, Math.max(start, k - 1)));
    }
    const code = line
      .split('')
      .filter((_, c) => classes[offsetOf(d, ln, c)] !== COMMENT)
      .join('')
      .trim();
    if (code !== '') previous = code;
  });
  return out;
}

/** The line a YAML line's block belongs to: its nearest line above with less indentation. */
function yamlParent(d: Document, line: number): number | undefined {
  const indent = (t: string): number => t.search(/\S/);
  const own = indent(d.lines[line - 1] ?? '');
  for (let l = line - 1; l >= 1; l--) {
    const t = d.lines[l - 1]!;
    if (t.trim() === '') continue;
    if (indent(t) < own) return l;
  }
  return undefined;
}

const BLOCK_SCALAR = /:\s*[|>][-+0-9]*\s*(#.*)?$|^\s*-\s+[|>][-+0-9]*\s*$/;

/**
 * The last line of a YAML statement starting at `line`: in a folded block scalar (`>`), the
 * lines YAML joins into one (same indentation, no blank line between); for a mapping key or a
 * list item, its more-indented children up to a block scalar (a `run: |` script is not part of
 * an env entry); otherwise the shell rules of `statementEnd`.
 */
/** A key holding a container's argv list. */
const ARGV_KEY = /^\s*(?:-\s+)?(?:command|args|entrypoint)\s*:\s*(?:#.*)?$/;

export function yamlStatementEnd(d: Document, line: number, maxLines = 20): number {
  const indent = (t: string): number => t.search(/\S/);
  const text = d.lines[line - 1] ?? '';
  const own = indent(text);
  const parent = yamlParent(d, line);
  if (parent !== undefined && />[-+0-9]*\s*(#.*)?$/.test(d.lines[parent - 1]!) && BLOCK_SCALAR.test(d.lines[parent - 1]!)) {
    let end = line;
    while (end < d.lines.length && end - line < maxLines) {
      const next = d.lines[end]!;
      if (next.trim() === '' || indent(next) !== own) break;
      end++;
    }
    return Math.max(end, statementEnd(d.regions, line));
  }
  // An exec-form argv (`args:`, `command:`, `entrypoint:` items: `- -H`, `- "Authorization: …"`): one command, all its items.
  if (parent !== undefined && ARGV_KEY.test(d.lines[parent - 1]!) && /^\s*-\s/.test(text)) {
    let end = line;
    while (end < d.lines.length && end - line < maxLines && /^\s*-\s/.test(d.lines[end]!) && indent(d.lines[end]!) === own) end++;
    return end;
  }
  const inScalar = parent !== undefined && BLOCK_SCALAR.test(d.lines[parent - 1]!);
  if (!inScalar && /^\s*(?:-\s+)?[\w"'.-]+\s*:/.test(text) && !BLOCK_SCALAR.test(text)) {
    let end = line;
    while (end < d.lines.length && end - line < maxLines) {
      const next = d.lines[end]!;
      if (next.trim() === '') break;
      if (indent(next) <= own) break;
      if (BLOCK_SCALAR.test(next) || /^\s*(?:-\s+)?(run|script|command|args|before_script|after_script)\s*:/.test(next)) break;
      end++;
    }
    return end;
  }
  return statementEnd(d.regions, line);
}

/** Extents of functions, methods and classes (Python by indentation, others by braces), with their names. */
export function callableExtents(d: Document): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  const indent = (t: string): number => t.search(/\S/);
  d.lines.forEach((line, i) => {
    const ln = i + 1;
    const m =
      /^\s*(?:export\s+(?:default\s+)?)?(?:async\s+)?(?:def|class|function\*?)\s+([A-Za-z_$][\w$]*)/.exec(line) ??
      /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]*)?=>|[A-Za-z_$][\w$]*\s*=>)/.exec(
        line,
      );
    if (!m || !isCodeAt(d, ln, m.index + m[0].length - 1)) return;
    if (/^\s*(?:async\s+)?(?:def|class)\b/.test(line) && !line.includes('{')) {
      const own = indent(line);
      let end = ln;
      for (let l = ln + 1; l <= d.lines.length; l++) {
        const t = d.lines[l - 1]!;
        if (t.trim() === '') continue;
        if (indent(t) <= own) break;
        end = l;
      }
      out.push({ name: m[1]!, start: ln, end });
      return;
    }
    const brace = line.indexOf('{', m.index + m[0].length - 1);
    const end = brace >= 0 ? closingLine(d, offsetOf(d, ln, brace), 2000) : statementEnd(d.regions, ln);
    out.push({ name: m[1]!, start: ln, end });
  });
  return out;
}

const ROUTE_CALL =
  /(?:^|[^\w.])(?:app|router|server|api|route|routes|r|bp|blueprint|fastify)\.(?:get|post|put|patch|delete|all|use|route|head|options)\s*\(\s*(['"`])(\/[^'"`]*)\1/;
const ROUTE_DECORATOR = /^\s*@\w+\.(?:route|get|post|put|patch|delete|api_route)\(\s*['"]\//;

/**
 * A route the repository serves (Express, Fastify, Flask, FastAPI): a decorator, or a
 * `router.get('/path', handler)` whose path has parameters (`:id`, `<id>`) or whose handler
 * takes a request (`(req, res) =>`). `api.get('/api/v2/…')` alone is as likely a client call.
 */
export function isRouteDefinition(code: string): boolean {
  if (ROUTE_DECORATOR.test(code)) return true;
  const m = ROUTE_CALL.exec(code);
  if (!m) return false;
  const after = code.slice(m.index + m[0].length);
  return (
    /\/:\w|<\w+>/.test(m[2]!) || /^\s*,\s*(?:async\s*)?(?:\(\s*(?:req|request|ctx|_req)\b|function\s*\(\s*(?:req|request))/.test(after)
  );
}

/** Request calls, for telling which statements send a request (to whatever host). */
export const REQUEST_CALL =
  /\b(?:requests|httpx|session|client|aiohttp|urllib3?|axios|got|ky|superagent)\s*\.\s*(?:get|post|put|patch|delete|head|request|urlopen)\s*\(|\bfetch\s*\(|\burlopen\s*\(|(?:^|[\s;&|(])(?:curl|wget|http|https)\s/;

/**
 * Input and setting declarations: a GitHub Action's `inputs:` entries, and JSON settings schemas
 * (`"ext.dbtCloudToken": { "type": "string", … }` in a VS Code extension's package.json).
 */
export function settingDeclarationLines(d: Document): Set<number> {
  const out = new Set<number>();
  if (/^action\.ya?ml$/.test(d.base)) {
    let child: number | undefined;
    d.lines.forEach((line, i) => {
      if (/^inputs:\s*$/.test(line)) {
        child = -1;
        return;
      }
      if (child === undefined || line.trim() === '' || /^\s*#/.test(line)) return;
      const indent = line.search(/\S/);
      if (indent === 0) {
        child = undefined;
        return;
      }
      if (child === -1) child = indent;
      if (indent === child && /^\s*[\w-]+:\s*$/.test(line)) out.add(i + 1);
    });
  }
  // Cloud Build: which secret a step's variable holds (`availableSecrets` entries, a step's
  // `secretEnv` list); the secret is used where the step's script reads the variable.
  if (CLOUD_BUILD_FILE.test(d.base)) {
    let inSecrets = false;
    d.lines.forEach((line, i) => {
      if (/^availableSecrets:\s*$/.test(line)) inSecrets = true;
      else if (/^\S/.test(line)) inSecrets = false;
      if ((inSecrets && /^\s+(?:-\s+)?(?:versionName|env):/.test(line)) || /^\s*secretEnv:\s*\[[^\]]*\]\s*$/.test(line)) out.add(i + 1);
    });
  }
  // Cloud functions' `secrets: [dbtCloudPat]` option: which secrets the platform binds to the function, read where the code calls `.value()`.
  if (d.family === 'c-like' && /\.[cm]?[jt]sx?$/.test(d.base))
    d.lines.forEach((line, i) => {
      if (/\bsecrets\s*:\s*\[[\w\s,$]*\]/.test(line)) out.add(i + 1);
    });
  if (/\.json$/.test(d.base)) {
    d.lines.forEach((line, i) => {
      if (/^\s*"[^"]+"\s*:\s*\{.*"type"\s*:/.test(line)) out.add(i + 1);
      // Heroku's `app.json` `env`: `"DBT_CLOUD_TOKEN": { "description": …, "required": true }`, set at deploy time.
      if (d.base === 'app.json' && /^\s*"[A-Za-z_]\w*"\s*:\s*\{.*"description"\s*:/.test(line) && !/"value"\s*:/.test(line)) out.add(i + 1);
      // VS Code's `inputs`: `"id": "dbt-token"` declares what a `${input:dbt-token}` prompts for.
      if (
        /^\s*"id"\s*:\s*"[^"]*"\s*,?\s*$/.test(line) &&
        d.lines.slice(Math.max(0, i - 4), i + 5).some((l) => /"promptString"|"pickString"/.test(l))
      )
        out.add(i + 1);
    });
  }
  return out;
}

/**
 * Airflow connections (airflow_settings.yaml, `- conn_id:` items) of another service: a
 * `conn_type` that is not dbt Cloud's and no dbt Cloud host in the item.
 */
export function otherServiceConnectionLines(d: Document): Set<number> {
  const out = new Set<number>();
  d.lines.forEach((line, i) => {
    if (!/^\s*-\s+conn_id\s*:/.test(line)) return;
    const end = yamlStatementEnd(d, i + 1, 40);
    const item = d.lines.slice(i, end);
    const type = item.map((t) => /^\s*(?:-\s+)?conn_type\s*:\s*["']?([\w-]+)/.exec(t)?.[1]).find((t) => t !== undefined);
    if (type === undefined || /dbt/i.test(type) || item.some((t) => findMentions(t).some((m) => m.kind === 'host'))) return;
    addRange(out, i + 1, end);
  });
  return out;
}
