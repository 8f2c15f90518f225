// Installable libraries and command-line tools: code that whoever installs it runs, with a token
// they supply, so the repository cannot tell the workflow (the contract's `unknown`). Told from the
// package manifest: a Python project with a name and a console script or a build system
// (`pyproject.toml`, or the `setup.py` / `setup.cfg` of older packages), whose package folder is in
// the repository, an npm package that is not private and publishes a command (`bin`) or a library
// (`types`, `exports`, `files`, `publishConfig`, and no app framework), a Go module that is a
// Terraform provider, a released tool or a library (isPublishedGoModule), a Rust crate made to be
// published, a Ruby gem, a Composer library, a NuGet package or .NET tool, a Java library (Gradle's
// `java-library` or `maven-publish`, Maven's `distributionManagement`). Entry points found in the
// repository (a CI step, a Dockerfile, a DAG) still win. Manifests are read as text: a `setup.py`
// is never run.

import { isParseError, rethrowUnless } from '../errors.js';

/** Reads a repository file's text, or undefined. */
export type ReadText = (path: string) => string | undefined;

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const join = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);

/**
 * Folders holding an installable package's own code. `matters(dir)` says whether a folder holds,
 * at any depth, a file whose workflow a report needs: a manifest anywhere else is not read.
 */
export function libraryRoots(
  allFiles: readonly string[],
  read: ReadText,
  matters: (dir: string) => boolean = () => true,
  published?: PublishedPackages,
): Set<string> {
  const roots = new Set<string>();
  let folders: Set<string> | undefined;
  let deployed: string[] | undefined;
  for (const f of allFiles) {
    const base = f.slice(f.lastIndexOf('/') + 1);
    if (!MANIFEST_NAME.test(base) || !matters(dirOf(f))) continue;
    const python =
      base === 'pyproject.toml'
        ? pythonPackagesOf
        : base === 'setup.py'
          ? setupPyPackagesOf
          : base === 'setup.cfg'
            ? setupCfgPackagesOf
            : undefined;
    if (python) {
      const text = read(f) ?? '';
      const packages = python(text);
      const found: string[] = [];
      for (const pkg of packages) {
        folders ??= foldersHoldingFiles(allFiles);
        for (const candidate of [join(dirOf(f), pkg), join(dirOf(f), `src/${pkg}`)]) if (folders.has(candidate)) found.push(candidate);
      }
      // A src layout ships every package under src/ whatever the project is named (setuptools
      // finds them itself; `acme-sl-client` may install `acme_sl`).
      if (packages.length > 0) found.push(...srcLayoutPackages(allFiles, dirOf(f)));
      // `packages=find_packages(exclude=["tests"])`, `[tool.setuptools.packages.find]`: the packages setuptools finds.
      const finder = packages.length > 0 ? packageFinderOf(text, base) : undefined;
      if (finder) found.push(...foundPackages(allFiles, dirOf(f), finder));
      for (const root of found) roots.add(root);
      if (published && PUBLISHING_METADATA.test(text)) {
        for (const root of found) published.roots.add(root);
        if (INSTALLS_COMMAND.test(text)) for (const root of found) published.commands.add(root);
      }
    } else if (base === 'package.json' && isPublishedNpmPackage(read(f) ?? '')) {
      roots.add(dirOf(f));
    } else if (base === 'go.mod' && isPublishedGoModule(f, read(f) ?? '', allFiles)) {
      roots.add(dirOf(f));
    } else if (OTHER_MANIFEST.test(base) && publishesPackage(base, read(f) ?? '')) {
      deployed ??= deploymentFolders(allFiles);
      const dir = dirOf(f);
      if (!deployed.some((d) => dir === '' || d === dir || d.startsWith(`${dir}/`))) roots.add(dir);
    }
  }
  return roots;
}

/** Library roots made for a package index (filled in by `libraryRoots`), and those of them that install a command. */
export interface PublishedPackages {
  roots: Set<string>;
  commands: Set<string>;
}

/** A Python manifest that installs a command: `[project.scripts]`, poetry's scripts, `console_scripts` (setup.py, setup.cfg). */
const INSTALLS_COMMAND = /^\[(?:project|tool\.poetry)\.scripts\]|\bconsole_scripts\b/m;

