import { parseArgs } from 'node:util';
import { rethrowUnless, UsageError } from '../errors.js';
import type { CacheStrategy } from '../cache/facts-cache.js';
import { OPTIONS } from './option-table.js';

// The usage text and the parsing of the line (the option table is option-table.ts). Commands read
// parsed values from here only.

const COMMANDS = ['scan', 'inventory', 'merge', 'rules', 'explain', 'export', 'history'] as const;
type Command = (typeof COMMANDS)[number];
const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface ParsedArgs {
  command: Command;
  positionals: string[];
  format?: string;
  output?: string;
  failOn: FailOn;
  config?: string;
  staged: boolean;
  changed?: string;
  baseline?: string;
  writeBaseline?: string;
  quiet: boolean;
  verbose: boolean;
  reportUnusedSuppressions: boolean;
  color?: boolean;
  maxFileSize?: number;
  jobs?: number;
  cache: boolean;
  cacheLocation?: string;
  cacheStrategy: CacheStrategy;
  /** The repository's name in json reports (`merge` tells reports apart by it). */
  repository?: string;
  /** history: --since REF|DATE and --branches all|current. */
  since?: string;
  branches?: string;
  help: boolean;
  version: boolean;
}

/**
 * Node's parser errors in this tool's own wording, the way every other usage error reads:
 * `--format: needs a value`, `unknown option "--foo"`.
 */
