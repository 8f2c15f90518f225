import { type AdapterDescriptor, base } from '../descriptor.js';

/** npm's `package.json`, read for the shell commands of its `scripts`. */
export const descriptor: AdapterDescriptor = {
  id: 'package-scripts',
  matches: (p, text) => base(p) === 'package.json' && text.includes('"scripts"'),
  mayRead: (p) => base(p) === 'package.json',
  keywords: [],
  parsers: ['bash'],
  // Another reader may still find what a package.json holds beyond its scripts.
  hint: true,
  load: async () => (await import('./adapter.js')).adapter,
};
