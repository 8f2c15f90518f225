import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the dotenv adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'dotenv',
  async extract() {
    return emptyFacts();
  },
};
