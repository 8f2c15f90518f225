import { type AdapterDescriptor, ext } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'javascript',
  // `.gs`: Google Apps Script (a Looker Studio connector, a Sheets add-on), JavaScript run by Google.
  matches: (p) => ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'mts', 'cts', 'gs'].includes(ext(p)) && !/\.d\.[mc]?ts$/i.test(p),
  keywords: [],
  commentStyle: 'slash',
  parsers: ['babel'],
  reads: 'program',
  load: async () => (await import('./adapter.js')).adapter,
};
