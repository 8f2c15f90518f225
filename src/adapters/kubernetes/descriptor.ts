import { type AdapterDescriptor, isYaml } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'kubernetes',
  // Also Kustomize's `kustomization.yaml`, which often names neither (its Secret generators are read).
  matches: (p, t) =>
    isYaml(p) &&
    ((/^apiVersion:/m.test(t) && /^kind:/m.test(t)) || (/(?:^|\/)kustomization\.ya?ml$/i.test(p) && /^secretGenerator:/m.test(t))),
  mayRead: isYaml,
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
