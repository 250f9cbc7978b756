import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** Tessera's version, from the package.json of this installation (`v` + semver, as Hydra prints it). */
export function tesseraVersion(): string {
  if (cached) return cached;
  let directory = __dirname;
  for (let depth = 0; depth < 8; depth++) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'tessera' && manifest.version) return (cached = `v${manifest.version}`);
    } catch {
      // not here; look one level up
    }
    directory = dirname(directory);
  }
  return (cached = 'v0.0.0-unknown');
}
