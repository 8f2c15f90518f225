import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the gitlab-ci adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'gitlab-ci',
  async extract() {
    return emptyFacts();
  },
};
