// Where the dbt Cloud CLI reads its config: `~/.dbt/dbt_cloud.yml`. A pipeline that copies the
// repository's own dbt_cloud.yml there (`cp dbt_cloud.yml ~/.dbt/`, `install -m 600 … $HOME/.dbt/`)
// runs the Cloud CLI with the token committed in that file.

/** Programs that put a file in place. */
export const CONFIG_COPIERS: readonly string[] = ['cp', 'install', 'mv', 'ln', 'rsync'];

const CONFIG_NAME = /(?:^|\/)dbt_cloud\.ya?ml$/;
/** The CLI's folder under a home (`~/.dbt`, `$HOME/.dbt/`, `/root/.dbt`), or its config file there. */
const CLI_DESTINATION = /(?:^~|^\$\{?HOME\}?|^\/root|^\/home\/[^/]+)\/\.dbt(?:\/(?:dbt_cloud\.ya?ml)?)?\/?$/;
/** Options of those programs that take the next word as their value (`install -m 600`, `cp -t DIR`). */
const WITH_VALUE = new Set(['-m', '--mode', '-o', '--owner', '-g', '--group', '-t', '--target-directory', '-S', '--suffix']);

/**
 * The repository's config a copy command puts where the Cloud CLI reads it, as written (its
 * arguments after the program's name); undefined for any other copy.
 */
export function copiedCloudCliConfig(args: readonly string[]): string | undefined {
  const paths: string[] = [];
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-t' || a === '--target-directory') target = args[++i];
    else if (a.startsWith('--target-directory=')) target = a.slice('--target-directory='.length);
    else if (WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) paths.push(a);
  }
  const destination = target ?? paths.pop();
  if (destination === undefined || !CLI_DESTINATION.test(destination)) return undefined;
  return paths.find((p) => CONFIG_NAME.test(p) && !p.startsWith('~') && !/^\$\{?HOME\b/.test(p));
}
