import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The body as sent, unzipped when the client gzipped it. */
  body: string;
}

export interface FakeRegistry {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}

export type Answer = { status: number; body?: string };

/**
 * A registry on 127.0.0.1 that records every request (method, path, headers, body) and answers with
 * `answer`; by default `{}` to everything, which is what the advisory endpoint answers for a clean tree.
 */
export async function startFakeRegistry(answer: (req: RecordedRequest) => Answer = () => ({ status: 200, body: '{}' })): Promise<FakeRegistry> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip' && body.length) body = gunzipSync(body);
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: body.toString('utf8') };
      requests.push(recorded);
      const { status, body: text = '' } = answer(recorded);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/`, port, requests, close: () => close(server) };
}

export interface FakeProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The `host:port` of every CONNECT and the URL of every plain request the proxy was asked for. */
  asked: string[];
  close: () => Promise<void>;
}

/** An HTTP proxy that refuses every tunnel (403): it shows where a client meant to go, without the internet. */
export async function startRefusingProxy(): Promise<FakeProxy> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.writeHead(403, { 'content-length': '0' });
    res.end();
  });
  server.on('connect', (req, socket) => {
    asked.push(req.url ?? '');
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, asked, close: () => close(server) };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The advisory the bulk endpoint gives for qs 6.10.2, and the packument npm then reads to name the fix. */
export const QS_ADVISORY = {
  id: 1088901,
  url: 'https://github.com/advisories/GHSA-hrpp-h998-j3pp',
  title: 'qs vulnerable to Prototype Pollution',
  severity: 'high',
  vulnerable_versions: '>=6.10.0 <6.10.3',
  cwe: ['CWE-1321'],
  cvss: { score: 7.5, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
};

export const QS_PACKUMENT = {
  name: 'qs',
  'dist-tags': { latest: '6.10.3' },
  versions: { '6.10.2': { name: 'qs', version: '6.10.2' }, '6.10.3': { name: 'qs', version: '6.10.3' } },
};

/** A registry that knows one advisory (qs 6.10.2) the way the public registry answers it. */
export function qsRegistryAnswer(req: RecordedRequest): Answer {
  if (req.method === 'POST' && req.url === '/-/npm/v1/security/advisories/bulk') {
    const asked = JSON.parse(req.body) as Record<string, string[]>;
    return { status: 200, body: JSON.stringify(asked.qs?.includes('6.10.2') ? { qs: [QS_ADVISORY] } : {}) };
  }
  if (req.method === 'GET' && req.url === '/qs') return { status: 200, body: JSON.stringify(QS_PACKUMENT) };
  return { status: 404, body: '{"error":"not found"}' };
}
