import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress, outboundRequest } from './outbound-fetch';

describe('private address ranges (RFC 6890)', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.20.30.40', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['2001:4860:4860::8888', false],
    ['192.0.0.8', true],
    ['64:ff9b::a00:1', true],
    ['2002:a00:1::', true],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

/** Answers 200 at once, then one byte every 50 ms, never ending (until the peer goes away). */
function trickle(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  const timer = setInterval(() => response.write(' '), 50);
  response.on('close', () => clearInterval(timer));
}

describe('outboundRequest', () => {
  const options = { timeoutMs: 2_000, maxBytes: 1_000 };
  let server: Server;
  let port: number;
  const received: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(`${request.method} ${body}`);
        if (request.url === '/large') return response.end('x'.repeat(5_000));
        if (request.url === '/trickle') return trickle(response);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reaches a host by name when private addresses are allowed, POST bodies included', async () => {
    const answer = await outboundRequest(
      `http://localhost:${port}/`,
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' },
      { ...options, denyPrivateAddresses: false },
    );
    expect(answer).toEqual({ status: 200, contentType: 'application/json', body: '{"ok":true}' });
    expect(received).toContain('POST hello');
  });

  it('refuses a name that resolves to a private address, and a private literal', async () => {
    const denied = { ...options, denyPrivateAddresses: true };
    await expect(outboundRequest(`http://localhost:${port}/`, {}, denied)).rejects.toThrow(
      /private address/,
    );
    await expect(outboundRequest(`http://127.0.0.1:${port}/`, {}, denied)).rejects.toThrow(
      /private address/,
    );
  });

  it('cuts an answer at the size limit and refuses other schemes', async () => {
    const allowed = { ...options, denyPrivateAddresses: false };
    await expect(outboundRequest(`http://127.0.0.1:${port}/large`, {}, allowed)).rejects.toThrow(
      /too large/,
    );
    await expect(outboundRequest('file:///etc/passwd', {}, allowed)).rejects.toThrow(/not fetched/);
  });

  it('gives up when the whole answer has not come within the time limit, however it trickles', async () => {
    const closed = new Promise<void>((resolve) =>
      server.once('request', (_request, response: ServerResponse) =>
        response.on('close', () => resolve()),
      ),
    );
    const started = Date.now();
    await expect(
      outboundRequest(
        `http://127.0.0.1:${port}/trickle`,
        {},
        { timeoutMs: 300, maxBytes: 1_000, denyPrivateAddresses: false },
      ),
    ).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(2_000);
    await closed; // the connection is not left open either
  });
});
