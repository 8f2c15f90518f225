import type { FailOn, ParsedArgs } from '../args.js';
import { isExpectedIoError, rethrowUnless, UsageError } from '../../errors.js';
import { loadConfig } from '../../config/load-config.js';
import { isReportFormat, loadReporter, REPORT_FORMATS } from '../../report/reporters/index.js';
import type { Report } from '../../model/report.js';
import type { Severity } from '../../model/vocabulary.js';
import { scan } from '../../scan/scan.js';
import { progressReporter } from '../progress.js';
import { cannotWrite, reason, useColor, warn, writeOutput } from '../output.js';
import { count } from '../../report/reporters/wording.js';
import { join, relative, resolve, sep } from 'node:path';
import { defaultCacheFile } from '../../cache/facts-cache.js';
import type { Config } from '../../config/config.js';
import { findFiles } from '../../discover/find-files.js';
import type { FileJob } from '../../scan/prefilter-file.js';
import { workTreeTop } from '../../vcs/work-tree.js';
import { statSync } from 'node:fs';
import { applyBaseline, writeBaseline } from '../../findings/baseline.js';
import { applyIgnoreFile, findIgnoreFile } from '../../findings/ignore-file.js';
import { originRepositoryName, repositoryNameOption } from '../../vcs/repository-name.js';
import { DEFAULT_MAX_BYTES } from '../../discover/read-source.js';
import { namedFileJobs, parserWarmer, warmCompiledParsers, warmParsersFor } from '../startup/warm-parsers.js';
import { scannedFolder, scanRootOutside } from '../scan-root.js';
import { codeCacheHook } from '../startup/hook.js';

const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };
const THRESHOLD: Record<FailOn, number> = { note: 1, warning: 2, error: 3, none: 99 };

