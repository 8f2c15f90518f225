import { type AdapterDescriptor, isYaml } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'databricks-app',
  matches: (p, t) =>
    /(^|\/)(app|databricks)\.ya?ml$/i.test(p) ||
    (isYaml(p) && /^\s*(?:-\s+)?value_?[Ff]rom:[ \t]*\S/m.test(t) && !/^\s*(?:-\s+)?secretKeyRef:/m.test(t)),
  mayRead: isYaml,
  keywords: [],
  load: async () => (await import('./adapter.js')).adapter,
};
