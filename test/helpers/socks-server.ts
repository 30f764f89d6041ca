// A minimal SOCKS server over node:net for tests, on 127.0.0.1 port 0: SOCKS5 (RFC 1928) with
// no authentication or username/password (RFC 1929), and SOCKS4/4a, CONNECT only. Each request
// is recorded in `used` with the address form the client sent ('ipv4', 'ipv6' or 'domain'),
// so a test can tell whether the client or the proxy resolved the name.
import { connect, createServer, isIPv4, type AddressInfo, type Server, type Socket } from 'node:net';

export interface SocksRequest {
  readonly version: 4 | 5;
  readonly host: string;
  readonly port: number;
  readonly form: 'ipv4' | 'ipv6' | 'domain';
}

export interface TestSocksServer {
  readonly port: number;
  /** socks5://127.0.0.1:<port> */
  readonly url: string;
  readonly used: SocksRequest[];
  close(): Promise<void>;
}

export interface SocksServerOptions {
  /** Require these credentials (SOCKS5 username/password); SOCKS4 then needs `user` as its user id. */
  readonly auth?: { readonly user: string; readonly password: string };
}

/** Reads exactly `n` bytes from a paused socket's stream of chunks. */
class Reader {
  #buffer = Buffer.alloc(0);
  #waiting: { n: number; resolve: (bytes: Buffer) => void } | undefined;
  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#drain();
    });
  }
  read(n: number): Promise<Buffer> {
    return new Promise((resolve) => {
      this.#waiting = { n, resolve };
      this.#drain();
    });
  }
  /** Bytes up to and including the next NUL (SOCKS4 strings). */
  async readString(): Promise<string> {
    const bytes: number[] = [];
    for (;;) {
      const [byte] = await this.read(1);
      if (byte === 0) return Buffer.from(bytes).toString('latin1');
      bytes.push(byte!);
    }
  }
  rest(): Buffer {
    const rest = this.#buffer;
    this.#buffer = Buffer.alloc(0);
    this.socket.removeAllListeners('data');
    return rest;
  }
  #drain(): void {
    const waiting = this.#waiting;
    if (waiting && this.#buffer.length >= waiting.n) {
      this.#waiting = undefined;
      const bytes = this.#buffer.subarray(0, waiting.n);
      this.#buffer = this.#buffer.subarray(waiting.n);
      waiting.resolve(bytes);
    }
  }
}

export async function startSocksServer(options: SocksServerOptions = {}): Promise<TestSocksServer> {
  const used: SocksRequest[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };

  const tunnel = (client: Socket, reader: Reader, host: string, port: number, reply: (ok: boolean) => Buffer): void => {
    const upstream = connect({ host, port }, () => {
      client.write(reply(true));
      const rest = reader.rest();
      if (rest.length > 0) upstream.write(rest);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.end(reply(false)));
  };

  const socks5 = async (client: Socket, reader: Reader): Promise<void> => {
    const [methodCount] = await reader.read(1);
    const methods = [...(await reader.read(methodCount!))];
    const wanted = options.auth ? 0x02 : 0x00;
    if (!methods.includes(wanted)) {
      client.end(Buffer.from([5, 0xff]));
      return;
    }
    client.write(Buffer.from([5, wanted]));
    if (options.auth) {
      const [, userLength] = await reader.read(2);
      const user = (await reader.read(userLength!)).toString();
      const [passwordLength] = await reader.read(1);
      const password = (await reader.read(passwordLength!)).toString();
      const ok = user === options.auth.user && password === options.auth.password;
      client.write(Buffer.from([1, ok ? 0 : 1]));
      if (!ok) {
        client.end();
        return;
      }
    }
    const [, command, , type] = await reader.read(4);
    let host: string;
    let form: SocksRequest['form'];
    if (type === 1) {
      host = [...(await reader.read(4))].join('.');
      form = 'ipv4';
    } else if (type === 4) {
      const bytes = await reader.read(16);
      host = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16)).join(':');
      form = 'ipv6';
    } else {
      const [length] = await reader.read(1);
      host = (await reader.read(length!)).toString();
      form = 'domain';
    }
    const port = (await reader.read(2)).readUInt16BE(0);
    used.push({ version: 5, host, port, form });
    const reply = (ok: boolean): Buffer => Buffer.from([5, ok ? 0 : 5, 0, 1, 0, 0, 0, 0, 0, 0]);
    if (command !== 1) {
      client.end(Buffer.from([5, 7, 0, 1, 0, 0, 0, 0, 0, 0]));
      return;
    }
    tunnel(client, reader, host, port, reply);
  };

  const socks4 = async (client: Socket, reader: Reader): Promise<void> => {
    const header = await reader.read(7);
    const port = header.readUInt16BE(1);
    const ip = [...header.subarray(3, 7)].join('.');
    const userId = await reader.readString();
    let host = ip;
    let form: SocksRequest['form'] = 'ipv4';
    if (ip.startsWith('0.0.0.') && ip !== '0.0.0.0') {
      host = await reader.readString(); // SOCKS4a: the proxy resolves the name
      form = 'domain';
    }
    used.push({ version: 4, host, port, form });
    const reply = (ok: boolean): Buffer => Buffer.from([0, ok ? 90 : 91, 0, 0, 0, 0, 0, 0]);
    if (options.auth && userId !== options.auth.user) {
      client.end(Buffer.from([0, 93, 0, 0, 0, 0, 0, 0]));
      return;
    }
    if (header[0] !== 1 || (form === 'ipv4' && !isIPv4(host))) {
      client.end(reply(false));
      return;
    }
    tunnel(client, reader, host, port, reply);
  };

  const server: Server = createServer((client) => {
    track(client);
    const reader = new Reader(client);
    void reader.read(1).then(async ([version]) => {
      if (version === 5) await socks5(client, reader);
      else if (version === 4) await socks4(client, reader);
      else client.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `socks5://127.0.0.1:${port}`,
    used,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