/**
 * A Python package made for an index: its manifest carries what PyPI shows (`classifiers`,
 * `license`, project URLs) or registers an Airflow provider. An orchestrator's integration
 * published so is its users' code; a Dagster or Airflow project packaged only to be deployed
 * (`dagster project scaffold` writes a name and a build system, nothing more) is not.
 */
const PUBLISHING_METADATA = /^[ \t]*(?:classifiers|license)[ \t]*=|^\[project\.urls\]|\bproject_urls[ \t]*=|apache_airflow_provider/m;

/** The manifests read below (a cheap test before the folder check). */
const MANIFEST_NAME =
  /^(?:pyproject\.toml|setup\.py|setup\.cfg|package\.json|go\.mod|Cargo\.toml|[^/]+\.gemspec|composer\.json|[^/]+\.csproj|build\.gradle(?:\.kts)?|pom\.xml)$/;

/** The packages of a src layout beside a manifest in `dir`: `src/<name>/` folders with an `__init__.py`. */
function srcLayoutPackages(allFiles: readonly string[], dir: string): string[] {
  const src = join(dir, 'src/');
  const out = new Set<string>();
  for (const f of allFiles) {
    if (!f.startsWith(src)) continue;
    const m = /^([A-Za-z_]\w*)\/__init__\.py$/.exec(f.slice(src.length));
    if (m) out.add(`${src}${m[1]}`);
  }
  return [...out];
}

/** What setuptools' package discovery is told: where to look, which top-level names to take or leave. */
interface PackageFinder {
  where: string;
  include: RegExp[];
  exclude: RegExp[];
  /** `find_namespace_packages` / `namespaces = true`: folders without an `__init__.py` count too. */
  namespaces: boolean;
}

/** setuptools' discovery as a setup.py (`find_packages(…)`, `find_namespace_packages(…)`) or a pyproject.toml configures it. */
function packageFinderOf(text: string, base: string): PackageFinder | undefined {
  if (base === 'setup.py') {
    const m = /\bpackages\s*=\s*(?:setuptools\.)?find_(namespace_)?packages\s*\(([^()]{0,2000})\)/.exec(text);
    if (!m) return undefined;
    const args = m[2]!;
    const where = /\bwhere\s*=\s*["']([^"']{1,200})["']/.exec(args)?.[1] ?? /^\s*["']([^"']{1,200})["']/.exec(args)?.[1] ?? '.';
    return {
      where,
      include: patternsAt(args, 'include'),
      exclude: patternsAt(args, 'exclude'),
      namespaces: m[1] !== undefined,
    };
  }
  if (base !== 'pyproject.toml') return undefined;
  const section = sectionOf(text, 'tool.setuptools.packages.find');
  if (section === undefined) return undefined;
  return {
    where: listAt(section, 'where')[0] ?? '.',
    include: listAt(section, 'include').map(packagePattern),
    exclude: listAt(section, 'exclude').map(packagePattern),
    namespaces: !/^namespaces\s*=\s*false\b/m.test(section),
  };
}

/** The patterns of a `key=["a*", "b"]` keyword (a list or a tuple). */
function patternsAt(args: string, key: string): RegExp[] {
  const body = new RegExp(`\\b${key}\\s*=\\s*[\\[(]([^\\])]{0,1000})[\\])]`).exec(args)?.[1] ?? '';
  return [...body.matchAll(/["']([^"'\n]{1,200})["']/g)].map((m) => packagePattern(m[1]!));
}

