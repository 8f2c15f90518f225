import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'circleci',
  matches: (p) => /(^|\/)\.circleci\/[^/]+\.ya?ml$/i.test(p),
  keywords: [],
  commentStyle: 'hash',
  parsers: ['bash'],
  reads: 'ci-config',
  load: async () => (await import('./adapter.js')).adapter,
};
