// Which files are `.env` files, by name: `.env`, `.env.production`, `.env.example`, `.env_template`,
// `.env-local`, `*.env` (`config/runtime.env`, `example.env`), and direnv's `.envrc` (`export NAME=…`
// lines a developer's shell loads on entering the folder) with its `.envrc.example`. One rule for the
// adapter that reads them, the reach that follows code loading them, and the report that names where
// a value lives.

/** A `.env` file's path or base name. */
export const isDotenvPath = (path: string): boolean => /(?:^|\/)\.env(?:rc)?(?:[._-][^/]+)?$|[^/]\.env$/i.test(path);

/** Streamlit's secrets file, read like a `.env` (its values are what `st.secrets` gives the app). */
export const isStreamlitSecrets = (path: string): boolean => /(?:^|\/)\.streamlit\/secrets\.toml$/i.test(path);
