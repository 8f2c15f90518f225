import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the dbt-cloud-yml adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'dbt-cloud-yml',
  async extract() {
    return emptyFacts();
  },
};
