import { type AdapterDescriptor, ext } from '../descriptor.js';

/** An extensionless Node script (`bin/dbt-runs` starting `#!/usr/bin/env node`). */
const NODE_SHEBANG = /^#!\s*\S*\b(?:env\s+(?:-S\s+)?)?(?:node|bun|deno|tsx|ts-node|zx)\b/;

export const descriptor: AdapterDescriptor = {
  id: 'javascript',
  // `.gs`: Google Apps Script (a Looker Studio connector, a Sheets add-on), JavaScript run by Google.
  matches: (p, t) =>
    (['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'mts', 'cts', 'gs'].includes(ext(p)) && !/\.d\.[mc]?ts$/i.test(p)) ||
    (ext(p) === '' && NODE_SHEBANG.test(t)),
  mayRead: (p) => ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'mts', 'cts', 'gs', ''].includes(ext(p)),
  keywords: [],
  commentStyle: 'slash',
  parsers: ['babel'],
  reads: 'program',
  load: async () => (await import('./adapter.js')).adapter,
};
