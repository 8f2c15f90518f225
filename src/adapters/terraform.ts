import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the terraform adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'terraform',
  async extract() {
    return emptyFacts();
  },
};
