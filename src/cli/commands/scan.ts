import type { FailOn, ParsedArgs } from '../args.js';
import { UsageError } from '../../errors.js';
import { loadConfig } from '../../config/load-config.js';
import { isReportFormat, loadReporter, REPORT_FORMATS } from '../../report/reporters/index.js';
import type { Report, Severity } from '../../report/types.js';
import { scan } from '../../scan/scan.js';
import { progressReporter } from '../progress.js';
import { useColor, warn, writeOutput } from '../output.js';
import { applyBaseline, writeBaseline } from '../../findings/baseline.js';

const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };
const THRESHOLD: Record<FailOn, number> = { note: 1, warning: 2, error: 3, none: 99 };

export async function runScan(args: ParsedArgs, cwd: string): Promise<number> {
  const format = args.format ?? 'text';
  if (!isReportFormat(format)) throw new UsageError(`--format: expected one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  const report = await scanFromArgs(args, cwd);
  if (args.writeBaseline !== undefined) {
    writeBaseline(report, cwd, args.writeBaseline);
    if (!args.quiet) warn(`dbt-token-scan: recorded ${report.findings.length} finding(s) in ${args.writeBaseline}`);
    return 0;
  }
  if (args.baseline !== undefined) applyBaseline(report, cwd, args.baseline);
  const render = await loadReporter(format);
  writeOutput(render(report, { color: format === 'text' && useColor(args.color, args.output), quiet: args.quiet }), cwd, args.output);
  const threshold = THRESHOLD[args.failOn];
  return report.findings.some((f) => RANK[f.severity] >= threshold) ? 1 : 0;
}

/** Shared by scan and inventory: config, file selection (paths, --staged, --changed), the scan itself. */
export async function scanFromArgs(args: ParsedArgs, cwd: string): Promise<Report> {
  const config = await loadConfig(cwd, args.config);
  // git (and child_process) only for --staged / --changed.
  const selection = args.staged || args.changed !== undefined ? await (await import('../select-files.js')).selectFiles(args, cwd, config) : undefined;
  const progress = progressReporter(args.quiet);
  try {
    return await scan({
      cwd, paths: args.positionals, config, files: selection?.files, maxBytes: args.maxFileSize, threads: args.jobs,
      onProgress: progress.update,
    });
  } finally {
    progress.done();
  }
}
