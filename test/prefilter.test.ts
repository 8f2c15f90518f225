import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBytes } from '../src/discover/read-source.js';
import { createKeywordSearch, createPlainKeywordSearch, type KeywordSearch } from '../src/prefilter/keyword-search.js';
import { prefilterFile } from '../src/scan/prefilter-file.js';
import { tempDir } from './helpers/temp-dir.js';

// Stage one of the pre-filter decides which files are read further; a miss here is a missed call
// site. The WebAssembly search and its plain fallback must give the same answer on every input.

const searches: [string, () => KeywordSearch][] = [
  ['WebAssembly', createKeywordSearch],
  ['plain', createPlainKeywordSearch],
];
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

describe.each(searches)('keyword search (%s)', (_name, create) => {
  it('finds dbt in any letter case, anywhere in the buffer', () => {
    const search = create();
    for (const word of ['dbt', 'DBT', 'Dbt', 'dBt', 'dbT']) {
      for (const at of [0, 1, 13, 14, 15, 16, 17, 31, 32, 1000]) {
        const text = `${'x'.repeat(at)}${word}`;
        expect(search.mentionsDbt(bytes(text)), `${word} at ${at}`).toBe(true);
        expect(search.mentionsDbt(bytes(`${text}${'y'.repeat(37)}`)), `${word} at ${at}, then more`).toBe(true);
      }
    }
  });

  it('finds /accounts but not other words that start with /acc', () => {
    const search = create();
    expect(search.mentionsDbt(bytes('url = base + "/api/v2/accounts/1/jobs/"'))).toBe(true);
    expect(search.mentionsDbt(bytes('x'.repeat(40) + '/accounts'))).toBe(true);
    expect(search.mentionsDbt(bytes('see /access and /accept and /acc'))).toBe(false);
    expect(search.mentionsDbt(bytes('/acc /acc /accounts'))).toBe(true);
  });

  it('says no when the words are split or absent, including at the very end', () => {
    const search = create();
    for (const text of ['', 'd', 'db', 'd b t', 'the debt is paid', 'x'.repeat(15) + 'db', 'x'.repeat(16) + 'db', '/accoun']) {
      expect(search.mentionsDbt(bytes(text)), JSON.stringify(text)).toBe(false);
    }
  });

  it('never sees the bytes of an earlier, longer buffer after the end of this one', () => {
    const search = create();
    expect(search.mentionsDbt(bytes(`${'x'.repeat(100)}dbt`))).toBe(true);
    expect(search.mentionsDbt(bytes('x'.repeat(100)))).toBe(false);
    expect(search.mentionsDbt(bytes('x'.repeat(99) + 'd'))).toBe(false);
  });

  it('handles buffers larger than its starting memory', () => {
    const search = create();
    const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
    expect(search.mentionsDbt(big)).toBe(false);
    big.write('DBT', big.length - 3, 'latin1');
    expect(search.mentionsDbt(big)).toBe(true);
  });

  it('reads files into its own memory, across growth, whole', () => {
    const search = create();
    const dir = tempDir('dts-prefilter-');
    const sizes = [0, 1, 300 * 1024, 2 * 1024 * 1024 + 7];
    for (const size of sizes) {
      const content = Buffer.alloc(size);
      for (let i = 0; i < size; i++) content[i] = 97 + (i % 26);
      const file = join(dir, `f${size}`);
      writeFileSync(file, content);
      const read = readBytes(file, 8 * 1024 * 1024, search);
      expect(read.kind).toBe('bytes');
      if (read.kind === 'bytes') expect(read.bytes.equals(content), `size ${size}`).toBe(true);
    }
  });
});

