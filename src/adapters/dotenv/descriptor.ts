import { type AdapterDescriptor, base } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'dotenv',
  matches: (p) => /^\.env(\..+)?$/i.test(base(p)) || /\.env$/i.test(p),
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
