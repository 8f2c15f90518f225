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

  it('the packages a build lists: setuptools by dotted name, hatch by folder', () => {
    expect(
      roots({
        'pyproject.toml':
          '[project]\nname = "heartbeat"\n[project.scripts]\nhb = "heartbeat.main:main"\n\n[tool.setuptools]\npackage-dir = {"" = "src"}\npackages = [\n  "heartbeat",\n  "utils",\n  "utils.api",\n]\n',
        'src/heartbeat/main.py': '',
        'src/utils/api/client.py': '',
        'scripts/release.py': '',
      }),
    ).toEqual(['src/heartbeat', 'src/utils']);
    expect(
      roots({
        'pyproject.toml':
          '[project]\nname = "runner"\n[build-system]\nrequires = ["hatchling"]\n[tool.hatch.build.targets.wheel]\npackages = ["src/runner", "src/shared_http"]\n',
        'src/runner/cli.py': '',
        'src/shared_http/client.py': '',
      }),
    ).toEqual(['src/runner', 'src/shared_http']);
  });

  it('a src layout: every package under src/, whatever the project is named', () => {
    expect(
      roots({
        'pyproject.toml': '[project]\nname = "acme-sl-client"\n[build-system]\nbuild-backend = "hatchling.build"\n',
        'src/acme_sl/__init__.py': '',
        'src/acme_sl/client.py': '',
        'src/notes.txt': '',
        'scripts/run.py': '',
      }),
    ).toEqual(['src/acme_sl']);
    // A project that builds nothing has no package, src/ or not.
    expect(roots({ 'pyproject.toml': '[project]\nname = "analytics"\n', 'src/jobs/__init__.py': '', 'src/jobs/run.py': '' })).toEqual([]);
  });

  it('not: a project that installs nothing, or whose package is not in the repository', () => {
    expect(
      roots({ 'pyproject.toml': '[project]\nname = "analytics-ops"\ndependencies = ["requests"]\n', 'analytics_ops/run.py': '' }),
    ).toEqual([]);
    expect(
      roots({ 'pyproject.toml': '[project]\nname = "job-sync"\n[project.scripts]\njs = "jobsync.cli:main"\n', 'scripts/run.py': '' }),
    ).toEqual([]);
  });

  it('a setup.py package: by its name, its console scripts, or the packages it lists; never run, only read', () => {
    const sdk = 'from setuptools import setup, find_packages\n\nsetup(\n    name="pycloudjobs",\n    packages=find_packages(),\n)\n';
    expect(roots({ 'setup.py': sdk, 'pycloudjobs/client.py': '' })).toEqual(['pycloudjobs']);
    expect(
      roots({
        'setup.py':
          'import setuptools\nsetuptools.setup(name="cloud-jobs-client", package_dir={"": "src"}, packages=setuptools.find_packages(where="src"))\n',
        'src/cloud_jobs_client/api.py': '',
      }),
    ).toEqual(['src/cloud_jobs_client']);
    expect(
      roots({
        'setup.py': 'setup(\n  name="dbt-runner",\n  entry_points={"console_scripts": ["dbt-run = runner.cli:main"]},\n)\n',
        'runner/cli.py': '',
      }),
    ).toEqual(['runner']);
    expect(roots({ 'setup.py': 'setup(name="tools", packages=["jobsync", "jobsync.api"])\n', 'jobsync/api/client.py': '' })).toEqual([
      'jobsync',
    ]);
    // a config dict handed over as setup(**config)
    expect(roots({ 'setup.py': 'config = {"name": "job-blueprints"}\nsetup(**config)\n', 'job_blueprints/run.py': '' })).toEqual([
      'job_blueprints',
    ]);
    // a generated client's setup.py: the name in a top-level constant
    expect(
      roots({
        'setup.py': 'NAME = "cloud-api-client"\nVERSION = "0.0.1"\nsetup(\n    name=NAME,\n    version=VERSION,\n)\n',
        'cloud_api_client/api_client.py': '',
      }),
    ).toEqual(['cloud_api_client']);
    // a constant that is not a plain string gives nothing
    expect(roots({ 'setup.py': 'NAME = get_name()\nsetup(name=NAME)\n', 'get_name/run.py': '' })).toEqual([]);
    // a `name=` before the setup call belongs to something else
    expect(roots({ 'setup.py': 'log = logging.getLogger(name="ops")\nsetup(version="1")\n', 'ops/run.py': '' })).toEqual([]);
  });

  it('a setup.cfg package: its metadata name and its console scripts', () => {
    expect(
      roots({
        'setup.cfg': '[metadata]\nname = cloud-sync\n\n[options.entry_points]\nconsole_scripts =\n    csync = csync.main:run\n',
        'src/csync/main.py': '',
        'cloud_sync/__init__.py': '',
      }),
    ).toEqual(['cloud_sync', 'src/csync']);
  });

  it('not: a setup.py without a setup call or a name, or whose package is not in the repository', () => {
    expect(roots({ 'setup.py': 'print("set up the warehouse")\n', 'warehouse/run.py': '' })).toEqual([]);
    expect(roots({ 'setup.py': 'setup(name="analytics-jobs")\n', 'jobs/nightly.py': '' })).toEqual([]);
    expect(roots({ 'setup.cfg': '[flake8]\nmax-line-length = 100\n', 'app/run.py': '' })).toEqual([]);
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
