import { describe, expect, it } from 'vitest';
import { batchMessage, jobsOf } from '../../src/scan/worker-protocol.js';
import type { FileJob } from '../../src/scan/prefilter-file.js';

// A batch crosses to a reader thread as two strings of paths and the few jobs that hold more: what
// the reader gets back must be the jobs that were sent, names with spaces, newlines and non-ASCII
// characters, bytes from git's index and raw names included.

describe('a batch sent to a reader thread', () => {
  it('arrives as the jobs that were sent', () => {
    const jobs: FileJob[] = [
      { rel: 'a.py', abs: '/repo/a.py' },
      { rel: 'dir with space/new\nline.ts', abs: '/repo/dir with space/new\nline.ts', fromIndex: true },
      { rel: 'staged.yml', abs: '/repo/staged.yml', content: { bytes: new Uint8Array([100, 98, 116]) } },
      { rel: 'big.bin', abs: '/repo/big.bin', content: { size: 9_000_000 } },
      { rel: 'caf\u00e9-\ufffd.txt', abs: '/repo/caf\u00e9-\ufffd.txt', rawPath: new Uint8Array([99, 97, 102, 0xff]) },
      { rel: 'z.sh', abs: '/elsewhere/z.sh' },
    ];
    const claims = new Uint8Array(jobs.length);
    const message = structuredClone(batchMessage(jobs, claims));
    expect(jobsOf(message)).toEqual(jobs);
    expect(message.extras.map(([i]) => i)).toEqual([2, 3, 4]);
  });

  it('carries a batch of one file, and an empty batch as no file', () => {
    expect(jobsOf(batchMessage([{ rel: 'only.py', abs: '/r/only.py' }], new Uint8Array(1)))).toEqual([
      { rel: 'only.py', abs: '/r/only.py' },
    ]);
    expect(jobsOf(batchMessage([], new Uint8Array(0)))).toEqual([]);
  });
});
