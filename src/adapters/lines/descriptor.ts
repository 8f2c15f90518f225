import { type AdapterDescriptor, base, ext, isYaml } from '../descriptor.js';
import { mayHoldLineFactInBytes } from './fact-hints.js';
import { lineCommentStyle, SCRIPT_SHEBANG } from '../shared/line-facts/syntaxes.js';

/** Files the line-level adapter reads (shared/line-facts/syntaxes.ts knows their comment and quote marks). */
const LINE_LEVEL =
  /\.(go|java|kts?|scala|sc|cs|csx|rs|swift|dart|php|rb|rake|r|pl|pm|ps1|psm1|mk|just)$|^(gnumakefile|makefile|\.?justfile|rakefile)$/i;

export const descriptor: AdapterDescriptor = {
  id: 'lines',
  // Also an extensionless Ruby, PHP or Perl script (`bin/sync-jobs` starting `#!/usr/bin/env ruby`).
  matches: (p, t) => isYaml(p) || LINE_LEVEL.test(base(p)) || (ext(p) === '' && SCRIPT_SHEBANG.test(t)),
  mayRead: (p) => isYaml(p) || LINE_LEVEL.test(base(p)) || ext(p) === '',
  keywords: [],
  needs: mayHoldLineFactInBytes,
  commentStyle: lineCommentStyle,
  load: async () => (await import('./adapter.js')).adapter,
};
