// Environment variable reads as many languages write them. Names only: the line-level adapter
// decides from the name and the place whether the read is a dbt Cloud credential.

const NAME = '([A-Za-z_][A-Za-z0-9_]{0,127})';

const ENV_READ = new RegExp(
  [
    // Go os.Getenv, Java System.getenv, PHP/C getenv, R Sys.getenv, C# GetEnvironmentVariable, Rust env::var,
    // Scala sys.env(...) / sys.env.get, Ruby ENV.fetch, dbt and just env_var(), Laravel env(), Python os.environ.get.
    String.raw`(?:\bos\.(?:Getenv|LookupEnv)|\bSystem\.getenv(?:\(\)\.get)?|\bgetenv|\bSys\.getenv|\bGetEnvironmentVariable|\benv::var(?:_os)?|\bsys\.env(?:\.(?:get|getOrElse|apply))?|\bENV\.fetch|\benv_var|\benv|\bos\.environ\.get|\bos\.getenv)\s*\(\s*["']${NAME}["']`,
    // A project's own reader of a required setting: Go's `mustEnv("X")`, `getEnvOrDie("X")`, Java's `requireEnv("X")`.
    String.raw`\b(?:[Mm]ust|[Rr]equired?|[Gg]et|[Rr]ead|[Ll]ookup|[Ff]etch|[Ll]oad)_?(?:[Ee]nv|ENV)\w{0,20}\s*\(\s*["']([A-Z][A-Z0-9_]{1,127})["']`,
    String.raw`\bENV\[\s*["']${NAME}["']\s*\]`, // Ruby
    String.raw`\$_(?:ENV|SERVER)\[\s*["']${NAME}["']\s*\]`, // PHP
    String.raw`\bos\.environ\[\s*["']${NAME}["']\s*\]`,
    String.raw`\$\{?env:${NAME}`, // PowerShell, VS Code
  ].join('|'),
  'g',
);

export interface EnvRead {
  name: string;
  /** Offset in the line where the read's expression starts (its qualifier included). */
  start: number;
  /** Offset just after the read. */
  end: number;
}

export function envReadsIn(line: string): EnvRead[] {
  const out: EnvRead[] = [];
  for (const m of line.matchAll(ENV_READ)) {
    const name = m.slice(1).find((g) => g !== undefined);
    if (!name) continue;
    let start = m.index;
    // `Environment.GetEnvironmentVariable(`, `std::env::var(`: the qualifier belongs to the read.
    while (start > 0 && /[\w.:]/.test(line[start - 1]!)) start--;
    out.push({ name, start, end: m.index + m[0].length });
  }
  return out;
}

/** An env read that is the whole of `expr` (an argument, the right side of `+`). */
export function envReadOf(expr: string): string | undefined {
  const reads = envReadsIn(expr);
  const r = reads[0];
  return r && r.start === 0 ? r.name : undefined;
}
