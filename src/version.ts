import { isExpectedIoError, isParseError, rethrowUnless } from './errors.js';
import { readFileSync } from 'node:fs';
import { packagePath } from './package-files.js';

/** The package's version, read once from its package.json. */
export const TOOL_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch (e) {
    rethrowUnless(e, isExpectedIoError, isParseError);
    return '0.0.0';
  }
})();
