import { posix } from 'node:path';
import type { AdapterContext } from '../adapters/adapter.js';
import { ORCHESTRATOR_IMPORT } from '../adapters/python/line-scan.js';
import { folderOf } from '../adapters/repo-path.js';
import { SCHEDULER_TEXT } from '../adapters/javascript/schedulers.js';
import { deployedEntryOf } from '../classify/entry-points.js';
import type { Workflow } from '../model/vocabulary.js';

// How a code file is started, as its own text says: the reach's look at each file beside one with
// a call (entry-reach.ts). A module of its own, small, so that a reader thread can judge files too.

/** Entry points and `.env` loaders are small hand-written files; a bundle is neither. */
export const MAX_ENTRY_TEXT = 256 * 1024;

const ORCHESTRATOR_IMPORT_ANY_LINE = new RegExp(ORCHESTRATOR_IMPORT.source, 'm');

/** A deployed app's entry, a scheduler's module, or neither (null), read through `ctx` (the reach's reads). */
export function entryVerdict(file: string, ctx: AdapterContext): Workflow | null {
  const text = ctx.readRepoFile(file)?.text;
  if (text === undefined || text.length > MAX_ENTRY_TEXT) return null;
  const hasSibling = (name: string): boolean => ctx.fileExists(posix.join(folderOf(file), name));
  if (deployedEntryOf(file, text, hasSibling)) return 'application';
  if (/\.pyw?$/i.test(file) && ORCHESTRATOR_IMPORT_ANY_LINE.test(text)) return 'orchestrator';
  if (/\.[cm]?[jt]sx?$/i.test(file) && SCHEDULER_TEXT.test(text)) return 'orchestrator';
  return null;
}
