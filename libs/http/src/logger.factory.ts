import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';
import type { TesseraSettings } from '@tessera/config';

const LEVELS: Record<TesseraSettings['log']['level'], LevelWithSilent> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  fatal: 'fatal',
  panic: 'fatal',
};

/**
 * The process logger, from Hydra's `log.level` and `log.format` (`json` for machines,
 * `json_pretty` indented, `text` for people).
 */
export function createLogger(
  settings: TesseraSettings['log'],
  destination: NodeJS.WritableStream = process.stdout,
): Logger {
  const options = {
    level: LEVELS[settings.level],
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
  return pino(options, stream(settings.format, destination));
}

function stream(
  format: TesseraSettings['log']['format'],
  destination: NodeJS.WritableStream,
): DestinationStream {
  if (format === 'text') {
    const colorize = (destination as { isTTY?: boolean }).isTTY === true;
    return pretty({
      destination,
      sync: true,
      colorize,
      singleLine: true,
      translateTime: 'SYS:standard',
      ignore: 'pid,hostname',
    });
  }
  if (format === 'json' && destination === process.stdout) {
    // Writes to a pipe or file are synchronous in Node.js: one blocking write per request line on
    // the hot path. Asynchronous writes coalesce the lines of concurrent requests; pino flushes
    // what is buffered when the process exits.
    return pino.destination({ dest: 1, sync: false });
  }
  if (format === 'json_pretty') {
    return {
      write: (line: string) => destination.write(`${JSON.stringify(JSON.parse(line), null, 2)}\n`),
    };
  }
  return destination as DestinationStream;
}
