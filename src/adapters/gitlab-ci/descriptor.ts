import { type AdapterDescriptor, isYaml } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'gitlab-ci',
  matches: (p, t) =>
    /(^|\/|\.)gitlab-ci\.ya?ml$/i.test(p) ||
    (/(^|\/)\.gitlab\//.test(p) && isYaml(p)) ||
    (isYaml(p) && /^\s*(?:before_|after_)?script:\s*$/m.test(t) && /^\s*stage:\s*\S/m.test(t)),
  mayRead: isYaml,
  keywords: [],
  commentStyle: 'hash',
  parsers: ['bash'],
  reads: 'ci-config',
  load: async () => (await import('./adapter.js')).adapter,
};
