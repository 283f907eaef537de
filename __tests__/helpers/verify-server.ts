// A local HTTP server that answers like the providers do, and a transport that takes each verifier's
// requests to it instead of the provider's host (the host is kept in the Host header, so the server knows
// which provider is asked). Only the tests build such a transport: the check's is HTTPS to the fixed hosts.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Transport, TransportFactory, VerifyResponse } from '../../src/checks/secrets/verify/types.js';

export interface Received {
  host: string;
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
  at: number;
}

export interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** `hang`: accept the request and never answer. */
export type Handler = (request: Received) => Reply | 'hang' | Promise<Reply | 'hang'>;

export class FakeProviders {
  readonly received: Received[] = [];
  /** Hosts the transport factory was asked for, in order. */
  readonly hostsAsked: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  handler: Handler = () => ({ status: 500, body: '{}' });

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(handler?: Handler): Promise<FakeProviders> {
    const holder: { fake?: FakeProviders } = {};
    const server = createServer((req, res) => {
      void (holder.fake as FakeProviders).serve(req).then((reply) => {
        if (reply === 'hang') return;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const fake = new FakeProviders(server, (server.address() as AddressInfo).port);
    holder.fake = fake;
    if (handler) fake.handler = handler;
    return fake;
  }

  private async serve(req: IncomingMessage): Promise<Reply | 'hang'> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const received: Received = { host: headers.host ?? '', method: req.method ?? '', path: req.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
    this.received.push(received);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.handler(received);
    } finally {
      this.inFlight--;
    }
  }

  /** The verifier's request goes to this server, with the provider's host in the Host header. Follows no redirect. */
  readonly transportFor: TransportFactory = (host) => {
    this.hostsAsked.push(host);
    const transport: Transport = (req, signal) =>
      new Promise<VerifyResponse>((resolve, reject) => {
        if (signal.aborted) return reject(new Error('aborted'));
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        const outgoing = request({ host: '127.0.0.1', port: this.port, method: req.method, path: req.path, headers: { ...req.headers, host }, signal, agent: false }, (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (c: Buffer) => chunks.push(c));
          incoming.on('end', () => {
            const headers: Record<string, string | undefined> = {};
            for (const [name, value] of Object.entries(incoming.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
            resolve({ status: incoming.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
          });
          incoming.on('error', reject);
        });
        outgoing.on('error', reject);
        outgoing.end(req.body);
      });
    return transport;
  };

  reset(handler?: Handler): void {
    this.received.length = 0;
    this.hostsAsked.length = 0;
    this.maxInFlight = 0;
    if (handler) this.handler = handler;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
