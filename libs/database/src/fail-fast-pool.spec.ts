import { createServer, type Server, type Socket } from 'node:net';
import { Pool } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { failFastPoolOptions, isQueryTimeout } from './fail-fast-pool';

const AUTHENTICATION_OK = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]);
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);

/** An ErrorResponse (syntax error) followed by ReadyForQuery. */
function syntaxError(): Buffer {
  const fields = Buffer.from('SERROR\0C42601\0Msyntax error\0\0', 'latin1');
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields, READY_FOR_QUERY]);
}

/**
 * Just enough of a PostgreSQL server on loopback: it lets every client in, then answers each
 * statement with `reply` — or, without one, swallows it without a word, as a database behind a
 * network partition would.
 */
async function fakeDatabase(
  reply?: Buffer,
): Promise<{ server: Server; port: number; open: Set<Socket> }> {
  const open = new Set<Socket>();
  const server = createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.once('data', () => {
      socket.write(Buffer.concat([AUTHENTICATION_OK, READY_FOR_QUERY]));
      if (reply) socket.on('data', () => socket.write(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, open };
}

describe('failFastPoolOptions', () => {
  let database: Awaited<ReturnType<typeof fakeDatabase>> | undefined;
  let pool: Pool | undefined;

  afterEach(async () => {
    await pool?.end().catch(() => undefined);
    for (const socket of database?.open ?? []) socket.destroy();
    await new Promise((resolve) => (database ? database.server.close(resolve) : resolve(null)));
  });

  it('maps the limits onto node-postgres and turns TCP keepalive on', () => {
    const options = failFastPoolOptions({ connectMs: 2_000, queryMs: 1_500, querySet: false });
    expect(options).toMatchObject({
      connectionTimeoutMillis: 2_000,
      query_timeout: 1_500,
      keepAlive: true,
    });
    expect(typeof options.onConnect).toBe('function');
    const off = failFastPoolOptions({ connectMs: 0, queryMs: 0, querySet: true });
    expect(off).not.toHaveProperty('query_timeout');
  });

  it('fails a statement nobody answers and discards its connection instead of reusing it', async () => {
    database = await fakeDatabase();
    pool = new Pool({
      host: '127.0.0.1',
      port: database.port,
      user: 'tessera',
      database: 'tessera',
      ...failFastPoolOptions({ connectMs: 1_000, queryMs: 200, querySet: true }),
    });
    const client = await pool.connect();
    const started = Date.now();
    const failure = await client.query('SELECT 1').catch((error: unknown) => error);
    expect(isQueryTimeout(failure)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    // The ROLLBACK a transaction sends next fails at once instead of waiting out another limit.
    await expect(client.query('ROLLBACK')).rejects.toThrow(/not queryable|terminated/);
    client.release();
    expect(pool.totalCount).toBe(0);
    await expect.poll(() => database?.open.size).toBe(0); // the socket was closed
  });

  it('keeps a connection whose statement failed for another reason', async () => {
    database = await fakeDatabase(syntaxError());
    pool = new Pool({
      host: '127.0.0.1',
      port: database.port,
      user: 'tessera',
      database: 'tessera',
      ...failFastPoolOptions({ connectMs: 1_000, queryMs: 200, querySet: true }),
    });
    const client = await pool.connect();
    await expect(client.query('SELEC 1')).rejects.toThrow('syntax error');
    client.release();
    expect(pool.totalCount).toBe(1);
    expect(pool.idleCount).toBe(1);
  });
});

describe('isQueryTimeout', () => {
  it("recognises node-postgres' read timeout only", () => {
    expect(isQueryTimeout(new Error('Query read timeout'))).toBe(true);
    expect(isQueryTimeout(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isQueryTimeout('Query read timeout')).toBe(false);
  });
});
