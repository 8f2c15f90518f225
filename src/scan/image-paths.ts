import { posix } from 'node:path';
import { folderOf } from '../adapters/repo-path.js';
import { IMAGE_MARK, isImagePath } from '../adapters/shared/ci-yaml/run-scripts.js';
import type { FileResult } from '../model/extracted.js';

// A script a DAG's container or command runs by its path inside the image (`python /app/trigger.py`)
// when no repository path ends with that path: the image was built from a folder of its own
// (`images/dbt-trigger/` holding `trigger.py` and the Dockerfile that copies it to `/app/`). The
// repository file whose name and last folders match, alone in the repository, under a folder that
// holds a Dockerfile (or at the root beside one), is that script.

const DOCKERFILE = /^(?:Dockerfile|Containerfile)(?:\.[^/]+)?$|\.(?:Dockerfile|Containerfile)$/i;

/** Finds files by their path inside an image, over the repository's files. */
export class ImagePaths {
  private readonly byName = new Map<string, string[]>();
  private readonly imageFolders = new Set<string>();

  constructor(files: readonly string[]) {
    for (const f of files) {
      const name = posix.basename(f);
      if (DOCKERFILE.test(name)) this.imageFolders.add(folderOf(f));
      const list = this.byName.get(name);
      if (list) list.push(f);
      else this.byName.set(name, [f]);
    }
  }

  /**
   * The repository file at `path` inside an image, or undefined when none or several could be:
   * among files under a Dockerfile's folder first; else (an image built elsewhere) the one file
   * of the repository with that name, unless the name is one every project has (`main.py`).
   */
  locate(path: string): string | undefined {
    const segs = path.split('/').filter((s) => s && s !== '.');
    if (segs.length === 0 || segs.includes('..')) return undefined;
    const name = segs[segs.length - 1]!;
    const named = this.byName.get(name) ?? [];
    const built = named.filter((f) => this.builtIntoImage(f));
    if (built.length > 0) return lastSegmentsMatch(built, segs);
    return GENERIC_NAME.test(name) ? undefined : lastSegmentsMatch(named, segs);
  }

  /** A Dockerfile in the file's folder or a folder above it. */
  private builtIntoImage(file: string): boolean {
    for (let d = folderOf(file), i = 0; i < 32; i++) {
      if (this.imageFolders.has(d)) return true;
      if (d === '') return false;
      d = folderOf(d);
    }
    return false;
  }
}

/** Names too common to stand for one file by themselves. */
const GENERIC_NAME =
  /^(?:main|app|run|index|server|cli|__main__|__init__|entrypoint|start|handler|script|wsgi|asgi|manage|setup|config|settings|utils?)\.\w+$/i;

/** The one of `files` ending with the most of the path's last segments (four at most, one at least). */
function lastSegmentsMatch(files: readonly string[], segs: readonly string[]): string | undefined {
  for (let n = Math.min(segs.length, 4); n >= 1; n--) {
    const tail = `/${segs.slice(-n).join('/')}`;
    const hits = files.filter((f) => `/${f}`.endsWith(tail));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) return undefined;
  }
  return undefined;
}

/** Places the `@image@` scripts the facts hand variables to (run-scripts.ts `IMAGE_MARK`); drops those not found. */
export function placeImagePaths(results: FileResult[], files: readonly string[]): void {
  if (!results.some((r) => r.scriptEnv.some((e) => isImagePath(e.script)))) return;
  const images = new ImagePaths(files);
  for (const r of results) {
    if (!r.scriptEnv.some((e) => isImagePath(e.script))) continue;
    r.scriptEnv = r.scriptEnv.flatMap((e) => {
      if (!isImagePath(e.script)) return [e];
      const found = images.locate(e.script.slice(IMAGE_MARK.length));
      return found ? [{ ...e, script: found }] : [];
    });
  }
}
