// A Prefect block built only to be stored (`creds = DbtCloudCredentials(...)`, `creds.save("name")`):
// one rule for the Python adapter, which reports no call there, and the keyword-line audit.

/** Whether `name` occurs in `text` (Python) and every use of it, its assignments aside, is `.save(...)`. */
export function everyUseIsSave(text: string, name: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  const uses = [...text.matchAll(new RegExp(`(?<![\\w.])${name}\\b(?!\\s*=[^=])(\\s*\\.\\s*save\\s*\\()?`, 'g'))];
  return uses.length > 0 && uses.every((m) => m[1] !== undefined);
}
