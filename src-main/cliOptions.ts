/**
 * Command-line flags of `benchtop serve`, validated: a bad flag is a clear message and exit code 2,
 * never a silently ignored typo.
 */
import { parseArgs } from 'node:util';
import { parseNatsUrl } from './fleet/index.js';
import { normalizeHostName, normalizeOrigin } from './server/index.js';
import type { LogLevel } from './util/index.js';

export interface CliOptions {
  host: string;
  port: number;
  /** Required to bind anything but a loopback address. */
  allowRemote: boolean;
  /** Further Host names to answer to (normalized), from repeated `--allow-host`. */
  allowedHosts: string[];
  /**
   * Further browser origins whose pages may open the socket (a dashboard served by another backend), from
   * repeated `--allow-origin`; `scheme://host[:port]` as browsers send them. The token is still required.
   */
  allowedOrigins: string[];
  logLevel: LogLevel;
  staticDir: string | undefined;
  /** Folder for acquisitions as given (checked and created at start-up); undefined: ~/.benchtop/data. */
  dataDir: string | undefined;
  /** Bench file to start from; undefined: the data folder's bench file, else the simulated pair. */
  bench: string | undefined;
  /** Safe state on link loss: seconds without any client; undefined (the default) for never. */
  safeStateAfterS: number | undefined;
  /** With safeStateAfterS: lower outputs to this voltage instead of turning them off. */
  safeStateVoltageV: number | undefined;
  /** The fleet's NATS server (`--nats`); undefined: no fleet, nothing changes. */
  nats: URL | undefined;
  /** A NATS .creds file (`--creds`); else the environment. */
  creds: string | undefined;
  help: boolean;
}

export class CliError extends Error {
  override name = 'CliError';
}

export const USAGE = `Usage: benchtop-serve [options]

  --host <addr>      interface to bind (default 127.0.0.1)
  --port <n>         TCP port, 0 for any free port (default 0)
  --allow-remote     required with a --host that is not loopback: exposes the
                     instruments to the network (anyone with the token)
  --allow-host <name>
                     also answer requests addressed to <name> (repeatable);
                     by default only the bound address, localhost, 127.0.0.1
                     and [::1] are, which keeps DNS-rebinding pages out
  --allow-origin <origin>
                     let dashboards served from <origin> (e.g. another
                     backend's http://127.0.0.1:5173) open this backend's
                     socket (repeatable); they still need its token
  --log-level <lvl>  debug | info | warn | error (default info)
  --static-dir <dir> folder of the built dashboard (default: next to the CLI)
  --safe-state-after <s>
                     <s> seconds after the last client with the token left,
                     turn power-supply outputs off (default: off, never)
  --safe-state-voltage <V>
                     with --safe-state-after: lower outputs to <V> instead
  --data-dir <dir>   folder for acquisitions, created if missing; must be
                     writable (default ~/.benchtop/data)
  --bench <file>     bench file (JSON) listing the instruments to serve
                     (default: the data folder's bench.json, which keeps
                     instruments added at run time; else the simulated pair)
  --nats <url>       also follow the benches of a NATS JetStream fleet
                     (nats://host:port); they appear through get_fleet
  --creds <file>     with --nats: NATS credentials file; else the environment
                     (BENCHTOP_NATS_CREDS / _TOKEN / _USER and _PASSWORD)
  -h, --help         show this help

  benchtop agent --help   runs a bench headless on a fleet
`;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** `--log-level`'s value (default info), refused with the levels there are. Shared by serve and agent. */
export function parseLogLevel(text: string | undefined): LogLevel {
  const logLevel = (text ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new CliError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}`);
  return logLevel;
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function parseCliOptions(argv: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        'allow-host': { type: 'string', multiple: true },
        'allow-origin': { type: 'string', multiple: true },
        'log-level': { type: 'string' },
        'static-dir': { type: 'string' },
        'safe-state-after': { type: 'string' },
        'safe-state-voltage': { type: 'string' },
        'data-dir': { type: 'string' },
        bench: { type: 'string' },
        nats: { type: 'string' },
        creds: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
  const host = values.host ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
    throw new CliError(`--host: "${host}" is not a host name or address`);
  const portText = values.port ?? '0';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    throw new CliError(`--port: expected a whole number from 0 to 65535, got "${portText}"`);
  }
  const logLevel = parseLogLevel(values['log-level']);
  const allowRemote = values['allow-remote'] ?? false;
  if (!isLoopback(host) && !allowRemote) {
    throw new CliError(
      `--host ${host} would expose the instruments beyond this computer; add --allow-remote if that is intended`,
    );
  }
  const allowedHosts = (values['allow-host'] ?? []).map((name) => {
    const normalized = normalizeHostName(name);
    if (normalized === undefined) {
      throw new CliError(`--allow-host: "${name}" is not a host name or address (no port, path or wildcard)`);
    }
    return normalized;
  });
  const allowedOrigins = (values['allow-origin'] ?? []).map((text) => {
    const origin = normalizeOrigin(text);
    if (typeof origin !== 'string') throw new CliError(`--allow-origin: "${text}" ${origin.problem}`);
    return origin;
  });
  const dataDir = values['data-dir'];
  if (dataDir !== undefined && (dataDir.trim() === '' || dataDir.includes('\0'))) {
    throw new CliError('--data-dir: expected a folder path');
  }
  const bench = values.bench;
  if (bench !== undefined && (bench.trim() === '' || bench.includes('\0'))) {
    throw new CliError('--bench: expected a file path');
  }
  const safeStateAfterS = optionalNumber(values['safe-state-after'], '--safe-state-after', 1, 86_400);
  const safeStateVoltageV = optionalNumber(values['safe-state-voltage'], '--safe-state-voltage', 0, 1_000);
  if (safeStateVoltageV !== undefined && safeStateAfterS === undefined) {
    throw new CliError('--safe-state-voltage needs --safe-state-after');
  }
  let nats: URL | undefined;
  try {
    nats = values.nats === undefined ? undefined : parseNatsUrl(values.nats);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (values.creds !== undefined && nats === undefined) throw new CliError('--creds needs --nats');
  return {
    host,
    port: Number(portText),
    allowRemote,
    allowedHosts,
    allowedOrigins,
    logLevel,
    staticDir: values['static-dir'],
    dataDir,
    bench,
    safeStateAfterS,
    safeStateVoltageV,
    nats,
    creds: values.creds,
    help: values.help ?? false,
  };
}

function optionalNumber(
  text: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new CliError(`${flag}: expected a number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
