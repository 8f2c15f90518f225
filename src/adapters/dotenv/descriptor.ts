import type { AdapterDescriptor } from '../descriptor.js';
import { isDotenvPath, isIniSettings, isMiseConfig, isShellEnvFile, isStreamlitSecrets } from '../../discover/dotenv-names.js';

export const descriptor: AdapterDescriptor = {
  id: 'dotenv',
  matches: (p, t) => isDotenvPath(p) || isStreamlitSecrets(p) || isMiseConfig(p) || isIniSettings(p) || isShellEnvFile(p, t),
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
