import { type AdapterDescriptor, ext } from '../descriptor.js';

const PYTHON_SHEBANG = /^#!\s*\S*\b(?:env\s+)?python[0-9.]*\b/;

export const descriptor: AdapterDescriptor = {
  id: 'python',
  matches: (p, t) => ext(p) === 'py' || ext(p) === 'pyw' || (ext(p) === '' && PYTHON_SHEBANG.test(t)),
  mayRead: (p) => ['py', 'pyw', ''].includes(ext(p)),
  keywords: [
    // The Semantic Layer SDK (`import dbtsl`), whose clients the Python reader knows.
    { pattern: /\bdbtsl\b/, example: 'import dbtsl' },
    // The header integrations send dbt Cloud to say who calls (src/classify/request-evidence.ts).
    { pattern: /x-dbt-partner-source/, example: 'headers={"x-dbt-partner-source": "my-app"}' },
  ],
  commentStyle: 'hash',
  parsers: ['python'],
  reads: 'program',
  load: async () => (await import('./adapter.js')).adapter,
};
