import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'bruno',
  // Bruno's requests, one per `.bru` file (its collection's and folders' settings too).
  matches: (p) => /\.bru$/i.test(p),
  keywords: [],
  load: async () => (await import('./adapter.js')).adapter,
};
