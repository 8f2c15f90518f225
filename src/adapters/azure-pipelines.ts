import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the azure-pipelines adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'azure-pipelines',
  async extract() {
    return emptyFacts();
  },
};
