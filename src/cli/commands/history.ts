import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FailOn, ParsedArgs } from '../args.js';
import { isExpectedIoError, rethrowUnless, UsageError } from '../../errors.js';
import { loadConfig } from '../../config/load-config.js';
import { DEFAULT_MAX_BYTES } from '../../discover/read-source.js';
import { applyBaseline, writeBaseline } from '../../findings/baseline.js';
import { runHistory } from '../../history/history.js';
import { historyReport } from '../../history/history-report.js';
import { BRANCHES, historyRange, type Branches } from '../../history/range.js';
import { count } from '../../report/reporters/wording.js';
import type { Severity } from '../../model/vocabulary.js';
import { gitReason, gitRun } from '../../vcs/git.js';
import { cannotWrite, reason, useColor, warn, writeOutput } from '../output.js';

// `dbt-token-scan history [PATH]`: every dbt Cloud token committed in the repository's history
// (src/history/). Exit codes as scan: 1 when a token at or above --fail-on is reported, 2 when the
// run cannot be made.

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type HistoryFormat = (typeof FORMATS)[number];
const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };
const THRESHOLD: Record<FailOn, number> = { note: 1, warning: 2, error: 3, none: 99 };

export async function runHistoryCommand(args: ParsedArgs, cwd: string): Promise<number> {
  const started = performance.now();
  const format = (args.format ?? 'text') as HistoryFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format: history writes ${FORMATS.join(', ')}, got "${args.format}"`);
  const branches = (args.branches ?? 'all') as Branches;
  if (!BRANCHES.includes(branches)) throw new UsageError(`--branches: expected all or current, got "${args.branches}"`);
  if (args.staged || args.changed !== undefined) throw new UsageError('history reads commits: --staged and --changed are for scan');
  if (args.positionals.length > 1) throw new UsageError('history takes one repository PATH');
  const top = repositoryTop(resolve(cwd, args.positionals[0] ?? '.'), args.positionals[0] ?? '.');
  const config = await loadConfig(cwd, args.config, top);
  const maxBytes = args.maxFileSize ?? DEFAULT_MAX_BYTES;
  const range = historyRange(top, branches, args.since);
  const result = await runHistory({ top, range, config, maxBytes });
  const h = await historyReport({
    entries: result.entries,
    errors: result.errors,
    headFiles: result.headFiles,
    config,
    range,
    stats: result.stats,
    started,
  });
  if (args.verbose)
    warn(
      `dbt-token-scan: history: ${count(result.stats.commits, 'commit')}, ${count(result.stats.blobs, 'blob')} read, ${result.stats.candidates} extracted, ${Math.round(performance.now() - started)} ms, ${Math.round(process.cpuUsage().user / 1000)} ms of CPU in this process`,
    );
  if (args.writeBaseline !== undefined) {
    try {
      writeBaseline(h.report, cwd, args.writeBaseline);
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      throw cannotWrite(`${args.writeBaseline} (--write-baseline)`, reason(e));
    }
    if (!args.quiet) warn(`dbt-token-scan: recorded ${h.report.findings.length} token(s) in ${args.writeBaseline}`);
    return 0;
  }
  if (args.baseline !== undefined) applyBaseline(h.report, cwd, args.baseline);
  let text: string;
  if (format === 'json') text = (await import('../../history/render-json.js')).renderJson(h);
  else if (format === 'sarif') {
    const { repositoryUri } = await import('../../history/repository-uri.js');
    text = (await import('../../history/render-sarif.js')).renderSarif(h, repositoryUri(top));
  } else if (format === 'markdown') text = (await import('../../history/render-markdown.js')).renderMarkdown(h);
  else text = (await import('../../history/render-text.js')).renderText(h, { color: useColor(args.color, args.output), quiet: args.quiet });
  await writeOutput(text, cwd, args.output);
  if (args.output !== undefined && !args.quiet)
    warn(`dbt-token-scan: wrote the ${format} history report to ${args.output} (${count(h.report.findings.length, 'token')})`);
  return h.report.findings.some((f) => RANK[f.severity] >= THRESHOLD[args.failOn]) ? 1 : 0;
}

/** The top of the work tree PATH is in (or PATH itself, a bare repository). */
function repositoryTop(dir: string, shown: string): string {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    /* reported below */
  }
  if (!isDir) throw new UsageError(`history: ${JSON.stringify(shown)} is not a folder`);
  const res = gitRun(dir, ['rev-parse', '--show-toplevel']);
  if (res.status === 0 && res.stdout.toString('utf8').trim()) return res.stdout.toString('utf8').trim();
  const bare = gitRun(dir, ['rev-parse', '--is-bare-repository']);
  if (bare.status === 0 && bare.stdout.toString('utf8').trim() === 'true') return dir;
  const why = /not a git repository/i.test(res.stderr) ? 'it is not in one' : `git says: ${gitReason(res.stderr)}`;
  throw new UsageError(`history needs a git repository at ${JSON.stringify(shown)}, and ${why}`);
}
