import { createServer, type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerUnparsableRequests } from './unparsable-request';

let server: Server | undefined;

async function serve(listener: RequestListener): Promise<number> {
  server = createServer(listener);
  answerUnparsableRequests(server);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends raw bytes and reads everything until the server closes the connection. */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

function parse(raw: string): { status: number; type: string; body: unknown } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]);
  const type = /content-type: ([^\r]+)/i.exec(head)?.[1] ?? '';
  return { status, type, body: JSON.parse(body) };
}

const ok: RequestListener = (_request, response) => response.end('ok');

afterEach(() => {
  server?.close();
  server = undefined;
});

describe('answerUnparsableRequests', () => {
  it('answers header fields over the limit with 431 and a JSON error', async () => {
    const port = await serve(ok);
    const huge = `GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Basic ${'A'.repeat(40_000)}\r\n\r\n`;
    const answer = parse(await exchange(port, huge));
    expect(answer.status).toBe(431);
    expect(answer.type).toMatch(/^application\/json/);
    expect(answer.body).toMatchObject({ error: 'invalid_request' });
  });

  it('answers a malformed request line with 400 and a JSON error', async () => {
    const port = await serve(ok);
    const answer = parse(await exchange(port, 'NOT HTTP AT ALL\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_request' });
  });

  it('answers an expectation other than 100-continue with 417 and a JSON error', async () => {
    const port = await serve(ok);
    const answer = parse(
      await exchange(
        port,
        'POST / HTTP/1.1\r\nHost: a\r\nExpect: foo\r\nContent-Length: 0\r\n\r\n',
      ),
    );
    expect(answer.status).toBe(417);
    expect(answer.body).toMatchObject({ error: 'invalid_request' });
  });

  it('writes no status line into the response to an earlier request on the connection', async () => {
    const port = await serve(ok);
    const raw = await exchange(port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\nBROKEN\r\n\r\n');
    expect(raw.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(raw.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });
});
