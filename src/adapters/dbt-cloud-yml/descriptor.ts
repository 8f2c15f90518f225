import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'dbt-cloud-yml',
  matches: (p) => /(^|\/)dbt_cloud\.ya?ml$/i.test(p),
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