/** A setuptools package pattern (`acme*`, `acme.*`, `tests`) as a test of a dotted package name. */
function packagePattern(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/**
 * The top-level packages setuptools would find under `dir/where`: folders with an `__init__.py`
 * (or, for namespace discovery, folders holding Python files that the include patterns name), less
 * those excluded.
 */
function foundPackages(allFiles: readonly string[], dir: string, finder: PackageFinder): string[] {
  // Without include patterns, namespace discovery would take every folder (scripts, DAGs): only
  // regular packages are taken then.
  const namespaces = finder.namespaces && finder.include.length > 0;
  const named = (patterns: RegExp[], name: string): boolean => patterns.some((p) => p.test(name) || p.test(`${name}.sub`));
  const where = join(dir, finder.where.replace(/^\.\/?|\/$/g, ''));
  const prefix = where ? `${where}/` : '';
  const out = new Set<string>();
  for (const f of allFiles) {
    if (!f.startsWith(prefix)) continue;
    const m = /^([A-Za-z_]\w*)\/(.+)$/.exec(f.slice(prefix.length));
    if (!m || out.has(`${prefix}${m[1]}`)) continue;
    const name = m[1]!;
    if (namespaces ? !m[2]!.endsWith('.py') : m[2] !== '__init__.py') continue;
    if (finder.include.length > 0 && !named(finder.include, name)) continue;
    if (named(finder.exclude, name)) continue;
    out.add(`${prefix}${name}`);
  }
  return [...out];
}

/** Every folder that holds a file, directly or below it. */
function foldersHoldingFiles(allFiles: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const f of allFiles) {
    // Parents are added from the deepest up; one already there has all of its own above it.
    for (let d = dirOf(f); d !== '' && !out.has(d); d = dirOf(d)) out.add(d);
  }
  return out;
}

/** The body of a `[name]` section of a TOML or INI file, up to the next section. */
function sectionOf(text: string, name: string): string | undefined {
  return new RegExp(`^\\[${name.replace(/\./g, '\\.')}\\][ \\t]*$([\\s\\S]*?)(?=^\\[|(?![\\s\\S]))`, 'm').exec(text)?.[1];
}

