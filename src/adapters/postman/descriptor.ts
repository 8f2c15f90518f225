import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'postman',
  matches: (p) =>
    /\.postman_(collection|environment|globals)\.json$/i.test(p) ||
    /(^|\/)postman\/(.+\/)?[^/]*(collection|environment)[^/]*\.json$/i.test(p),
  keywords: [],
  reads: 'program',
  load: async () => (await import('./adapter.js')).adapter,
};
