import { isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import { posix } from 'node:path';
import type { AdapterContext } from '../adapter.js';
import type { ModuleInfo } from './module-index.js';

// Desktop and browser extensions (Raycast, VS Code, Stream Deck plugins, browser extensions) are
// installed by people who paste in their own token: the code cannot tell which workflow that token
// serves, so their calls have an unknown workflow.

/** Modules only an extension's code imports: the host application's API. */
const EXTENSION_HOST_APIS = new Set(['@raycast/api', 'vscode']);
/** How far up the tree to look for the package manifest that owns a file. */
const MAX_LEVELS = 12;
/** A Stream Deck plugin's bundle folder (`com.acme.dbt.sdPlugin/`), which the app loads by that suffix. */
const STREAM_DECK_PLUGIN = /(?:^|\/)[^/]+\.sdPlugin\//i;
/** A browser extension's `manifest.json` (`"manifest_version": 3`). */
const BROWSER_MANIFEST = /"manifest_version"\s*:\s*[23]\b/;

/**
 * The file belongs to a desktop or browser extension: it imports the host's API, sits in a Stream
 * Deck plugin's bundle, has a browser extension's `manifest.json` beside it or above it, or the
 * nearest package.json declares one (a Raycast dependency, a VS Code `engines.vscode`).
 */
export function isDesktopExtension(mod: ModuleInfo, ctx: AdapterContext): boolean {
  if (mod.importSources.some((s) => EXTENSION_HOST_APIS.has(s)) || STREAM_DECK_PLUGIN.test(mod.path)) return true;
  let dir = posix.dirname(mod.path);
  for (let level = 0; level < MAX_LEVELS; level++) {
    const at = (name: string): string => (dir === '.' || dir === '' ? name : `${dir}/${name}`);
    if (BROWSER_MANIFEST.test(ctx.readRepoFile(at('manifest.json'))?.text.slice(0, 4000) ?? '')) return true;
    const manifest = ctx.readRepoFile(at('package.json'));
    if (manifest) return declaresExtension(manifest.text);
    if (dir === '.' || dir === '' || dir === '/') return false;
    dir = posix.dirname(dir);
  }
  return false;
}

function declaresExtension(text: string): boolean {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (e) {
    caughtExpected(e, isParseError);
    return false;
  }
  if (typeof pkg !== 'object' || pkg === null) return false;
  const p = pkg as { dependencies?: unknown; devDependencies?: unknown; engines?: unknown };
  const has = (deps: unknown): boolean => typeof deps === 'object' && deps !== null && Object.hasOwn(deps, '@raycast/api');
  if (has(p.dependencies) || has(p.devDependencies)) return true;
  return typeof p.engines === 'object' && p.engines !== null && typeof (p.engines as { vscode?: unknown }).vscode === 'string';
}
