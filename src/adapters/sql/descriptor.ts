import { descriptor as python } from '../python/descriptor.js';
import { type AdapterDescriptor, ext } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'sql',
  matches: (p) => ext(p) === 'sql',
  keywords: python.keywords,
  load: async () => (await import('./adapter.js')).adapter,
};
