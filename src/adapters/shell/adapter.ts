import type { LanguageAdapter } from '../adapter.js';

// Shell scripts (.sh/.bash/.zsh/.ksh, and extension-less files with a shell shebang). The work is
// done by `extractShellScript`, which CI adapters also call on `run:` / `script:` bodies. A file is
// its own script: line 1, column 1, nothing bound from outside.
export const adapter: LanguageAdapter = {
  id: 'shell',
  async extract(file) {
    const { extractShellScript } = await import('./script.js');
    return extractShellScript(file.text, { line: 1, column: 1 }, new Map());
  },
};
