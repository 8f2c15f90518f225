// The command line's options and their kinds, for the parser (args.ts) and for the launcher,
// which reads the line before the program loads (startup/run-profile.ts): a string option's value
// is not a path the user named.

export const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  config: { type: 'string', short: 'c' },
  staged: { type: 'boolean' },
  changed: { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
  'report-unused-suppressions': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'max-file-size': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  'cache-strategy': { type: 'string' },
  repository: { type: 'string' },
  since: { type: 'string' },
  branches: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Whether `arg` is an option whose value is the next argument (`--output FILE`, `-o FILE`; not `--output=FILE`). */
export function takesNextValue(arg: string): boolean {
  if (arg.includes('=')) return false;
  const entry = arg.startsWith('--')
    ? (OPTIONS as Record<string, { type: string; short?: string }>)[arg.slice(2)]
    : Object.values(OPTIONS).find((o) => 'short' in o && arg === `-${o.short}`);
  return entry?.type === 'string';
}
