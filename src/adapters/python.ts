import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the python adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'python',
  async extract() {
    return emptyFacts();
  },
};
