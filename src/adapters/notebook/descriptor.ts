import { descriptor as python } from '../python/descriptor.js';
import { type AdapterDescriptor, ext } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'notebook',
  matches: (p) => ext(p) === 'ipynb',
  keywords: python.keywords,
  commentStyle: 'notebook-json',
  parsers: ['python', 'bash'],
  reads: 'program',
  load: async () => (await import('./adapter.js')).adapter,
};
