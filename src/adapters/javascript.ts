import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the javascript adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'javascript',
  async extract() {
    return emptyFacts();
  },
};
