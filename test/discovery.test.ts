import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFiles } from '../src/discover/find-files.js';
import { prefilterFile } from '../src/scan/prefilter-file.js';
import { tempDir } from './helpers/temp-dir.js';

// Which files a scan looks at: .gitignore files at every level, the config's ignore globs, the
// built-in skips, symbolic links. Checked on real folders, as the walker sees them.

function tree(files: Record<string, string>): string {
  const root = tempDir('dts-discover-');
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const rels = async (cwd: string, paths: string[] = [], ignore: string[] = []): Promise<string[]> =>
  (await findFiles(paths, cwd, ignore)).files.map((f) => f.rel);

describe('file discovery', () => {
  it('applies .gitignore files of every folder above a file, with negation', async () => {
    const root = tree({
      '.gitignore': 'build/\n*.log\n!keep.log\n',
      'a.py': '',
      'x.log': '',
      'keep.log': '',
      'build/out.js': '',
      'pkg/.gitignore': 'generated/\nnotes.txt\n',
      'pkg/src/a.ts': '',
      'pkg/generated/g.ts': '',
      'pkg/notes.txt': '',
      'pkg/sub/deep/x.log': '',
      'other/notes.txt': '',
    });
    expect(await rels(root)).toEqual(['.gitignore', 'a.py', 'keep.log', 'other/notes.txt', 'pkg/.gitignore', 'pkg/src/a.ts']);
  });

  it('reads the credentials files a .gitignore lists (dbt Cloud CLI config, .env, Streamlit secrets, Terraform variables and state, Postman environments), but not the folders it ignores', async () => {
    // Outside a git work tree (an exported repository) a file that is there may well be committed.
    const root = tree({
      '.gitignore': 'dbt_cloud.yml\n.env\n*.env\n.streamlit/secrets.toml\n*.txt\nlocal/\n*.tfvars\n*.tfstate\n*.json\n',
      'dbt_cloud.yml': '',
      '.env': '',
      'config/prod.env': '',
      '.streamlit/secrets.toml': '',
      'notes.txt': '',
      'cli/dbt_cloud.yaml': '',
      'local/dbt_cloud.yml': '',
      'local/.env': '',
      'infra/terraform.tfvars': '',
      'infra/terraform.tfstate': '',
      'postman/dbt.postman_environment.json': '',
      'postman/collection.json': '',
    });
    expect(await rels(root)).toEqual([
      '.env',
      '.gitignore',
      '.streamlit/secrets.toml',
      'cli/dbt_cloud.yaml',
      'config/prod.env',
      'dbt_cloud.yml',
      'infra/terraform.tfstate',
      'infra/terraform.tfvars',
      'postman/dbt.postman_environment.json',
    ]);
  });

  it("applies the current folder's .gitignore to a folder scanned below it", async () => {
    const root = tree({ '.gitignore': 'pkg/generated/\n', 'pkg/generated/g.ts': '', 'pkg/src/a.ts': '' });
    expect(await rels(root, ['pkg'])).toEqual(['pkg/src/a.ts']);
  });

  it('skips dependency and build folders at any depth, but not vendor/', async () => {
    const root = tree({
      'node_modules/x/i.js': '',
      'app/node_modules/y.js': '',
      'dist/a.js': '',
      'svc/.venv/lib/z.py': '',
      'public/vendor/app.min.js': '',
      'src/main.ts': '',
      'dbt_packages/p/m.sql': '',
    });
    expect(await rels(root)).toEqual(['public/vendor/app.min.js', 'src/main.ts']);
  });

  it('honours the config ignore globs and lists named files once', async () => {
    const root = tree({ 'a/x.py': '', 'b/y.py': '', 'c.py': '' });
    expect(await rels(root, [], ['b/**'])).toEqual(['a/x.py', 'c.py']);
    expect(await rels(root, ['c.py', '.', 'a/x.py'])).toEqual(['a/x.py', 'b/y.py', 'c.py']);
  });

  it('never follows a link out of the tree, and says so', async () => {
    const root = tree({ 'in.py': '' });
    symlinkSync('/etc', join(root, 'etc-link'));
    symlinkSync(join(root, 'in.py'), join(root, 'alias.py'));
    symlinkSync('loop-b', join(root, 'loop-a'));
    symlinkSync('loop-a', join(root, 'loop-b'));
    const d = await findFiles([], root, []);
    expect(d.files.map((f) => f.rel)).toEqual(['in.py']);
    expect(d.errors).toEqual(
      expect.arrayContaining([
        { file: 'etc-link', message: 'skipped: symbolic link leads outside the scanned folder' },
        { file: 'loop-a', message: 'skipped: symbolic link loop' },
      ]),
    );
  });

  it('reports each file as the walk finds it', async () => {
    const root = tree({ 'a/1.py': '', 'b/2.py': '', '3.py': '' });
    const seen: string[] = [];
    const d = await findFiles([], root, [], { onFile: (f) => seen.push(f.rel) });
    expect([...seen].sort()).toEqual(d.files.map((f) => f.rel));
  });

  it('never opens a folder that a .gitignore excludes', async () => {
    const root = tree({ '.gitignore': 'generated/\n', 'generated/x/a.py': '', 'src/a.py': '' });
    // A link loop inside the ignored folder would be reported if the walk went in.
    symlinkSync('loop', join(root, 'generated/x/loop'));
    const d = await findFiles([], root, []);
    expect(d.files.map((f) => f.rel)).toEqual(['.gitignore', 'src/a.py']);
    expect(d.errors).toEqual([]);
  });

  it('matches folder-only patterns against folders only', async () => {
    const root = tree({ '.gitignore': 'out/\nlogs\n', 'out/a.js': '', 'src/out': '', 'logs/x.txt': '', 'app/logs': '' });
    expect(await rels(root)).toEqual(['.gitignore', 'src/out']);
  });

  it('expands a quoted glob given as a path, under the same skips', async () => {
    const root = tree({
      '.gitignore': 'gen/\n',
      'dags/a.py': '',
      'dags/sub/b.py': '',
      'dags/c.txt': '',
      'gen/d.py': '',
      'node_modules/e/f.py': '',
    });
    expect(await rels(root, ['**/*.py'])).toEqual(['dags/a.py', 'dags/sub/b.py']);
    expect(await rels(root, ['dags/*.{py,txt}'])).toEqual(['dags/a.py', 'dags/c.txt']);
    await expect(findFiles(['nothing/**/*.py'], root, [])).rejects.toThrow('nothing/**/*.py: no file matches this pattern');
    await expect(findFiles(['missing.py'], root, [])).rejects.toThrow('missing.py: no such file or folder');
  });

  describe('in a git work tree', () => {
    const gitIn = (cwd: string, ...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd,
        stdio: 'ignore',
      });
    };
    /** A repository whose `.env` and `dbt_cloud.yml` were committed before a `.gitignore` covered them. */
    function committedThenIgnored(): string {
      const root = tree({ '.env': 'DBT_TOKEN=x\n', 'config/dbt_cloud.yml': 'version: "1"\n', 'src/app.py': '', 'local.env.bak': '' });
      gitIn(root, 'init', '-q');
      gitIn(root, 'add', '.env', 'config/dbt_cloud.yml', 'src/app.py');
      gitIn(root, 'commit', '-q', '-m', 'first');
      writeFileSync(join(root, '.gitignore'), '.env\nconfig/\n*.bak\n');
      return root;
    }

    it('scans committed files that a .gitignore matches, but not ignored untracked ones', async () => {
      const root = committedThenIgnored();
      expect(await rels(root)).toEqual(['.env', '.gitignore', 'config/dbt_cloud.yml', 'src/app.py']);
      // Scanning a folder below the top gives paths relative to the current folder, as always.
      expect(await rels(root, ['config'])).toEqual(['config/dbt_cloud.yml']);
    });

    it("still applies the config's ignore globs and the built-in skips to tracked files", async () => {
      const root = committedThenIgnored();
      mkdirSync(join(root, 'node_modules/pkg'), { recursive: true });
      writeFileSync(join(root, 'node_modules/pkg/index.js'), '');
      gitIn(root, 'add', '-f', 'node_modules/pkg/index.js');
      gitIn(root, 'commit', '-q', '-m', 'vendored');
      expect(await rels(root, [], ['**/*.yml'])).toEqual(['.env', '.gitignore', 'src/app.py']);
    });

    it('finds them also among many ignored untracked files', async () => {
      const root = committedThenIgnored();
      mkdirSync(join(root, 'logs'));
      for (let i = 0; i < 600; i++) writeFileSync(join(root, `local-${i}.bak`), '');
      expect(await rels(root)).toEqual(['.env', '.gitignore', 'config/dbt_cloud.yml', 'src/app.py']);
    });

    it('runs nothing the repository configures', async () => {
      const root = committedThenIgnored();
      const marker = join(root, 'ran');
      gitIn(root, 'config', 'core.fsmonitor', `touch ${marker}; echo`);
      gitIn(root, 'config', 'filter.evil.clean', `touch ${marker}; cat`);
      gitIn(root, 'config', 'filter.evil.smudge', `touch ${marker}; cat`);
      writeFileSync(join(root, '.gitattributes'), '* filter=evil\n');
      expect(await rels(root)).toContain('.env');
      expect(existsSync(marker)).toBe(false);
    });

    it('lists tracked files from the index, marked so that one deleted from the working tree is no error', async () => {
      const root = committedThenIgnored();
      execFileSync('rm', [join(root, '.env')]);
      const d = await findFiles([], root, []);
      expect(d.files.map((f) => [f.rel, f.fromIndex ?? false])).toEqual([
        ['.env', true],
        ['.gitignore', false],
        ['config/dbt_cloud.yml', true],
        ['src/app.py', true],
      ]);
      const deleted = d.files.find((f) => f.rel === '.env')!;
      expect(prefilterFile(deleted, 1 << 20)).toEqual({ kind: 'absent' });
      expect(prefilterFile({ ...deleted, fromIndex: false }, 1 << 20)).toEqual({
        kind: 'error',
        message: 'cannot read: file vanished during the scan',
      });
    });
  });
});
