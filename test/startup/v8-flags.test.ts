import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { v8FlagsFor } from '../../src/cli/startup/v8-flags.js';

// V8's flags are the process's, not a library's: only the CLI sets them (the launcher, before it
// compiles anything), so that a program calling scan() keeps its own.

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('V8 flags', () => {
  it('are set in one place, by the CLI', () => {
    const setters = sources(SRC)
      .filter((f) => /\bsetFlagsFromString\b|from 'node:v8'|from 'v8'/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(setters).toEqual(['cli/startup/v8-flags.ts']);
  });

  it('give CLI runs the baseline WebAssembly compiler that scan and history runs had set for themselves', () => {
    for (const profile of ['short', 'context', 'folder', 'cached', 'worker'] as const)
      expect(v8FlagsFor(profile)).toContain('--liftoff-only');
    const launcher = readFileSync(join(SRC, 'cli/launcher.ts'), 'utf8');
    // before the bundle that holds scan and history is loaded
    expect(launcher.indexOf('applyV8Flags(flags);')).toBeGreaterThan(0);
    expect(launcher.indexOf('applyV8Flags(flags);')).toBeLessThan(launcher.indexOf("load(join(here, 'program.js'))"));
  });

  it('delay the optimising compiler in every kind of run, reader threads included', () => {
    for (const profile of ['short', 'context', 'folder', 'cached', 'worker'] as const)
      expect(v8FlagsFor(profile)).toContain('--interrupt-budget=811008');
  });

  it("keep the young generation from growing only in a folder's scan without --cache", () => {
    expect(v8FlagsFor('folder')).toContain('--semi-space-growth-factor=1');
    for (const profile of ['short', 'context', 'cached', 'worker'] as const)
      expect(v8FlagsFor(profile).join(' ')).not.toContain('semi-space');
  });
});