function usageWording(e: Error & { code?: string }): string {
  // "Option '-f, --format <value>' argument missing": the long form names it best.
  const option = /'(?:-[A-Za-z], )?(-{1,2}[^' <]+)/.exec(e.message)?.[1] ?? '';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = Object.keys(OPTIONS).find((o) => editDistance(o, option.replace(/^-+/, '')) <= 2);
    return `unknown option "${option}"${near && option.startsWith('--') ? `; did you mean --${near}?` : ''}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return / argument missing/.test(e.message) ? `${option}: needs a value` : `${option}: takes no value`;
  }
  return e.message.replace(/^TypeError \[[A-Z_]+\]: /, '');
}

/** Levenshtein distance, for "did you mean" on short option names. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

export function parseCli(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // util.parseArgs refuses the command line with an ERR_PARSE_ARGS_* error.
    rethrowUnless(e, (x) => x instanceof Error && /^ERR_PARSE_ARGS_/.test((x as NodeJS.ErrnoException).code ?? ''));
    throw new UsageError(usageWording(e as Error & { code?: string }));
  }
  const v = parsed.values;
  const pos = [...parsed.positionals];
  let command: Command = 'scan';
  if (pos.length && (COMMANDS as readonly string[]).includes(pos[0]!)) command = pos.shift() as Command;
  const failOn = (v['fail-on'] ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on: expected one of ${FAIL_ON.join(', ')}, got "${v['fail-on']}"`);
  const out: ParsedArgs = {
    command,
    positionals: pos,
    failOn,
    staged: v.staged === true,
    quiet: v.quiet === true,
    verbose: v.verbose === true,
    reportUnusedSuppressions: v['report-unused-suppressions'] === true,
    cache: v.cache === true,
    cacheStrategy: 'metadata',
    help: v.help === true,
    version: v.version === true,
  };
  if (v.format !== undefined) out.format = v.format;
  if (v.output !== undefined) out.output = v.output;
  if (v.config !== undefined) out.config = v.config;
  if (v.changed !== undefined) out.changed = v.changed;
  if (v.baseline !== undefined) out.baseline = v.baseline;
  if (v['write-baseline'] !== undefined) out.writeBaseline = v['write-baseline'];
  if (v['no-color']) out.color = false;
  else if (v.color) out.color = true;
  if (v['max-file-size'] !== undefined) {
    const mb = Number(v['max-file-size']);
    // Above 256 MB a file's text would no longer fit in one JavaScript string.
    if (!Number.isFinite(mb) || mb <= 0 || mb > 256)
      throw new UsageError(`--max-file-size: expected a size in MB, up to 256, got "${v['max-file-size']}"`);
    out.maxFileSize = Math.round(mb * 1024 * 1024);
  }
  if (v.jobs !== undefined) {
    const n = Number(v.jobs);
    if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--jobs: expected a whole number from 1 to 64, got "${v.jobs}"`);
    out.jobs = n;
  }
  if (v['cache-location'] !== undefined) out.cacheLocation = v['cache-location'];
  if (v['cache-strategy'] !== undefined) {
    if (v['cache-strategy'] !== 'metadata' && v['cache-strategy'] !== 'content')
      throw new UsageError(`--cache-strategy: expected metadata or content, got "${v['cache-strategy']}"`);
    out.cacheStrategy = v['cache-strategy'];
  }
  if (v.repository !== undefined) out.repository = v.repository;
  if (v.since !== undefined) out.since = v.since;
  if (v.branches !== undefined) out.branches = v.branches;
  if (out.staged && out.changed !== undefined) throw new UsageError('--staged and --changed cannot be used together');
  return out;
}

export const MAIN_HELP = `dbt-token-scan: find dbt Cloud API calls and the tokens they use

Usage:
  dbt-token-scan [scan] [PATH ...]      scan files and folders (default: the current folder)
  dbt-token-scan inventory [PATH ...]   every dbt Cloud call site and the token type it should use
  dbt-token-scan merge REPORT.json ...  one inventory from the json reports of many repositories
  dbt-token-scan rules                  list the rules with id, default severity and summary
  dbt-token-scan explain RULE_ID        what a rule finds, why, and how to fix it
  dbt-token-scan export TARGET          dbt Cloud token rules for gitleaks or GitHub secret scanning
  dbt-token-scan history [PATH]         every dbt Cloud token ever committed in the git history
                                        (--since REF|DATE, --branches all|current)

Run 'dbt-token-scan COMMAND --help' for the options of a command.
Options: --version, --help
`;

export const SCAN_HELP = `Usage: dbt-token-scan [scan] [PATH ...] [options]

Scans files and folders (default: the current folder) for dbt Cloud API calls and tokens.

Options:
  -f, --format FORMAT       text (default), json, sarif, github, markdown; gitlab (Code Quality),
                            junit (JUnit XML)
  -o, --output FILE         write the report to FILE instead of stdout
      --fail-on LEVEL       lowest severity that exits 1: error (default), warning, note, none
  -c, --config FILE         config file (default: the nearest .dbt-token-scan.yml or .yaml at or
                            above the scanned folder, up to the repository root)
      --staged              scan only the staged content of files staged in git (pre-commit)
      --changed REF         scan only files changed since git REF (pull-request CI)
      --baseline FILE       do not report findings recorded in FILE
      --write-baseline FILE record the current findings in FILE and exit 0
  -q, --quiet               findings only, no summary
      --verbose             on stderr: the config file used and the time of each phase
      --report-unused-suppressions
                            name each dbt-token-scan-ignore comment that silences nothing, and exit 1
      --no-color            no colour (also NO_COLOR=1); --color forces it
      --max-file-size MB    skip larger files (default 8, at most 256)
  -j, --jobs N              threads for a large tree, the main one included (default: the number of
                            cores, at most 4); 1 scans in one thread
      --cache               keep each file's facts between runs and read only changed files; with
                            named files, --staged or --changed in a git repository, the rest of the
                            repository is read (from the cache) as their context
      --cache-location PATH the cache file or folder (default: node_modules/.cache/dbt-token-scan/
                            when the project has node_modules, else the user's cache folder)
      --cache-strategy S    how a changed file is noticed: metadata (default: size and times; in
                            git, the index's object id while they are what it recorded) or
                            content (a hash of the bytes)
      --repository NAME     the repository's name in the json report, for merge (default: from the
                            origin remote's URL, without credentials: owner/name or host/owner/name)
  -h, --help                this help

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad usage or config.

Environment: NO_COLOR / FORCE_COLOR as --no-color / --color; DTS_TIMING=1 times each phase
(as --verbose does); DTS_DEBUG=1 adds the stack trace to an internal error.
`;

export const INVENTORY_HELP = `Usage: dbt-token-scan inventory [PATH ...] [options]

Lists every dbt Cloud call site, grouped by the credential it uses, with the token type it
should move to: the migration list of dbt's "migrate from user API keys" steps.

Options:
  -f, --format FORMAT       markdown (default), json, csv
  -o, --output FILE         write the inventory to FILE instead of stdout
  -c, --config FILE         config file (default: as for scan)
      --staged, --changed REF, --max-file-size MB, -j/--jobs N, --verbose   as for scan
      --repository NAME     as for scan, in the json inventory
  -h, --help                this help

Exit codes: 0 the inventory was written; 2 bad usage or config.
`;

export const MERGE_HELP = `Usage: dbt-token-scan merge REPORT.json ... [options]

Combines the json reports of several repositories (scan --format json --repository NAME) into
one inventory: each credential across repositories with its call sites, repositories and
production workflows, the totals of each repository, and the migration checklist.

Options:
  -f, --format FORMAT       markdown (default), json, csv
  -o, --output FILE         write the inventory to FILE instead of stdout
  -h, --help                this help

A report without a repository name is named after its file. Each report is checked before use:
a file that is not a dbt-token-scan json report (or is over 64 MB) stops the merge.

Exit codes: 0 the inventory was written; 2 bad usage or a report that cannot be used.
`;

export const RULES_HELP = `Usage: dbt-token-scan rules [--format text|json]

Lists the rules with their id, default severity and a one-line summary.
`;

export const EXPLAIN_HELP = `Usage: dbt-token-scan explain RULE_ID

Explains what a rule finds, why it matters, how to fix it, with an example.
`;

export const EXPORT_HELP = `Usage: dbt-token-scan export gitleaks|github-secret-scanning [options]

Prints dbt Cloud token patterns for the secret scanners a team already runs, made from this
tool's token shapes: personal access tokens (dbtu_), service tokens (dbtc_) and retired user
API keys (40 hex) next to dbt Cloud context, with placeholders ruled out.

Targets:
  gitleaks                  a gitleaks config (TOML): pass it with --config; it extends the
                            default rules
  github-secret-scanning    custom patterns for GitHub secret scanning (name, secret format,
                            before/after secret, a must-not-match rule and a test string)

Options:
  -f, --format FORMAT       github-secret-scanning: markdown (default) or json; gitleaks: toml
  -o, --output FILE         write to FILE instead of stdout
  -h, --help                this help

Exit codes: 0 printed; 2 bad usage.
`;

export const HISTORY_HELP = `Usage: dbt-token-scan history [PATH] [options]

Lists every dbt Cloud token (PAT, service token, user API key in a dbt context) ever committed in
the git history of the repository at PATH (default: the current folder): one entry per token, at
the first commit that wrote it, with its date, file, line, type, redacted value, how many commits
wrote it and whether HEAD still holds it; most recent first. Nothing is fetched and nothing of the
repository runs (hooks, filters, textconv, fsmonitor). Paths are from the top of the repository.

Options:
      --since REF|DATE      only commits after REF (as REF..) or since DATE (YYYY-MM-DD, "N days ago")
      --branches WHICH      all (default: every branch, tag and ref) or current (HEAD's history)
  -f, --format FORMAT       text (default), json, sarif, markdown
  -o, --output FILE         write the report to FILE instead of stdout
      --fail-on LEVEL       as for scan (error by default)
  -c, --config FILE         config file (default: as for scan); its ignore globs and rule settings apply
      --baseline FILE       do not report tokens recorded in FILE (as scan's --baseline)
      --write-baseline FILE record the tokens found in FILE and exit 0
      --max-file-size MB    skip larger file versions (default 8, at most 256)
  -q, --quiet               entries only, no summary
  -h, --help                this help

Exit codes: 0 nothing at or above --fail-on; 1 tokens found; 2 bad usage, not a git repository,
or objects missing from a partial clone.
`;
