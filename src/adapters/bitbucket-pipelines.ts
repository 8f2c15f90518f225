import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the bitbucket-pipelines adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'bitbucket-pipelines',
  async extract() {
    return emptyFacts();
  },
};
