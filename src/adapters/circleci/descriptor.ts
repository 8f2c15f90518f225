import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'circleci',
  matches: (p) => /(^|\/)\.circleci\/[^/]+\.ya?ml$/i.test(p),
  keywords: [],
  load: async () => (await import('./adapter.js')).adapter,
};
