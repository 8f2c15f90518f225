// Which files are `.env` files, by name: `.env`, `.env.production`, `.env.example`, `.env_template`,
// `.env-local`, `*.env` (`config/runtime.env`, `example.env`), a template without the dot
// (`env.example`, `env_semantic.example`), and direnv's `.envrc` (`export NAME=…`
// lines a developer's shell loads on entering the folder) with its `.envrc.example`; and, by name
// and content, a shell file that only sets variables. One rule for the
// adapter that reads them, the reach that follows code loading them, and the report that names where
// a value lives.

/** A `.env` file's path or base name. */
export const isDotenvPath = (path: string): boolean =>
  /(?:^|\/)\.env(?:rc)?(?:[._-][^/]+)?$|[^/]\.env$|(?:^|\/)env(?:[._-][\w-]+)?\.(?:example|sample|template|tmpl|dist)$/i.test(path);

/**
 * Streamlit's secrets file, read like a `.env` (its values are what `st.secrets` gives the app),
 * and dlt's (`.dlt/secrets.toml`, whose `[dbt_cloud]` `api_token` its dbt Cloud helpers read).
 */
/** mise's configuration (`mise.toml`, `.mise.toml`, `mise.local.toml`, `.config/mise/config.toml`): its `[env]` table sets variables for the tasks and shells it runs. */
export const isMiseConfig = (path: string): boolean =>
  /(?:^|\/)(?:\.?mise(?:\.[\w-]{1,40})?\.toml|\.mise\/config(?:\.[\w-]{1,40})?\.toml|\.config\/mise\/config\.toml)$/i.test(path);

/**
 * An INI settings file (`dbt_cloud.ini`, `settings.cfg`) a program reads with configparser:
 * `key = value` under `[section]`, read as `section.key`. Tools' own configuration (`setup.cfg`,
 * `tox.ini`, `pytest.ini`, …) is not one.
 */
export const isIniSettings = (path: string): boolean => /\.(?:ini|cfg)$/i.test(path) && !TOOL_INI.test(path);

const TOOL_INI =
  /(?:^|\/)(?:setup\.cfg|tox\.ini|pytest\.ini|mypy\.ini|\.?flake8|\.?pylintrc|alembic\.ini|\.coveragerc|\.bumpversion\.cfg|\.editorconfig|php\.ini|desktop\.ini|\.gitconfig)$/i;

export const isStreamlitSecrets = (path: string): boolean =>
  /(?:^|\/)\.(?:streamlit|dlt)\/secrets\.toml(?:\.(?:example|sample|template|dist))?$/i.test(path);

/**
 * A shell file that only sets variables (`env.sh`, `setenv.sh`, `local_env.sh`, `environment.sh`:
 * `export NAME=…` lines that a README says to `source` before running the scripts): read like a
 * `.env`. One with anything else in it (a condition, a command) is a script, and stays one.
 */
export function isShellEnvFile(path: string, text: string): boolean {
  if (!SHELL_ENV_NAME.test(path.slice(path.lastIndexOf('/') + 1))) return false;
  for (const line of text.split('\n')) if (!ENV_FILE_LINE.test(line)) return false;
  return true;
}

const SHELL_ENV_NAME = /^(?:[\w.-]+[._-])?(?:set[_-]?)?env(?:ironment|s|[_-]?vars?)?\.(?:sh|bash|zsh)$/i;
/** A blank line, a comment, or a variable set (and exported), its value to the end of the line. */
const ENV_FILE_LINE = /^\s*(?:#.*|(?:export\s+)?[A-Za-z_]\w*=.*)?\r?$/;
