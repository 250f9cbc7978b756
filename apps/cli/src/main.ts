import 'reflect-metadata';
import { processIo } from './cli-io';
import { runCli } from './program';

/** Entry point of `bin/tessera`. Servers keep the process alive; other commands end with their code. */
void runCli(process.argv.slice(2), processIo()).then((code) => {
  if (code !== 0) process.exitCode = code;
});
