import { type AdapterDescriptor, ext } from '../descriptor.js';

const SHELL_SHEBANG = /^#!\s*\S*\b(?:env\s+)?(?:ba|z|k|da)?sh\b/;

export const descriptor: AdapterDescriptor = {
  id: 'shell',
  matches: (p, t) => ['sh', 'bash', 'zsh', 'ksh'].includes(ext(p)) || (ext(p) === '' && SHELL_SHEBANG.test(t)),
  mayRead: (p) => ['sh', 'bash', 'zsh', 'ksh', ''].includes(ext(p)),
  keywords: [],
  commentStyle: 'hash',
  parsers: ['bash'],
  load: async () => (await import('./adapter.js')).adapter,
};
