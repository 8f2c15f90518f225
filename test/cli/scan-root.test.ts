import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanRootOutside } from '../../src/cli/scan-root.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('scanRootOutside', () => {
  const top = tempDir('scan-root-');
  for (const dir of ['.git', 'app/jobs', 'app/lib']) mkdirSync(join(top, dir), { recursive: true });
  writeFileSync(join(top, 'app/jobs/run.py'), '');
  const plain = tempDir('scan-root-plain-');
  mkdirSync(join(plain, 'sub'));
  const elsewhere = tempDir('scan-root-cwd-');

  it('leaves paths inside the current folder alone', () => {
    expect(scanRootOutside(['.'], top)).toBeUndefined();
    expect(scanRootOutside(['app/jobs', 'app/lib'], top)).toBeUndefined();
    expect(scanRootOutside([], elsewhere)).toBeUndefined();
  });

  it('roots a folder outside in the top of its work tree', () => {
    expect(scanRootOutside([join(top, 'app/jobs')], elsewhere)).toEqual({ folder: top, paths: ['app/jobs'] });
    expect(scanRootOutside([join(top, 'app/jobs/run.py')], elsewhere)).toEqual({ folder: top, paths: ['app/jobs/run.py'] });
    // From one folder of the work tree to another: the top holds both.
    expect(scanRootOutside(['../lib'], join(top, 'app/jobs'))).toEqual({ folder: top, paths: ['app/lib'] });
  });

  it('roots a folder outside git in itself, and never in the file system root', () => {
    expect(scanRootOutside([join(plain, 'sub')], elsewhere)).toEqual({ folder: join(plain, 'sub'), paths: ['.'] });
    expect(scanRootOutside(['/'], elsewhere)).toBeUndefined();
  });
});
