import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the dockerfile adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'dockerfile',
  async extract() {
    return emptyFacts();
  },
};
