import { type AdapterDescriptor, isYaml } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'github-actions',
  matches: (p, t) =>
    /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(p) ||
    /(^|\/)action\.ya?ml$/i.test(p) ||
    (isYaml(p) && /^(?:on|"on"|'on'|true):/m.test(t) && /^jobs:/m.test(t) && /^[ \t]+runs-on:/m.test(t)),
  mayRead: isYaml,
  keywords: [],
  commentStyle: 'hash',
  parsers: ['bash'],
  reads: 'ci-config',
  load: async () => (await import('./adapter.js')).adapter,
};
