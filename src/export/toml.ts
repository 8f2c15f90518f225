// The few TOML values a gitleaks config needs, written so that a regex reads as it is: a literal
// string ('…' or '''…''', no escapes) where the text allows, a basic string ("…", escaped)
// otherwise.

export function tomlString(value: string): string {
  const plain = !/[\u0000-\u001f\u007f]/.test(value);
  if (plain && !value.includes("'")) return `'${value}'`;
  // In a multi-line literal, a quote right before the closing ''' would be read as part of it.
  if (plain && !value.includes("'''") && !value.endsWith("'")) return `'''${value}'''`;
  return `"${value.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => (c === '\\' || c === '"' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}"`;
}

export function tomlArray(values: readonly string[]): string {
  return `[${values.map(tomlString).join(', ')}]`;
}
