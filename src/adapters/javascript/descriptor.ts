import { type AdapterDescriptor, ext } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'javascript',
  matches: (p) => ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'mts', 'cts'].includes(ext(p)) && !/\.d\.[mc]?ts$/i.test(p),
  keywords: [],
  commentStyle: 'slash',
  parsers: ['babel'],
  reads: 'program',
  load: async () => (await import('./adapter.js')).adapter,
};
