import type { ParsedArgs } from '../args.js';
import { UsageError } from '../../errors.js';
import { renderMergedCsv } from '../../merge/merged-csv.js';
import { renderMergedJson } from '../../merge/merged-json.js';
import { renderMergedMarkdown } from '../../merge/merged-markdown.js';
import { buildOrgInventory, nameReports } from '../../merge/org-inventory.js';
import { readReport } from '../../merge/read-report.js';
import { count } from '../../report/reporters/wording.js';
import { warn, writeOutput } from '../output.js';

// `merge REPORT.json ...`: the json reports of many repositories as one inventory. Every report is
// read and checked before anything is written, so a bad one stops the merge with nothing half-done.

const FORMATS = { markdown: renderMergedMarkdown, json: renderMergedJson, csv: renderMergedCsv } as const;

/** Options that steer a scan; merge reads reports and has none of them. */
const SCAN_ONLY: readonly [keyof ParsedArgs, string][] = [
  ['config', '--config'],
  ['changed', '--changed'],
  ['baseline', '--baseline'],
  ['writeBaseline', '--write-baseline'],
  ['maxFileSize', '--max-file-size'],
  ['jobs', '--jobs'],
  ['repository', '--repository'],
];

export async function runMerge(args: ParsedArgs, cwd: string): Promise<number> {
  const format = args.format ?? 'markdown';
  if (!Object.hasOwn(FORMATS, format))
    throw new UsageError(`--format for merge: expected one of ${Object.keys(FORMATS).join(', ')}, got "${format}"`);
  for (const [key, option] of SCAN_ONLY) {
    if (args[key] !== undefined)
      throw new UsageError(`merge reads json reports; ${option} belongs to scan (the report names its repository: scan --repository)`);
  }
  if (args.staged) throw new UsageError('merge reads json reports; --staged belongs to scan');
  if (!args.positionals.length)
    throw new UsageError('merge: name the json reports to merge (scan --format json --output REPORT.json writes one)');
  const repos = nameReports(args.positionals.map((file) => readReport(cwd, file)));
  const inventory = buildOrgInventory(repos);
  await writeOutput(FORMATS[format as keyof typeof FORMATS](inventory), cwd, args.output);
  if (args.output !== undefined && !args.quiet) {
    warn(
      `dbt-token-scan: wrote the ${format} inventory of ${count(repos.length, 'repository', 'repositories')} to ${args.output} (${count(inventory.plan.callSites, 'call site')})`,
    );
  }
  return 0;
}
