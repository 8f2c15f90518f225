import { type AdapterDescriptor } from '../descriptor.js';

/**
 * An Insomnia export under any name: v4 JSON (`"_type": "export"`, `"__export_format": 4`) or the
 * v5 YAML of current Insomnia (`type: collection.insomnia.rest/5.0`), told by its first lines.
 */
const INSOMNIA_JSON = /"__export_format"\s*:\s*\d/;
const INSOMNIA_YAML = /^type:[ \t]*["']?(?:collection|spec)\.insomnia\.rest\/\d/m;

export const descriptor: AdapterDescriptor = {
  id: 'insomnia',
  matches: (p, text) =>
    (/\.json$/i.test(p) && INSOMNIA_JSON.test(text.slice(0, 2048))) || (/\.ya?ml$/i.test(p) && INSOMNIA_YAML.test(text.slice(0, 2048))),
  mayRead: (p) => /\.(?:json|ya?ml)$/i.test(p),
  keywords: [],
  reads: 'program',
  load: async () => (await import('./adapter.js')).adapter,
};
