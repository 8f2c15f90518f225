import { type AdapterDescriptor, base } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'jenkinsfile',
  matches: (p) => /^jenkinsfile(\..+)?$/i.test(base(p)) || /\.(jenkinsfile|groovy)$/i.test(p),
  keywords: [],
  commentStyle: 'slash',
  parsers: ['bash'],
  reads: 'program',
  load: async () => (await import('./adapter.js')).adapter,
};
