import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'azure-pipelines',
  matches: (p) => /(^|\/)(\.?azure-pipelines[^/]*|\.azure-pipelines\/[^/]+|\.azuredevops\/[^/]+)\.ya?ml$/i.test(p),
  keywords: [],
  commentStyle: 'hash',
  parsers: ['bash'],
  reads: 'ci-config',
  load: async () => (await import('./adapter.js')).adapter,
};
