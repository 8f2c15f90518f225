import { type AdapterDescriptor } from '../descriptor.js';

/**
 * A Postman export under any name (`dbt-cloud.json`): a collection names Postman's schema in its
 * `info`, near the start; an environment or globals file its variable scope, after its values.
 */
const POSTMAN_COLLECTION = /"schema"\s*:\s*"https?:\/\/schema\.(?:getpostman|postman)\.com\/json\/collection\//;
const isPostmanExport = (text: string): boolean =>
  POSTMAN_COLLECTION.test(text.slice(0, 4096)) || text.includes('"_postman_variable_scope"');

export const descriptor: AdapterDescriptor = {
  id: 'postman',
  matches: (p, text) =>
    /\.postman_(collection|environment|globals)\.json$/i.test(p) ||
    /(^|\/)postman\/(.+\/)?[^/]*(collection|environment)[^/]*\.json$/i.test(p) ||
    (/\.json$/i.test(p) && isPostmanExport(text)),
  mayRead: (p) => /\.json$/i.test(p),
  keywords: [],
  reads: 'program',
  load: async () => (await import('./adapter.js')).adapter,
};
