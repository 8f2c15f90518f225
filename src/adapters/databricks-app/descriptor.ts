import { type AdapterDescriptor, isYaml } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'databricks-app',
  matches: (p, t) =>
    /(^|\/)(app|databricks)\.ya?ml$/i.test(p) ||
    (isYaml(p) && /^[ \t]*(?:-[ \t]+)?value_?[Ff]rom:[ \t]*\S/m.test(t) && !/^[ \t]*(?:-[ \t]+)?secretKeyRef:/m.test(t)),
  mayRead: isYaml,
  keywords: [],
  load: async () => (await import('./adapter.js')).adapter,
};
