import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the circleci adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'circleci',
  async extract() {
    return emptyFacts();
  },
};
