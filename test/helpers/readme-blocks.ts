import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './worktree-copy.js';

/** One fenced code block of the README. */
export interface ReadmeBlock {
  /** The info string's first word (`sh`, `yaml`, ...), '' when none. */
  lang: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** What `<!-- readme-test: ... -->` on the line above the fence says, if it is there. */
  marker?: string;
  /** The prose lines just above the block (up to the previous block or heading), for wording checks. */
  before: string;
}

export function readmeText(): string {
  return readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
}

export function readmeBlocks(text = readmeText()): ReadmeBlock[] {
  const lines = text.split('\n');
  const blocks: ReadmeBlock[] = [];
  let proseStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)/.exec(lines[i]!);
    if (!open) {
      if (/^#/.test(lines[i]!)) proseStart = i;
      continue;
    }
    const fence = open[1]!;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.startsWith(fence)) end++;
    const marker = i > 0 ? /^<!--\s*readme-test:\s*(.*?)\s*-->$/.exec(lines[i - 1]!)?.[1] : undefined;
    blocks.push({
      lang: open[2]!,
      body: lines.slice(i + 1, end).join('\n'),
      line: i + 1,
      marker,
      before: lines.slice(proseStart, i).join('\n'),
    });
    i = end;
    proseStart = end + 1;
  }
  return blocks;
}

export const isShell = (b: ReadmeBlock): boolean => ['sh', 'bash', 'shell', 'console'].includes(b.lang);

/** The commands of a shell block: one per line, comment-only and blank lines left out. */
export function shellCommands(b: ReadmeBlock): string[] {
  return b.body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
