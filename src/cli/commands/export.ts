import type { ParsedArgs } from '../args.js';
import { UsageError } from '../../errors.js';
import { TOOL_VERSION } from '../../version.js';
import { count } from '../../report/reporters/wording.js';
import { warn, writeOutput } from '../output.js';

// `export TARGET`: dbt Cloud token patterns for another scanner (src/export/). Nothing is
// scanned; the output is made from the token shapes alone.

const TARGETS = {
  gitleaks: { formats: ['toml'], what: 'gitleaks config' },
  'github-secret-scanning': { formats: ['markdown', 'json'], what: 'GitHub secret scanning custom patterns' },
} as const;
type Target = keyof typeof TARGETS;

export async function runExport(args: ParsedArgs, cwd: string): Promise<number> {
  const names = Object.keys(TARGETS).join(', ');
  const target = args.positionals[0];
  if (target === undefined) throw new UsageError(`export needs a target: ${names}`);
  if (!Object.hasOwn(TARGETS, target)) throw new UsageError(`unknown export target "${target}"; expected one of ${names}`);
  if (args.positionals.length > 1) throw new UsageError('export takes one target');
  const { formats, what } = TARGETS[target as Target];
  const format = args.format ?? formats[0];
  if (!(formats as readonly string[]).includes(format))
    throw new UsageError(`--format: export ${target} writes ${formats.join(' or ')}, got "${format}"`);
  let text: string;
  if (target === 'gitleaks') {
    text = (await import('../../export/gitleaks.js')).gitleaksConfig(TOOL_VERSION);
  } else {
    const m = await import('../../export/github-secret-scanning.js');
    text = format === 'json' ? m.customPatternsJson(TOOL_VERSION) : m.customPatternsMarkdown(TOOL_VERSION);
  }
  await writeOutput(text, cwd, args.output);
  if (args.output !== undefined) {
    const patterns = (await import('../../export/patterns.js')).scannerPatterns({ start: '^', end: '$' }).length;
    warn(`dbt-token-scan: wrote the ${what} to ${args.output} (${count(patterns, 'pattern')})`);
  }
  return 0;
}
