import { posix } from 'node:path';
import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import type { FileFacts } from '../../model/raw-facts.js';
import { folderOf } from '../repo-path.js';

// Shell scripts (.sh/.bash/.zsh/.ksh, and extension-less files with a shell shebang). The work is
// done by `extractShellScript`, which CI adapters also call on `run:` / `script:` bodies. A file is
// its own script: line 1, column 1, nothing bound from outside, except what the helper files it
// `source`s define: their variables and functions are read before it, and report nothing here.

/** A `source x` / `. x` line. */
const SOURCE_LINE = /^[ \t]*(?:source|\.)[ \t]+\S/;
const MAX_SOURCED = 3;
const MAX_SOURCED_CHARS = 64 * 1024;

/** The texts of the repository files `path` sources, found beside it or from the repository root. */
async function sourcedTexts(path: string, text: string, ctx: AdapterContext): Promise<string[]> {
  const lines = text.split('\n').filter((l) => SOURCE_LINE.test(l));
  if (lines.length === 0) return [];
  const { scriptPathsRun } = await import('./scripts-run.js');
  const out: string[] = [];
  for (const rel of scriptPathsRun(lines.join('\n')).slice(0, MAX_SOURCED)) {
    const candidates = [posix.normalize(posix.join(folderOf(path), rel)), posix.normalize(rel)];
    const found = candidates.find((p) => !p.startsWith('..') && p !== path && ctx.fileExists(p));
    const sourced = found ? ctx.readRepoFile(found)?.text : undefined;
    if (sourced !== undefined && sourced.length <= MAX_SOURCED_CHARS) out.push(sourced);
  }
  return out;
}

/** Only facts of the file's own lines (those of its sourced helpers come before line 1). */
function ownLines(facts: FileFacts): FileFacts {
  facts.callSites = facts.callSites.filter((c) => c.span.line >= 1);
  facts.credentialSites = facts.credentialSites.filter((c) => c.span.line >= 1);
  facts.definitions = facts.definitions.filter((d) => d.span.line >= 1);
  return facts;
}

export const adapter: LanguageAdapter = {
  id: 'shell',
  async extract(file, ctx) {
    const { extractShellScript } = await import('./script.js');
    const sourced = ctx ? await sourcedTexts(file.path, file.text, ctx) : [];
    if (sourced.length === 0) return extractShellScript(file.text, { line: 1, column: 1 }, new Map());
    const preamble = `${sourced.join('\n')}\n`;
    const before = preamble.split('\n').length - 1;
    return ownLines(await extractShellScript(preamble + file.text, { line: 1 - before, column: 1 }, new Map()));
  },
};
