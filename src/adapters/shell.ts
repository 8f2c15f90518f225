import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the shell adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'shell',
  async extract() {
    return emptyFacts();
  },
};
