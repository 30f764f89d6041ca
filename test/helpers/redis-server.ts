// A real redis-server for tests and benchmarks, on a free 127.0.0.1 port with its own temp dir
// (never the machine's shared server on 6379). It can be SIGKILLed and restarted on the same
// port and dir, so tests can check what survives in the AOF.
//
// Readiness is probed with a raw RESP PING (no client library): a server loading its AOF
// answers -LOADING, and the helper waits for +PONG.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/** Path of redis-server, or undefined when it is not installed (tests then skip, saying why). */
export const redisServerPath: string | undefined = CANDIDATES.find((path) => existsSync(path));

export const REDIS_SKIP_NOTICE = 'redis-server is not installed (apt-get install redis-server): Redis tests skipped';

export interface RedisServerOptions {
  /** appendonly yes with appendfsync everysec. @default false */
  readonly aof?: boolean;
  /** Also listen on a unix socket, `<dir>/redis.sock`. @default false */
  readonly unixSocket?: boolean;
  /** Extra command-line settings, e.g. ['--maxmemory', '0']. */
  readonly args?: readonly string[];
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** The unix socket's path, when asked for. */
  readonly socketPath: string | undefined;
  /** The server's process id (changes on restart). */
  readonly pid: number;
  /** Sends SIGKILL and waits for the process to be gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and dir (after kill, or stops it first). */
  restart(): Promise<void>;
  /** Stops the server and removes its dir. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** One PING over a fresh connection: resolves with the first reply line, or the error text. */
function ping(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const done = (reply: string): void => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(1000, () => done('timeout'));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('\r\n')) done(data.split('\r\n')[0] ?? '');
    });
    socket.on('error', (error) => done((error as NodeJS.ErrnoException).code ?? error.message));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  if (redisServerPath === undefined) throw new Error(REDIS_SKIP_NOTICE);
  const binary = redisServerPath;
  const dir = await mkdtemp(join(tmpdir(), 'trawl-redis-'));
  let port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';

  const args = (): string[] => [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--save', '',
    '--appendonly', options.aof ? 'yes' : 'no',
    '--appendfsync', 'everysec',
    '--daemonize', 'no',
    '--logfile', '',
    ...(options.unixSocket ? ['--unixsocket', join(dir, 'redis.sock'), '--unixsocketperm', '700'] : []),
    ...(options.args ?? []),
  ];

  async function launch(): Promise<void> {
    log = '';
    const proc = spawn(binary, args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`redis-server exited at start:\n${log}`);
      const reply = await ping(port);
      // A server with requirepass answers -NOAUTH: it is up all the same.
      if (reply === '+PONG' || reply.startsWith('-NOAUTH')) return;
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`redis-server did not answer PING within 30 s:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  // Another process may take the free port between the probe and the bind: try a few ports.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/i.test(log)) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
      port = await freePort();
    }
  }

  const kill = async (): Promise<void> => {
    if (child === undefined) return;
    child.kill('SIGKILL');
    await exited(child);
  };

  return {
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dir,
    socketPath: options.unixSocket ? join(dir, 'redis.sock') : undefined,
    get pid() {
      return child?.pid ?? -1;
    },
    kill,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      if (child !== undefined && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child?.kill('SIGKILL'), 5000);
        await exited(child);
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
