import type { ParsedArgs } from '../args.js';
import { UsageError } from '../../errors.js';
import { loadRules } from '../../rules/load-rules.js';
import { writeOutput } from '../output.js';

export async function runRules(args: ParsedArgs, cwd: string): Promise<number> {
  if (args.positionals.length) throw new UsageError('rules takes no arguments');
  const rules = await loadRules();
  const format = args.format ?? 'text';
  if (format === 'json') {
    await writeOutput(
      `${JSON.stringify(
        rules.map((r) => ({ id: r.id, severity: r.severity, summary: r.summary })),
        null,
        2,
      )}\n`,
      cwd,
      args.output,
    );
    return 0;
  }
  if (format !== 'text') throw new UsageError(`--format for rules: expected text or json, got "${format}"`);
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.summary.replace(/`/g, '')}`);
  await writeOutput(`${lines.join('\n')}\n`, cwd, args.output);
  return 0;
}
