import { descriptor as python } from '../python/descriptor.js';
import { type AdapterDescriptor, ext } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'notebook',
  matches: (p) => ext(p) === 'ipynb',
  keywords: python.keywords,
  load: async () => (await import('./adapter.js')).adapter,
};
