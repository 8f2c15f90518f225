import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the notebook adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'notebook',
  async extract() {
    return emptyFacts();
  },
};
