import { type AdapterDescriptor, base } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'dockerfile',
  matches: (p) => /^(dockerfile|containerfile)(\..+)?$/i.test(base(p)) || /\.(dockerfile|containerfile)$/i.test(p),
  keywords: [],
  commentStyle: 'hash',
  parsers: ['bash'],
  load: async () => (await import('./adapter.js')).adapter,
};
