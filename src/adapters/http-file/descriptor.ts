import { type AdapterDescriptor } from '../descriptor.js';

export const descriptor: AdapterDescriptor = {
  id: 'http-file',
  // VS Code's REST Client and JetBrains' HTTP Client: requests kept as `.http` (or `.rest`) files.
  matches: (p) => /\.(?:http|rest)$/i.test(p),
  keywords: [],
  commentStyle: 'hash',
  load: async () => (await import('./adapter.js')).adapter,
};
