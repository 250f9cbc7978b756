import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestId } from './request-id';

/**
 * One log line per request (pino-http), installed before everything else so that body-parser
 * errors and unknown routes are logged too. Query strings may carry tokens or challenges, so they
 * are logged only with `log.leak_sensitive_values`; health probes log at debug.
 */
export function requestLogging(logger: Logger, leakSensitiveValues: boolean): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: requestId,
    customLogLevel: (request, response, error) => logLevel(request, response.statusCode, error),
    serializers: {
      req: (request: IncomingMessage & { id?: unknown }) => ({
        id: request.id,
        method: request.method,
        url: leakSensitiveValues ? request.url : request.url?.split('?')[0],
      }),
      res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
    },
  }) as unknown as RequestHandler;
}

function logLevel(
  request: IncomingMessage,
  status: number,
  error: Error | undefined,
): 'debug' | 'info' | 'error' {
  if (error || status >= 500) return 'error';
  const url = request.url ?? '';
  if (url.startsWith('/health/') || url.startsWith('/admin/health/')) return 'debug';
  return 'info';
}
