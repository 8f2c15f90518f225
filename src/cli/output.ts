import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { redactTokens } from '../findings/redact.js';

/**
 * Writes a report once, to --output or stdout, with dbt tokens redacted once more (the last line;
 * hex-looking runs are left to the reporters, which know which of them are file locations).
 */
export function writeOutput(text: string, cwd: string, output?: string): void {
  const safe = redactTokens(text);
  if (output !== undefined) writeFileSync(resolve(cwd, output), safe);
  else process.stdout.write(safe);
}

/** A message for the user on stderr, scrubbed too: it may echo a path or an argument. */
export function warn(message: string): void {
  process.stderr.write(`${redactTokens(message)}\n`);
}

/** Colour on a terminal only, never with NO_COLOR, --no-color or --output; --color or FORCE_COLOR forces it. */
export function useColor(flag: boolean | undefined, output: string | undefined): boolean {
  if (flag !== undefined) return flag;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0' && process.env.FORCE_COLOR !== '') return true;
  return output === undefined && process.stdout.isTTY === true;
}
