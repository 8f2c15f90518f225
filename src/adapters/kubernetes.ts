import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the kubernetes adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'kubernetes',
  async extract() {
    return emptyFacts();
  },
};
