import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

interface ParserAnswer {
  readonly status: number;
  readonly reason: string;
  readonly description: string;
}

/** Node's HTTP parser error codes, mapped to the answers its own default handler gives. */
const ANSWERS: Readonly<Record<string, ParserAnswer>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    description: 'The request header fields are too large.',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    reason: 'Payload Too Large',
    description: 'The chunk extensions of the request body are too large.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    description: 'The request was not received in time.',
  },
};
const BAD_REQUEST: ParserAnswer = {
  status: 400,
  reason: 'Bad Request',
  description: 'The request is not well-formed HTTP/1.1.',
};

/**
 * A request the HTTP parser refuses (header fields over `--max-http-header-size`, a malformed
 * request line, a timeout) never reaches the application, and Node answers it with an empty body.
 * Every other error Tessera sends is `{error, error_description}` JSON (hydra-compat §2.13), so
 * these get the same shape, with the status Node would have used (RFC 9110 §15.5, RFC 6585 §5);
 * so does an `Expect` header Node refuses by itself.
 */
export function answerUnparsableRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code !== 'ECONNRESET' && socket.writable && !responseStarted(socket)) {
      socket.write(rawErrorResponse(ANSWERS[error.code ?? ''] ?? BAD_REQUEST));
    }
    socket.destroy(error);
  });
  // RFC 9110 §10.1.1: an expectation other than 100-continue gets a 417 (Node sends it bare).
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const body = errorBody('The Expect header field holds an expectation other than 100-continue.');
    response
      .writeHead(417, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        Connection: 'close',
      })
      .end(body);
  });
}

/**
 * Whether the socket already carries part of a response to an earlier request on the connection:
 * writing another status line into it would corrupt what the client reads. Node's default handler
 * makes the same check on the same field.
 */
function responseStarted(socket: Duplex): boolean {
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  return Boolean(inFlight?.headersSent);
}

function errorBody(description: string): string {
  return JSON.stringify({ error: 'invalid_request', error_description: description });
}

function rawErrorResponse(answer: ParserAnswer): string {
  const body = errorBody(answer.description);
  return [
    `HTTP/1.1 ${answer.status} ${answer.reason}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
