import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the jenkinsfile adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'jenkinsfile',
  async extract() {
    return emptyFacts();
  },
};
