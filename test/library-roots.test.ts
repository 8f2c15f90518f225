import { describe, expect, it } from 'vitest';
import { libraryRoots } from '../src/classify/library-roots.js';

// Which folders hold an installable library's or CLI's own code, from the package manifests.

const roots = (files: Record<string, string>): string[] => [...libraryRoots(Object.keys(files), (p) => files[p])].sort();

describe('libraryRoots', () => {
  it('a Python project with console scripts: its package, by project name or by what the scripts import', () => {
    expect(
      roots({
        'pyproject.toml': '[project]\nname = "job-sync"\n\n[project.scripts]\njob-sync = "jobsync.cli:main"\n',
        'src/jobsync/cli.py': '',
      }),
    ).toEqual(['src/jobsync']);
    expect(
      roots({ 'pyproject.toml': '[project]\nname = "cloud-tools"\n[build-system]\nrequires = ["hatchling"]\n', 'cloud_tools/api.py': '' }),
    ).toEqual(['cloud_tools']);
  });

  it('poetry projects, with a packages include', () => {
    expect(
      roots({
        'tools/pyproject.toml':
          '[tool.poetry]\nname = "x-tools"\npackages = [{ include = "xt" }]\n\n[tool.poetry.scripts]\nxt = "xt.main:run"\n',
        'tools/xt/main.py': '',
      }),
    ).toEqual(['tools/xt']);
  });

  it('not: a project that installs nothing, or whose package is not in the repository', () => {
    expect(
      roots({ 'pyproject.toml': '[project]\nname = "analytics-ops"\ndependencies = ["requests"]\n', 'analytics_ops/run.py': '' }),
    ).toEqual([]);
    expect(
      roots({ 'pyproject.toml': '[project]\nname = "job-sync"\n[project.scripts]\njs = "jobsync.cli:main"\n', 'scripts/run.py': '' }),
    ).toEqual([]);
  });

  it('an npm package that publishes a command, unless private', () => {
    expect(roots({ 'cli/package.json': '{"name":"dbt-jobs","bin":{"dbt-jobs":"dist/index.js"}}', 'cli/src/index.ts': '' })).toEqual([
      'cli',
    ]);
    expect(roots({ 'package.json': '{"name":"app","private":true,"bin":"x.js"}' })).toEqual([]);
    expect(roots({ 'package.json': '{"name":"web","dependencies":{}}' })).toEqual([]);
    expect(roots({ 'package.json': '{not json' })).toEqual([]);
    // valid JSON that is no manifest: read as one that publishes nothing, not as a crash
    for (const text of ['null', '"x"', '[]', '7']) expect(roots({ 'package.json': text }), text).toEqual([]);
  });
});
