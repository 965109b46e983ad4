/**
 * Assembles the backend — instruments, stream manager, server — for both the Electron shell and the
 * plain-Node CLI. Nothing here imports `electron`.
 */
import { InstrumentRegistry } from './instruments/InstrumentRegistry.js';
import type { InstrumentDriver } from './instruments/InstrumentDriver.js';
import { DEMO_BENCH, SimPowerSupply } from './instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from './instruments/scope/SimOscilloscope.js';
import { generateToken } from './server/auth.js';
import { BenchtopServer, type BenchtopServerOptions } from './server/BenchtopServer.js';
import { StreamManager } from './streams/StreamManager.js';
import type { Logger } from './util/log.js';
import { APP_VERSION } from './version.js';

export interface BackendOptions {
  /** Interface to bind; 127.0.0.1 unless the user explicitly asked for another. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to a fresh 256-bit random token. */
  token?: string;
  staticDir?: string;
  log: Logger;
  /** Instruments to serve; defaults to the simulators. */
  drivers?: InstrumentDriver[];
  heartbeatIntervalMs?: number;
  extraOrigins?: string[];
  /** Simultaneous connections accepted; more are closed with 4429. Defaults to MAX_CONNECTIONS (64). */
  maxConnections?: number;
  /** Extra HTTP handlers by path (benchmarks); see BenchtopServerOptions.httpRoutes. */
  httpRoutes?: BenchtopServerOptions['httpRoutes'];
  /** Seed for the simulators, for reproducible runs. */
  seed?: number;
}

export interface Backend {
  host: string;
  port: number;
  token: string;
  /** Dashboard URL with the token in the fragment (never sent to the server in a request line). */
  dashboardUrl: string;
  /** WebSocket endpoint, without the token. */
  wsUrl: string;
  server: BenchtopServer;
  streams: StreamManager;
  registry: InstrumentRegistry;
  close(): Promise<void>;
}

export function defaultDrivers(seed = Date.now()): InstrumentDriver[] {
  return [
    new SimPowerSupply({ id: 'psu_1', seed, initial: DEMO_BENCH }),
    // A different seed per instrument, so the two simulators' noise is not the same sequence.
    new SimOscilloscope({ id: 'scope_1', seed: seed + 1 }),
  ];
}

export async function startBackend(options: BackendOptions): Promise<Backend> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? generateToken();
  options.log.redact(token);
  const registry = new InstrumentRegistry(options.drivers ?? defaultDrivers(options.seed));
  const streams = new StreamManager(registry, { log: options.log });
  const server = new BenchtopServer({
    host,
    port: options.port ?? 0,
    token,
    registry,
    streams,
    log: options.log,
    version: APP_VERSION,
    staticDir: options.staticDir,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    extraOrigins: options.extraOrigins,
    maxConnections: options.maxConnections,
    httpRoutes: options.httpRoutes,
  });
  let address: { host: string; port: number };
  try {
    address = await server.listen();
  } catch (err) {
    streams.close();
    await registry.close();
    throw err;
  }
  const hostForUrl = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    host: address.host,
    port: address.port,
    token,
    dashboardUrl: `http://${hostForUrl}:${address.port}/#token=${token}`,
    wsUrl: `ws://${hostForUrl}:${address.port}/ws`,
    server,
    streams,
    registry,
    async close() {
      streams.close();
      await server.close();
      await registry.close();
    },
  };
}
