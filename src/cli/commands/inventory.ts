import type { ParsedArgs } from '../args.js';
import { UsageError } from '../../errors.js';
import { renderInventoryCsv, renderInventoryJson, renderInventoryMarkdown } from '../../report/inventory.js';
import { warn, writeOutput } from '../output.js';
import { count } from '../../report/reporters/wording.js';
import { nameRepository, repositoryName, scanFromArgs } from './scan.js';

const FORMATS = { markdown: renderInventoryMarkdown, json: renderInventoryJson, csv: renderInventoryCsv } as const;

export async function runInventory(args: ParsedArgs, cwd: string): Promise<number> {
  const format = args.format ?? 'markdown';
  if (!Object.hasOwn(FORMATS, format))
    throw new UsageError(`--format for inventory: expected one of ${Object.keys(FORMATS).join(', ')}, got "${format}"`);
  if (args.baseline !== undefined || args.writeBaseline !== undefined)
    throw new UsageError('inventory lists call sites; --baseline and --write-baseline belong to scan');
  const naming = repositoryName(args, cwd, format);
  const report = await scanFromArgs(args, cwd);
  await nameRepository(report, naming);
  await writeOutput(FORMATS[format as keyof typeof FORMATS](report), cwd, args.output);
  if (args.output !== undefined && !args.quiet)
    warn(`dbt-token-scan: wrote the ${format} inventory to ${args.output} (${count(report.callSites.length, 'call site')})`);
  return 0;
}
