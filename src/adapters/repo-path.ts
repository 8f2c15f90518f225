// Paths as the facts carry them: relative to the scan root (the current folder), with `/`.

/** The folder a path's file is in ('' for the scan root). */
export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
