/**
 * An emulated instrument on a TCP port of the loopback interface. Like a Rigol, it serves one session at a
 * time: a second connection is accepted and never answered while the first is open (it is read once the
 * first closes, as the instrument's socket backlog would be).
 */
import { createServer, isIP } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createRandom } from '../../instruments/index.js';
import type { Clock } from '../../util/index.js';
import { CommandTable } from './CommandTable.js';
import { EmulatorSession, REAL_SESSION_TIME, type SessionTime } from './EmulatorSession.js';
import { realNowMs } from './realTime.js';
import type { FaultRates } from './faults.js';
import { FaultInjector, NO_FAULTS } from './faults.js';
import type { EmulatedInstrument, EmulatorDefinition } from './types.js';

export interface EmulatorServerOptions {
  /** Loopback address to bind (127.0.0.1 by default, or ::1); anything else is refused. */
  host?: string;
  /** TCP port; 0 picks a free one. Default: the definition's port. */
  port?: number;
  rateBytesPerS?: number;
  replyLatencyMs?: number;
  faults?: FaultRates;
  seed?: number;
  clock?: Clock;
  /** When replies and settle times fall due; real time unless a test drives it. */
  time?: SessionTime;
}

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** The instrument's physics runs on real time even while a test fakes the process's clock. */
const emulatorClock: Clock = { nowMs: () => performance.timeOrigin + realNowMs() };

export class EmulatorServer<I extends EmulatedInstrument = EmulatedInstrument> {
  readonly definition: EmulatorDefinition<I>;
  readonly instrument: I;
  readonly table: CommandTable;
  readonly faults: FaultInjector;
  readonly #server: Server;
  readonly #link: { rateBytesPerS: number; replyLatencyMs: number };
  readonly #time: SessionTime;
  #session: { socket: Socket; session: EmulatorSession } | undefined;
  readonly #waiting: Socket[] = [];
  #connections = 0;

  private constructor(definition: EmulatorDefinition<I>, options: EmulatorServerOptions) {
    this.definition = definition;
    const seed = options.seed ?? 1;
    this.instrument = definition.create({ clock: options.clock ?? emulatorClock, seed });
    this.table = new CommandTable(this.instrument);
    this.faults = new FaultInjector(options.faults ?? NO_FAULTS, createRandom(seed ^ 0x5eed));
    this.#link = {
      rateBytesPerS: options.rateBytesPerS ?? definition.rateBytesPerS,
      replyLatencyMs: options.replyLatencyMs ?? definition.replyLatencyMs,
    };
    this.#time = options.time ?? REAL_SESSION_TIME;
    this.#server = createServer({ pauseOnConnect: true, noDelay: true }, (socket) => this.#accept(socket));
  }

  /** Starts listening; rejects with a readable Error when the address is not loopback or the port is taken. */
  static async start<I extends EmulatedInstrument>(
    definition: EmulatorDefinition<I>,
    options: EmulatorServerOptions = {},
  ): Promise<EmulatorServer<I>> {
    const host = options.host ?? '127.0.0.1';
    if (!isLoopback(host)) {
      throw new Error(`emulators listen on the loopback interface only (127.0.0.1 or ::1), not ${host}`);
    }
    const emulator = new EmulatorServer(definition, options);
    const port = options.port ?? definition.defaultPort;
    await new Promise<void>((resolve, reject) => {
      emulator.#server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `${definition.name}: port ${port} on ${host} is already in use (try --port 0 for a free one)`
              : `${definition.name}: cannot listen on ${host}:${port}: ${err.message}`,
          ),
        );
      });
      emulator.#server.listen({ host, port }, () => resolve());
    });
    return emulator;
  }

  /** Where it listens. */
  get address(): { host: string; port: number } {
    const info = this.#server.address() as AddressInfo;
    return { host: info.address, port: info.port };
  }

  /** Connections accepted since start (including waiting ones). */
  get connections(): number {
    return this.#connections;
  }

  /** Drops the current session's connection (as a fault or a test would). */
  dropSession(): void {
    this.#session?.session.destroy();
  }

  async close(): Promise<void> {
    this.#session?.session.destroy();
    for (const socket of this.#waiting.splice(0)) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    this.#connections++;
    socket.on('error', () => socket.destroy());
    if (this.#session) {
      this.#waiting.push(socket);
      socket.once('close', () => {
        const i = this.#waiting.indexOf(socket);
        if (i >= 0) this.#waiting.splice(i, 1);
      });
      return;
    }
    this.#begin(socket);
  }

  #begin(socket: Socket): void {
    const session = new EmulatorSession(
      socket,
      this.table,
      this.faults,
      this.#link,
      () => {
        if (this.#session?.socket !== socket) return;
        this.#session = undefined;
        const next = this.#waiting.shift();
        if (next) this.#begin(next);
      },
      this.#time,
    );
    this.#session = { socket, session };
    session.start();
  }
}
