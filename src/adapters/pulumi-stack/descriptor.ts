import { type AdapterDescriptor } from '../descriptor.js';

/** A Pulumi stack's settings: `Pulumi.prod.yaml`, `Pulumi.dev.yml`. */
export const PULUMI_STACK_FILE = /(?:^|\/)Pulumi\.[\w.-]+\.ya?ml$/;

export const descriptor: AdapterDescriptor = {
  id: 'pulumi-stack',
  matches: (p) => PULUMI_STACK_FILE.test(p),
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
