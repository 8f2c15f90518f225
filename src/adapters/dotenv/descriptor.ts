import type { AdapterDescriptor } from '../descriptor.js';
import { isDotenvPath } from '../../discover/dotenv-names.js';

export const descriptor: AdapterDescriptor = {
  id: 'dotenv',
  matches: isDotenvPath,
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
