import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namedFileJobs } from '../../src/cli/startup/warm-parsers.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('warming parsers for a short run', () => {
  it('takes named paths as a short run only when every one is a file', () => {
    const dir = tempDir('dts-warm-');
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
    const isFile = (p: string): boolean => p.endsWith('.py');
    expect(namedFileJobs(['a.py'], dir, isFile)).toEqual([{ rel: 'a.py', abs: join(dir, 'a.py') }]);
    expect(namedFileJobs(['a.py', 'src'], dir, isFile)).toBeUndefined();
    expect(namedFileJobs([], dir, isFile)).toBeUndefined();
  });
});
