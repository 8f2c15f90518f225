import type { AdapterDescriptor } from '../descriptor.js';
import { isDotenvPath, isStreamlitSecrets } from '../../discover/dotenv-names.js';

export const descriptor: AdapterDescriptor = {
  id: 'dotenv',
  matches: (p) => isDotenvPath(p) || isStreamlitSecrets(p),
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
