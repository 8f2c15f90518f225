/** Nesting beyond this is refused before the `yaml` library sees it. */
export const MAX_YAML_NESTING = 400;

/**
 * An upper bound of the nesting depth of a YAML text: flow brackets, plus per line the
 * indentation and the compact indicators (`- - x`, `a: b: c`). It matters because `yaml`
 * composes collections recursively and relies on catching the stack overflow; when that overflow
 * lands inside V8's regexp compiler the process dies with an uncatchable "out of memory".
 * Quotes are ignored, so brackets inside strings only make the bound larger.
 */
export function yamlNestingDepth(text: string): number {
  let max = 0;
  let flow = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    let i = lineStart;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    let block = i - lineStart;
    for (; i < end; i++) {
      const c = text[i];
      if (c === '[' || c === '{') max = Math.max(max, ++flow);
      else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
      else if ((c === '-' || c === ':' || c === '?') && (i + 1 === end || text[i + 1] === ' ')) block++;
    }
    max = Math.max(max, block + flow);
    lineStart = end + 1;
  }
  return max;
}
