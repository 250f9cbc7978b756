import { Command } from 'commander';
import { tesseraVersion } from '@tessera/config';
import type { CliIo } from './cli-io';

/** `tessera version`, in Hydra's format. */
export function versionCommand(io: CliIo): Command {
  return new Command('version').description('Show the version of this build').action(() => {
    io.stdout.write(`Version:    ${tesseraVersion()}\n`);
  });
}
