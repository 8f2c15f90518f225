import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namedFileJobs, warmParsersFor } from '../../src/cli/startup/warm-parsers.js';
import { prefilterFile, type Prefiltered } from '../../src/scan/prefilter-file.js';
import { tempDir } from '../helpers/temp-dir.js';

const MAX_BYTES = 1024 * 1024;
const CALL = 'import requests\nrequests.get("https://cloud.getdbt.com/api/v2/accounts/1/jobs/")\n';
const textOf = (p: Prefiltered): string | undefined => (p.kind === 'candidate' ? p.file.text : undefined);

describe('warming parsers for a short run', () => {
  it('takes named paths as a short run only when every one is a file', () => {
    const dir = tempDir('dts-warm-');
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
    const isFile = (p: string): boolean => p.endsWith('.py');
    expect(namedFileJobs(['a.py'], dir, isFile)).toEqual([{ rel: 'a.py', abs: join(dir, 'a.py') }]);
    expect(namedFileJobs(['a.py', 'src'], dir, isFile)).toBeUndefined();
    expect(namedFileJobs([], dir, isFile)).toBeUndefined();
  });

  it('reads each file once: the scan takes what the warm-up read', async () => {
    const dir = tempDir('dts-warm-');
    writeFileSync(join(dir, 'job.py'), CALL);
    const [job] = namedFileJobs(['job.py'], dir, () => true)!;
    await warmParsersFor([job!], MAX_BYTES);
    // Changed after the warm-up read it: the scan still sees the bytes read then, not a second read.
    writeFileSync(join(dir, 'job.py'), `# edited\n${CALL}`);
    expect(textOf(prefilterFile(job!, MAX_BYTES))).toBe(CALL);
    // Taken once: a later read is a read.
    expect(textOf(prefilterFile(job!, MAX_BYTES))).toBe(`# edited\n${CALL}`);
  });

  it('reads again for a job that is not the one read ahead (another name, another size limit)', async () => {
    const dir = tempDir('dts-warm-');
    writeFileSync(join(dir, 'job.py'), CALL);
    const [job] = namedFileJobs(['job.py'], dir, () => true)!;
    await warmParsersFor([job!], MAX_BYTES);
    writeFileSync(join(dir, 'job.py'), `# edited\n${CALL}`);
    expect(textOf(prefilterFile({ ...job!, rel: './job.py' }, MAX_BYTES))).toBe(`# edited\n${CALL}`);
    await warmParsersFor([job!], MAX_BYTES);
    writeFileSync(join(dir, 'job.py'), `# edited twice\n${CALL}`);
    expect(textOf(prefilterFile(job!, MAX_BYTES / 2))).toBe(`# edited twice\n${CALL}`);
  });
});
