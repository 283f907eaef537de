import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import { ALLOWED_HOSTS } from './hosts.js';
import type { Transport, TransportFactory, VerifyResponse } from './types.js';

/** Enough for the small JSON or XML documents the verifiers read. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * The transport the check uses, the only one outside the tests: HTTPS to port 443 of a host from the
 * verifiers' fixed list. Node's https client follows no redirect. Its own agent takes no proxy from the
 * environment, it trusts only the CA certificates bundled with Node (not NODE_EXTRA_CA_CERTS), and it
 * always checks the certificate (NODE_TLS_REJECT_UNAUTHORIZED=0 does not turn that off), so that no
 * configuration can have a secret read on its way.
 */
export const httpsTransport: TransportFactory = (host) => {
  if (!ALLOWED_HOSTS.has(host)) throw new Error(`no verifier sends secrets to ${host}`);
  const transport: Transport = (req, signal) =>
    new Promise<VerifyResponse>((resolve, reject) => {
      if (!/^\/(?!\/)[\x21-\x7e]*$/.test(req.path)) {
        reject(new Error('a verifier path must be absolute and printable'));
        return;
      }
      if (signal.aborted) {
        reject(new Error('aborted'));
        return;
      }
      // The timeout covers the whole exchange, the answer's body included.
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      const body = req.body === undefined ? undefined : Buffer.from(req.body);
      const outgoing = request(
        {
          protocol: 'https:',
          host,
          servername: host,
          port: 443,
          method: req.method,
          path: req.path,
          headers: { ...req.headers, host, ...(body ? { 'content-length': String(body.length) } : {}) },
          agent: false,
          ca: [...rootCertificates],
          // Whatever NODE_TLS_REJECT_UNAUTHORIZED says: a secret never goes to a host that cannot prove its name.
          rejectUnauthorized: true,
          signal,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const headers: Record<string, string | undefined> = {};
          for (const [name, value] of Object.entries(incoming.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          const done = () => resolve({ status: incoming.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
          incoming.on('data', (chunk: Buffer) => {
            if (size >= MAX_BODY_BYTES) return;
            chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
            size += chunk.length;
            if (size >= MAX_BODY_BYTES) {
              incoming.destroy();
              done();
            }
          });
          incoming.on('end', done);
          incoming.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  return transport;
};
