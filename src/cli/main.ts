import { ConfigError, RunError, UsageError } from '../errors.js';
import { EXPLAIN_HELP, EXPORT_HELP, HISTORY_HELP, INVENTORY_HELP, MAIN_HELP, MERGE_HELP, parseCli, RULES_HELP, SCAN_HELP } from './args.js';
import { checkWritable, warn, writeStdout } from './output.js';
import { redactText } from '../findings/redact.js';

// The CLI, run by the bin (launcher.ts): parse argv, run one command, map known errors to exit 2, set process.exitCode once.

async function main(argv: readonly string[]): Promise<number> {
  const args = parseCli(argv);
  if (args.version) {
    const { TOOL_VERSION } = await import('../version.js');
    await writeStdout(`${TOOL_VERSION}\n`);
    return 0;
  }
  if (args.help) {
    const text = {
      scan: argv.includes('scan') ? SCAN_HELP : `${MAIN_HELP}\n${SCAN_HELP}`,
      inventory: INVENTORY_HELP,
      merge: MERGE_HELP,
      rules: RULES_HELP,
      explain: EXPLAIN_HELP,
      export: EXPORT_HELP,
      history: HISTORY_HELP,
    }[args.command];
    await writeStdout(text);
    return 0;
  }
  const cwd = process.cwd();
  // Where the results go is checked before any work is done for them.
  if (args.output !== undefined) checkWritable(cwd, args.output, '--output');
  if (args.writeBaseline !== undefined) checkWritable(cwd, args.writeBaseline, '--write-baseline');
  switch (args.command) {
    case 'scan':
      return (await import('./commands/scan.js')).runScan(args, cwd);
    case 'inventory':
      return (await import('./commands/inventory.js')).runInventory(args, cwd);
    case 'merge':
      return (await import('./commands/merge.js')).runMerge(args, cwd);
    case 'rules':
      return (await import('./commands/rules.js')).runRules(args, cwd);
    case 'explain':
      return (await import('./commands/explain.js')).runExplain(args, cwd);
    case 'export':
      return (await import('./commands/export.js')).runExport(args, cwd);
    case 'history':
      return (await import('./commands/history.js')).runHistoryCommand(args, cwd);
  }
}

// A failed write to stdout reaches the callback of the write (src/cli/output.ts), which ends
// the run with exit 2; the stream's own 'error' event must not also crash the process.
process.stdout.on('error', () => {});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      warn(`dbt-token-scan: ${e.message}\nRun 'dbt-token-scan --help' for usage.`);
    } else if (e instanceof ConfigError || e instanceof RunError) {
      warn(`dbt-token-scan: ${e.message}`);
    } else {
      // A bug. No stack trace by default (it can quote nothing secret, but it is noise to users).
      const err = e instanceof Error ? e : new Error(String(e));
      // Redacted before it is cut to length: a message may quote source text.
      warn(
        `dbt-token-scan: internal error: ${err.name}: ${redactText(err.message.split('\n')[0] ?? '').slice(0, 300)}\nPlease report it; set DTS_DEBUG=1 for details.`,
      );
      if (process.env.DTS_DEBUG) warn(String(err.stack));
    }
    process.exitCode = 2;
  },
);
