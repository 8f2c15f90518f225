import { type AdapterDescriptor, isYaml } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'kubernetes',
  matches: (p, t) => isYaml(p) && /^apiVersion:/m.test(t) && /^kind:/m.test(t),
  mayRead: isYaml,
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
