/**
 * A real nats-server with JetStream for the fleet tests: Debian's `/usr/sbin/nats-server -js` on a free
 * loopback port with a temporary store, started and stopped by pid. `restart()` keeps port and store, as
 * a broker restart in a lab would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { restartablePort } from '../../helpers/restartPort.js';

export const NATS_SERVER = '/usr/sbin/nats-server';

/** Why the fleet tests cannot run here, or undefined when they can. */
export function natsServerMissing(): string | undefined {
  try {
    accessSync(NATS_SERVER, constants.X_OK);
    return undefined;
  } catch {
    return `${NATS_SERVER} is missing: install Debian's nats-server package (apt-get install nats-server) to run the NATS fleet tests`;
  }
}

/** A loopback port nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class NatsServer {
  #child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly storeDir: string,
    readonly extraArgs: string[],
  ) {}

  /** The running server's pid (its CPU is read from /proc by the benchmarks); undefined when stopped. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(extraArgs: string[] = []): Promise<NatsServer> {
    const storeDir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-nats-'));
    // Below the ephemeral range: `restart()` reuses the port, and a port-0 port is back in the OS's pool
    // for every listen(0) and outgoing connection on the machine between the stop and the restart.
    const server = new NatsServer(await restartablePort(), storeDir, extraArgs);
    await server.#spawn();
    return server;
  }

  async #spawn(): Promise<void> {
    const child = spawn(
      NATS_SERVER,
      ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir, ...this.extraArgs],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.#child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`nats-server did not start:\n${output}`)), 15_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Server is ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited with ${code}:\n${output}`));
      });
    });
  }

  /** Stops the server (by its pid) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** Stops it and starts it again on the same port and store. */
  async restart(downMs: number): Promise<void> {
    await this.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.#spawn();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.storeDir, { recursive: true, force: true });
  }
}