describe('reading and pre-filtering one file', () => {
  const dir = tempDir('dts-prefilter-');
  const write = (name: string, text: string | Buffer): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('reports a file over the size cap with its size, read with or without a buffer', () => {
    const file = write('big.txt', Buffer.alloc(300 * 1024, 0x61));
    for (const into of [undefined, createKeywordSearch()]) {
      expect(readBytes(file, 100 * 1024, into)).toEqual({
        kind: 'error',
        message: 'skipped: 300 KB is over the 100 KB limit (--max-file-size)',
      });
    }
  });

  it('keeps only files that can matter, with their text', () => {
    const call = write('call.py', 'requests.get("https://cloud.getdbt.com/api/v2/accounts/1/")\n');
    const core = write('core.sql', 'select * from {{ ref("dbt_model") }}\n');
    const none = write('none.js', 'console.log(1)\n');
    const binary = write('bin.dat', Buffer.from([0x64, 0x62, 0x74, 0, 1, 2]));
    const utf16 = write('u16.ps1', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('$h = "cloud.getdbt.com"', 'utf16le')]));
    expect(prefilterFile({ rel: 'call.py', abs: call }, 1 << 20)).toMatchObject({
      kind: 'candidate',
      relevant: true,
      file: { text: expect.stringContaining('getdbt') },
    });
    expect(prefilterFile({ rel: 'core.sql', abs: core }, 1 << 20)).toEqual({ kind: 'skip' });
    expect(prefilterFile({ rel: 'none.js', abs: none }, 1 << 20)).toEqual({ kind: 'skip' });
    expect(prefilterFile({ rel: 'bin.dat', abs: binary }, 1 << 20)).toEqual({ kind: 'skip' });
    expect(prefilterFile({ rel: 'u16.ps1', abs: utf16 }, 1 << 20)).toMatchObject({ kind: 'candidate', relevant: true });
  });

  it("hands a line-level source file to its adapter only when it holds what the adapter's facts need", () => {
    // dbt's own sources: dbt words and docs links everywhere, no dbt Cloud host, API path or token.
    const core = write('path.rs', 'pub struct DbtPath; // https://docs.getdbt.com/\nlet dbt_cloud = DbtCloudConfig::default();\n');
    const client = write('client.rs', 'let url = format!("{}/api/v3/accounts/{}/jobs/", dbt_cloud_base, id);\n');
    // A Unicode space between the words: three bytes, which the test on the bytes lets through as the text's does.
    const spaced = write('spaced.go', '// dbt\u2009cloud token (getdbt.com)\nurl := base + "/accounts/" + id\n');
    const yaml = write('values.yaml', 'dbt_cloud:\n  account: 1\n');
    // dbt Cloud in prose beside commit digests (a test's fixtures): no legacy key without a dbt token name.
    const digests = write(
      'dist.rs',
      '/// Brand printed by the dbt Cloud CLI.\nconst PINNED: &str = "aa58f643af1725e279e559883b75cf9e26596d51";\n',
    );
    const legacy = write('settings.rb', 'DBT_CLOUD_API_KEY = "9a1b2c3d4e5f60718293a4b5c6d7e8f901234567"\n');
    expect(prefilterFile({ rel: 'dist.rs', abs: digests }, 1 << 20)).toEqual({ kind: 'skip' });
    expect(prefilterFile({ rel: 'settings.rb', abs: legacy }, 1 << 20)).toMatchObject({ kind: 'candidate', relevant: true });
    expect(prefilterFile({ rel: 'path.rs', abs: core }, 1 << 20)).toEqual({ kind: 'skip' });
    expect(prefilterFile({ rel: 'client.rs', abs: client }, 1 << 20)).toMatchObject({ kind: 'candidate', relevant: true });
    expect(prefilterFile({ rel: 'spaced.go', abs: spaced }, 1 << 20)).toMatchObject({ kind: 'candidate', relevant: true });
    // Other adapters may read any YAML file: it is not held back for the line-level adapter's needs.
    expect(prefilterFile({ rel: 'values.yaml', abs: yaml }, 1 << 20)).toMatchObject({ kind: 'candidate', relevant: true });
  });
});
