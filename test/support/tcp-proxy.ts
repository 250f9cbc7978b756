import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a database, so a test can make the database unreachable and bring it
 * back on the same port, without touching the shared server:
 *
 * - `stop()` refuses new connections and cuts the open ones, as a crashed database would;
 * - `blackhole()` keeps every connection open but lets no byte through in either direction, and
 *   accepts new connections that never reach the database, as a network partition would (no FIN,
 *   no RST: the peer only notices through its own timeouts);
 * - `start()` (or `restore()`) forwards new connections again. Connections that were black-holed
 *   stay dead — they neither forward nor close — so the client must give up on them by itself.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly links = new Set<Link>();
  private blackholed = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.blackholed = false;
    if (this.server) return this.port;
    // Half-open sockets: a black-holed connection must not answer the peer's FIN either.
    this.server = createServer({ allowHalfOpen: true }, (client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Refuses new connections and cuts the open ones, as a crashed database would. */
  async stop(): Promise<void> {
    this.blackholed = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.links.clear();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server = undefined;
  }

  /** From now on nothing gets through: open connections stall, new ones lead nowhere. */
  blackhole(): void {
    this.blackholed = true;
    for (const { client, upstream, hangUp } of this.links) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      // Not even the database closing its end gets through any more.
      upstream.off('close', hangUp);
      swallow(client);
      swallow(upstream);
    }
    this.links.clear();
  }

  /** New connections reach the database again; the black-holed ones stay dead. */
  async restore(): Promise<number> {
    return this.start();
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.blackholed) {
      swallow(client);
      return;
    }
    const upstream = createConnection(this.targetPort, this.targetHost);
    this.track(upstream);
    const link: Link = { client, upstream, hangUp: () => client.destroy() };
    this.links.add(link);
    client.pipe(upstream).pipe(client);
    client.on('close', () => {
      this.links.delete(link);
      upstream.destroy();
    });
    upstream.on('close', link.hangUp);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  }
}

/** A forwarded connection: the accepted socket, the one to the database, and what closes both. */
interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
  readonly hangUp: () => void;
}

/** Reads and drops whatever arrives, so the sender's bytes vanish. */
function swallow(socket: Socket): void {
  socket.on('data', () => undefined);
  socket.resume();
}
