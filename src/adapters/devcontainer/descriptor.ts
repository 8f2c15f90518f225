import { DEVCONTAINER_JSON } from '../../classify/devcontainer.js';
import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'devcontainer',
  matches: (p) => DEVCONTAINER_JSON.test(p),
  keywords: [],
  load: async () => (await import('./adapter.js')).adapter,
};
