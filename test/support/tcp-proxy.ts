import { createConnection, createServer, Server, Socket } from 'node:net';
import { freePort } from './processes';

/**
 * A TCP proxy the test controls, between an app and PostgreSQL (or Redis): `cutAll()` drops every
 * open connection at once, as a failover or a network blip does, while new connections still work.
 */
export class TcpProxy {
  private readonly pairs = new Set<[Socket, Socket]>();
  private server?: Server;
  private refusing = false;
  port = 0;
  /** Bytes the app has sent through the proxy (its statements, for PostgreSQL): a measure of how much work it asked for. */
  bytesToTarget = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<this> {
    this.port = await freePort();
    this.server = createServer((client) => {
      if (this.refusing) {
        client.resetAndDestroy();
        return;
      }
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.on('data', (chunk: Buffer) => (this.bytesToTarget += chunk.length));
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    return this;
  }

  get openConnections(): number {
    return this.pairs.size;
  }

  /** Resets every open connection (both sides see the socket die mid-conversation). */
  cutAll(): number {
    const n = this.pairs.size;
    for (const [client, upstream] of [...this.pairs]) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.pairs.clear();
    return n;
  }

  /**
   * An outage (a failover, a restart): every open connection is cut and each new one is reset as
   * soon as it opens, until `up()`.
   */
  down(): number {
    this.refusing = true;
    return this.cutAll();
  }

  up(): void {
    this.refusing = false;
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A proxy the test owns in front of the database of `databaseUrl`, and that database's URL through it. */
export async function databaseProxy(databaseUrl: string): Promise<{ proxy: TcpProxy; url: string }> {
  const target = new URL(databaseUrl);
  const proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
  const viaProxy = new URL(databaseUrl);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  return { proxy, url: viaProxy.toString() };
}
