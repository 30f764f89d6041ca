// An HTTPS site on 127.0.0.1 port 0 with a certificate made for the test by openssl (for
// localhost and 127.0.0.1). Child processes trust it through NODE_EXTRA_CA_CERTS=<certFile>.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsSite {
  readonly url: string;
  readonly port: number;
  /** The certificate, PEM, to trust (NODE_EXTRA_CA_CERTS). */
  readonly certFile: string;
  readonly paths: string[];
  close(): Promise<void>;
}

export async function startTlsSite(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TlsSite> {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ], { stdio: 'pipe' });
  const paths: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    paths.push(req.url ?? '/');
    handler(req, res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    certFile,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
