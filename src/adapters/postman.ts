import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the postman adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'postman',
  async extract() {
    return emptyFacts();
  },
};
