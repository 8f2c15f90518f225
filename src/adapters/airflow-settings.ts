import type { LanguageAdapter } from './adapter.js';
import { emptyFacts } from '../facts/types.js';

// Placeholder until the airflow-settings adapter lands: finds nothing.
export const adapter: LanguageAdapter = {
  id: 'airflow-settings',
  async extract() {
    return emptyFacts();
  },
};
