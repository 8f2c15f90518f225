import { type AdapterDescriptor, ext } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'adf-pipeline',
  matches: (p, t) => ext(p) === 'json' && t.includes('"activities"') && t.includes('"WebActivity"'),
  mayRead: (p) => ext(p) === 'json',
  keywords: [],
  load: async () => (await import('./adapter.js')).adapter,
};
