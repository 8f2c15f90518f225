import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'bitbucket-pipelines',
  matches: (p) => /(^|\/)bitbucket-pipelines\.ya?ml$/i.test(p),
  keywords: [],
  load: async () => (await import('./adapter.js')).adapter,
};
