import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'terraform',
  matches: (p) => /\.(tf|tf\.json|tfvars|tfvars\.json)$/i.test(p),
  keywords: [],
  commentStyle: 'hash-or-slash',
  parsers: ['hcl'],
  load: async () => (await import('./adapter.js')).adapter,
};
