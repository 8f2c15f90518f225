// What a container's argv runs (Dockerfile exec form, compose `command:`, Kubernetes
// `command:` + `args:`): the script after a shell's `-c`, or a curl/wget command given directly.

export type ArgvPlan<T> = { kind: 'shell'; item: T } | { kind: 'direct'; commandLine: string; first: T };

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);
const DIRECT = new Set(['curl', 'wget', 'http', 'https']);
const MAX_ITEMS = 200;

const base = (s: string): string => {
  const t = s.trim();
  return t.slice(t.lastIndexOf('/') + 1).toLowerCase();
};

/**
 * Quotes one argument for a shell command line. Arguments with `$` references keep them
 * expandable (the runtime or the author expects the variable's value there).
 */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  if (arg.includes('$') && !/["`\\]/.test(arg)) return `"${arg}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Images whose entrypoint is curl: their container's argv (Kubernetes `args:`, compose `command:`) is curl's arguments. */
const CURL_IMAGE = /^(?:[\w.-]+(?::\d+)?\/)?(?:curlimages\/curl|alpine\/curl|appropriate\/curl|byrnedo\/alpine-curl)(?:[:@].*)?$/;

/** The program an image runs before the arguments it is given, when it is one read here. */
export const imageEntrypoint = (image: string | undefined): string | undefined =>
  image !== undefined && CURL_IMAGE.test(image.trim()) ? 'curl' : undefined;

/**
 * How to read an argv as shell: the `-c` script of a shell, a direct curl/wget call, or nothing.
 * `entrypoint`: the program the image runs with `items` as its arguments (`curlimages/curl`).
 */
export function planArgv<T>(items: readonly T[], text: (t: T) => string | undefined, entrypoint?: string): ArgvPlan<T> | undefined {
  const n = Math.min(items.length, MAX_ITEMS);
  // The image's entry script runs a command given first (`sh -c …`, `curl …`) as it is.
  const lead = n > 0 ? text(items[0]!) : undefined;
  if (entrypoint !== undefined && lead !== undefined && !SHELLS.has(base(lead)) && !DIRECT.has(base(lead))) {
    const words = [entrypoint];
    for (let i = 0; i < n; i++) {
      const w = text(items[i]!);
      if (w === undefined) return undefined;
      words.push(shellQuote(w));
    }
    return { kind: 'direct', commandLine: words.join(' '), first: items[0]! };
  }
  for (let i = 0; i < n; i++) {
    const word = text(items[i]!);
    if (word === undefined || !SHELLS.has(base(word))) continue;
    // Flags before the script: `bash -e -o pipefail -c`, `sh -ec`.
    for (let j = i + 1; j < n; j++) {
      const flag = text(items[j]!)?.trim();
      if (flag === undefined || !flag.startsWith('-')) break;
      if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(flag)) {
        const script = items[j + 1];
        return script !== undefined && text(script) !== undefined ? { kind: 'shell', item: script } : undefined;
      }
      if (flag === '-o') j++;
    }
    return undefined;
  }
  const first = items[0];
  const word = first !== undefined ? text(first) : undefined;
  if (first === undefined || word === undefined || !DIRECT.has(base(word))) return undefined;
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    const w = text(items[i]!);
    if (w === undefined) return undefined;
    words.push(i === 0 ? w : shellQuote(w));
  }
  return { kind: 'direct', commandLine: words.join(' '), first };
}
