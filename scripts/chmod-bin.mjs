// tsc does not keep the executable bit; npm sets it on install, a local checkout needs it set here.
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