export async function runScan(args: ParsedArgs, cwd: string): Promise<number> {
  const format = args.format ?? 'text';
  if (!isReportFormat(format)) throw new UsageError(`--format: expected one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  // Read before the scan, so a malformed ignore file stops the run before the work.
  const ignoreList = findIgnoreFile(cwd, scannedFolder(args.positionals, cwd));
  const naming = repositoryName(args, cwd, format);
  const report = await scanFromArgs(args, cwd);
  if (ignoreList) applyIgnoreFile(report, ignoreList);
  if (args.writeBaseline !== undefined) {
    try {
      writeBaseline(report, cwd, args.writeBaseline);
    } catch (e) {
      rethrowUnless(e, isExpectedIoError);
      throw cannotWrite(`${args.writeBaseline} (--write-baseline)`, reason(e));
    }
    if (!args.quiet) warn(`dbt-token-scan: recorded ${report.findings.length} finding(s) in ${args.writeBaseline}`);
    return 0;
  }
  if (args.baseline !== undefined) applyBaseline(report, cwd, args.baseline);
  await nameRepository(report, naming);
  const render = await loadReporter(format);
  await writeOutput(render(report, { color: format === 'text' && useColor(args.color, args.output), quiet: args.quiet }), cwd, args.output);
  if (args.output !== undefined && !args.quiet)
    warn(`dbt-token-scan: wrote the ${format} report to ${args.output} (${count(report.findings.length, 'finding')})`);
  const notices = (report.notices ?? []).filter((n) => n.kind === 'unknown-rule' || args.reportUnusedSuppressions);
  if (!args.quiet || args.reportUnusedSuppressions) for (const n of notices) warn(`dbt-token-scan: ${n.file}:${n.line}: ${n.message}`);
  const threshold = THRESHOLD[args.failOn];
  // As ESLint's --report-unused-disable-directives: a stale directive fails the run.
  const unused = args.reportUnusedSuppressions && notices.some((n) => n.kind === 'unused');
  return unused || report.findings.some((f) => RANK[f.severity] >= threshold) ? 1 : 0;
}

/** Shared by scan and inventory: config, file selection (paths, --staged, --changed), the scan itself. */
export async function scanFromArgs(args: ParsedArgs, cwd: string): Promise<Report> {
  const named = args.staged || args.changed !== undefined ? undefined : namedFileJobs(args.positionals, cwd, isFile);
  if (named) await warmParsersFor(named, args.maxFileSize ?? DEFAULT_MAX_BYTES);
  // --staged and --changed name files of the current folder's repository: never rooted elsewhere.
  const root = args.staged || args.changed !== undefined ? undefined : scanRootOutside(args.positionals, cwd);
  const from = root?.folder ?? cwd;
  const positionals = root?.paths ?? args.positionals;
  const config = await loadConfig(cwd, args.config, scannedFolder(args.positionals, cwd), from);
  if (args.verbose)
    warn(
      `dbt-token-scan: config: ${config.file ?? 'none found, built-in defaults'}${config.base !== undefined ? ' (its globs are relative to its own folder)' : ''}`,
    );
  // git (and child_process) only for --staged / --changed.
  const selection =
    args.staged || args.changed !== undefined ? await (await import('../select-files.js')).selectFiles(args, cwd, config) : undefined;
  // The code this run compiles is worth keeping for the next run of its kind (a pre-commit hook's
  // few files, or a folder's scan: each has its own cache, src/cli/startup/run-profile.ts).
  codeCacheHook()?.keep();
  if (selection) await warmParsersFor(selection.files, args.maxFileSize ?? DEFAULT_MAX_BYTES);
  if (!named && !selection && !args.cache) warmCompiledParsers();
  const progress = progressReporter(args.quiet);
  const cache = args.cache
    ? { file: cacheFile(cwd, args.cacheLocation), strategy: args.cacheStrategy, note: (m: string) => warn(`dbt-token-scan: ${m}`) }
    : undefined;
  const common = {
    cwd: from,
    ...(root ? { shownFrom: cwd } : {}),
    config,
    maxBytes: args.maxFileSize,
    threads: args.jobs,
    onProgress: progress.update,
    // A short run started its parsers from the files themselves, read ahead.
    ...(named || selection || !cache ? {} : { onFileToRead: parserWarmer() }),
    verbose: args.verbose,
    cache,
  };
  try {
    // With the cache, a partial scan (named files, --staged, --changed) reads the rest of the
    // repository as its context, cheaply once the cache is warm, and so reports for its files
    // exactly what a full scan does.
    const context =
      cache && (selection || positionals.length) ? await partialScanContext(from, positionals, config, selection?.files) : undefined;
    if (context)
      return await scan({
        ...common,
        paths: [context.root],
        reportOnly: context.only,
        overrides: selection?.files,
        contextFromIndex: args.staged === true,
      });
    return await scan({ ...common, paths: positionals, files: selection?.files });
  } finally {
    progress.done();
  }
}

/** The cache file: --cache-location names the file, or a folder (ending in a slash or existing) to keep it in. */
function cacheFile(cwd: string, location: string | undefined): string {
  if (location === undefined) return defaultCacheFile(cwd);
  const abs = resolve(cwd, location);
  let folder = location.endsWith('/') || location.endsWith(sep);
  try {
    folder ||= statSync(abs).isDirectory();
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    /* a file to be made */
  }
  return folder ? join(abs, 'facts.cache') : abs;
}

/**
 * For a partial scan inside a git work tree: the top of the tree (to be scanned whole) and the
 * files to report on. Undefined outside git, where no repository bounds the context.
 */
async function partialScanContext(
  cwd: string,
  positionals: readonly string[],
  config: Config,
  selected: readonly FileJob[] | undefined,
): Promise<{ root: string; only: Set<string> } | undefined> {
  const top = workTreeTop(resolve(cwd));
  if (top === undefined) return undefined;
  const root = relative(cwd, top).split(sep).join('/') || '.';
  if (selected) return { root, only: new Set(selected.map((f) => f.rel)) };
  // The whole work tree named (`scan . --cache` at its top): a full scan, with no list of files to keep.
  if (positionals.every((p) => resolve(cwd, p) === top)) return undefined;
  const named = await findFiles(positionals, cwd, config.ignore, { ignoreBase: config.base });
  return { root, only: new Set(named.files.map((f) => f.rel)) };
}

/** A bad --repository value stops the run before the scan. */
export function repositoryArg(value: string): string {
  const name = repositoryNameOption(value);
  if (name === undefined)
    throw new UsageError(
      `--repository: expected a repository name such as owner/name (at most 200 characters), got "${value.slice(0, 80)}"`,
    );
  return name;
}

/**
 * The repository a json report (or json inventory) names, for \`merge\`: --repository (checked
 * now, so that a bad value stops the run before the scan), else the origin remote of the scanned
 * folder's repository: one local git read, only for json output, started now so that git runs
 * beside the scan.
 */
export function repositoryName(args: ParsedArgs, cwd: string, format: string): Promise<string | undefined> {
  if (args.repository !== undefined) {
    const name = repositoryArg(args.repository);
    return Promise.resolve(format === 'json' ? name : undefined);
  }
  if (format !== 'json') return Promise.resolve(undefined);
  const name = originRepositoryName(scannedFolder(args.positionals, cwd));
  // Awaited after the scan; a scan that fails first must not leave it an unhandled rejection.
  name.catch(() => undefined);
  return name;
}

export async function nameRepository(report: Report, naming: Promise<string | undefined>): Promise<void> {
  const name = await naming;
  if (name !== undefined) report.repository = name;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch (e) {
    rethrowUnless(e, isExpectedIoError);
    return false;
  }
}
