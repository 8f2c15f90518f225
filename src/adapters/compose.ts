import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the compose adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'compose',
  async extract() {
    return emptyFacts();
  },
};