/** Import names of the package a pyproject.toml installs, when it installs a tool or a library. */
function pythonPackagesOf(toml: string): string[] {
  const section = (name: string): string | undefined => sectionOf(toml, name);
  const project = section('project') ?? section('tool.poetry');
  const name = project && /^name\s*=\s*["']([A-Za-z0-9._-]+)["']/m.exec(project)?.[1];
  if (!name) return [];
  const scripts = section('project.scripts') ?? section('tool.poetry.scripts');
  if (scripts === undefined && section('build-system') === undefined) return [];
  // The import name is the project's name normalised, or what its console scripts import
  // (`job-sync = "jobsync.cli:main"`), or a poetry `packages` include.
  const names = new Set([importName(name)]);
  for (const m of (scripts ?? '').matchAll(/=\s*["']([A-Za-z_]\w*)[.:]/g)) names.add(m[1]!);
  for (const m of (project ?? '').matchAll(/include\s*=\s*["']([A-Za-z_]\w*)["']/g)) names.add(m[1]!);
  // Packages listed for the build: setuptools' dotted names (`utils.api` is in `utils`), hatch's folders (`src/tool`).
  for (const list of [listAt(section('tool.setuptools'), 'packages'), listAt(section('tool.hatch.build.targets.wheel'), 'packages')]) {
    for (const item of list) {
      const top = /^(?:[\w.-]+\/)*([A-Za-z_]\w*)(?:\.[\w.]*)?$/.exec(item)?.[1];
      if (top) names.add(top);
    }
  }
  return [...names];
}

/** The strings of a `key = ["a", "b"]` list in a TOML section (a list may span lines). */
function listAt(section: string | undefined, key: string): string[] {
  const body = section && new RegExp(`^${key}\\s*=\\s*\\[([^\\]]{0,4000})\\]`, 'm').exec(section)?.[1];
  return body ? [...body.matchAll(/["']([^"'\n]{1,200})["']/g)].map((m) => m[1]!) : [];
}

/** The import name of a Python distribution's name (`dbt-cloud-cli` installs `dbt_cloud_cli`). */
const importName = (name: string): string => name.toLowerCase().replace(/[-.]/g, '_');

/** The package a console script runs: `dbt-cloud = dbt_cloud.cli:main` runs `dbt_cloud`. */
const ENTRY_POINT = /[\w.-]+\s*=\s*([A-Za-z_]\w*)[.:]/g;

/**
 * Import names of what a `setup.py` installs: its `setup(name=...)` (or a config dict's `"name"`),
 * the packages its console scripts run, and the top-level packages it lists by name.
 */
function setupPyPackagesOf(py: string): string[] {
  const call = /\bsetup\s*\(/.exec(py);
  if (!call) return [];
  // `setup(name="x", ...)`, `setup(name=NAME, ...)` with `NAME = "x"` at the top level (as
  // generated clients write it), or a config dict passed as `setup(**config)`.
  const after = py.slice(call.index);
  const constant = /\bname\s*=\s*([A-Za-z_]\w*)\s*[,)]/.exec(after)?.[1];
  const name =
    /\bname\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(after)?.[1] ??
    (constant && new RegExp(`^${constant}\\s*=\\s*["']([A-Za-z0-9._-]+)["']\\s*$`, 'm').exec(py)?.[1]) ??
    /["']name["']\s*:\s*["']([A-Za-z0-9._-]+)["']/.exec(py)?.[1];
  if (!name) return [];
  const names = new Set([importName(name)]);
  const scripts = /["']console_scripts["']\s*:\s*\[([^\]]*)\]/.exec(py)?.[1] ?? '';
  for (const m of scripts.matchAll(ENTRY_POINT)) names.add(m[1]!);
  const listed = /\bpackages\s*=\s*\[([^\]]*)\]/.exec(py)?.[1] ?? '';
  for (const m of listed.matchAll(/["']([A-Za-z_]\w*)["']/g)) names.add(m[1]!);
  return [...names];
}

/** Import names of what a `setup.cfg` installs: its `[metadata] name` and its console scripts' packages. */
function setupCfgPackagesOf(cfg: string): string[] {
  const name = /^name\s*=\s*([A-Za-z0-9._-]+)\s*$/m.exec(sectionOf(cfg, 'metadata') ?? '')?.[1];
  if (!name) return [];
  const names = new Set([importName(name)]);
  const entryPoints = sectionOf(cfg, 'options.entry_points') ?? '';
  const scripts = /^console_scripts\s*=([^\n]*(?:\n[ \t]+[^\n]*)*)/m.exec(entryPoints)?.[1] ?? '';
  for (const m of scripts.matchAll(ENTRY_POINT)) names.add(m[1]!);
  // `namespace_packages = astronomer,astronomer.providers` (with `packages = find_namespace:`): the top-level names.
  const namespaces = /^namespace_packages\s*=([^\n]*(?:\n[ \t]+[^\n]*)*)/m.exec(sectionOf(cfg, 'options') ?? '')?.[1] ?? '';
  for (const m of namespaces.matchAll(/([A-Za-z_]\w*)(?:\.[\w.]*)?/g)) names.add(m[1]!);
  return [...names];
}

/**
 * A Go module whose code its users run with their own token: a Terraform provider (the binary
 * Terraform starts for whoever applies), a tool released as binaries (a GoReleaser config beside
 * `go.mod`), or a library (no `main.go`, no `cmd/` folder and nothing deploying it in the module:
 * only importable).
 */
function isPublishedGoModule(goMod: string, text: string, allFiles: readonly string[]): boolean {
  const module = /^module\s+(\S+)/m.exec(text)?.[1];
  if (!module) return false;
  if (/(^|\/)terraform-provider-[\w-]+$/.test(module)) return true;
  const dir = dirOf(goMod);
  const inModule = (f: string): boolean => dir === '' || f.startsWith(`${dir}/`);
  const local = (f: string): string => (dir === '' ? f : f.slice(dir.length + 1));
  if (allFiles.some((f) => inModule(f) && /^\.goreleaser\.ya?ml$/.test(local(f)))) return true;
  // Neither a program (`main.go`, `cmd/`) nor something deployed (a Dockerfile, compose file or Procfile).
  return !allFiles.some((f) => inModule(f) && (/(^|\/)main\.go$|^cmd\//.test(local(f)) || DEPLOYMENT_FILE.test(local(f))));
}

/** Dependencies of an application, not of a package others install: it is deployed, or run as it is. */
const APP_FRAMEWORK =
  /^(?:next|nuxt|express|fastify|koa|hono|@hapi\/hapi|@nestjs\/core|@remix-run\/\w+|@sveltejs\/kit|astro|gatsby|react-scripts|vite|@angular\/core|electron|@vercel\/node|@netlify\/functions|wrangler|serverless|aws-cdk-lib|@slack\/bolt|discord\.js)$/;

/**
 * An npm package that is not private and publishes a command (`bin`), or a library: it says what
 * it publishes (`types`, `exports`, `files`, `publishConfig`; `main` alone is what `npm init`
 * writes for any folder) and depends on no application framework.
 */
function isPublishedNpmPackage(json: string): boolean {
  let pkg: Record<string, unknown> | null;
  try {
    pkg = JSON.parse(json) as Record<string, unknown> | null;
  } catch (e) {
    rethrowUnless(e, isParseError);
    return false;
  }
  // `null` is valid JSON too: only an object is a manifest.
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg) || pkg.private === true) return false;
  if (pkg.bin !== undefined) return true;
  if (typeof pkg.name !== 'string' || !['types', 'typings', 'exports', 'files', 'publishConfig'].some((k) => pkg[k] !== undefined))
    return false;
  const deps = [pkg.dependencies, pkg.devDependencies].flatMap((d) => (typeof d === 'object' && d !== null ? Object.keys(d) : []));
  return !deps.some((d) => APP_FRAMEWORK.test(d));
}

/** Manifests of other languages' packages (publishesPackage tells which are published). */
const OTHER_MANIFEST = /^(?:Cargo\.toml|[^/]+\.gemspec|composer\.json|[^/]+\.csproj|build\.gradle(?:\.kts)?|pom\.xml)$/;

/**
 * Whether a manifest describes a package made for others to install: a Rust crate with the
 * metadata crates.io asks for (`license` or `repository`) and not `publish = false`, any gem,
 * a Composer `library`, a .NET project packed for NuGet (`PackageId`, `IsPackable`,
 * `GeneratePackageOnBuild`) or as a tool (`PackAsTool`), a Gradle `java-library` or one that
 * applies `maven-publish`, a Maven project with `distributionManagement`. An application
 * (Spring Boot, Gradle's `application`) is not one.
 */
function publishesPackage(base: string, text: string): boolean {
  if (base === 'Cargo.toml') {
    const pkg = sectionOf(text, 'package');
    return (
      pkg !== undefined &&
      /^name\s*=/m.test(pkg) &&
      /^(?:license|license-file|repository)\s*=/m.test(pkg) &&
      !/^publish\s*=\s*false/m.test(pkg)
    );
  }
  if (base.endsWith('.gemspec')) return /Gem::Specification\.new/.test(text);
  if (base === 'composer.json') return /"type"\s*:\s*"library"/.test(text);
  if (base.endsWith('.csproj'))
    return /<(?:PackAsTool|IsPackable|GeneratePackageOnBuild)>\s*true\s*</i.test(text) || /<PackageId>/.test(text);
  if (JVM_APPLICATION.test(text)) return false;
  if (base.startsWith('build.gradle')) return /\b(?:java-library|maven-publish)\b/.test(text);
  return /<distributionManagement>/.test(text);
}

/** A Spring Boot application, Gradle's `application` plugin, a Maven main class: run, not installed. */
const JVM_APPLICATION =
  /org\.springframework\.boot|spring-boot|<mainClass>|\bid[ \t]*(?:\([ \t]*)?["']application["']|apply[ \t]+plugin[ \t]*:[ \t]*["']application["']|^[ \t]*application[ \t]*(?:\{|$)/m;

/**
 * A Dockerfile (`Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`), compose file or Procfile; not a
 * source file named for them (`DockerfilesTest.java`).
 */
const DEPLOYMENT_FILE =
  /(^|\/)((?:Dockerfile|Containerfile)(?:[._-][\w.-]*)?|[\w.-]+\.(?:Dockerfile|Containerfile)|[^/]*compose[^/]*\.ya?ml|Procfile)(?<!\.(?:java|kt|scala|go|py|rb|rs|cs|js|ts))$/;

/** Folders holding a Dockerfile, compose file or Procfile: a package at or above one is deployed from there. */
function deploymentFolders(allFiles: readonly string[]): string[] {
  return [...new Set(allFiles.filter((f) => DEPLOYMENT_FILE.test(f)).map(dirOf))];
}
