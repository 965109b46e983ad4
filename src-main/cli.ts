/**
 * `npm run serve`: the backend under plain Node, serving the dashboard to a browser. Prints exactly one
 * line on stdout — the URL with the token — and logs everything else to stderr.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runAgent } from './agent.js';
import { startBackend } from './backend.js';
import { BenchFileError } from './bench/index.js';
import { CliError, parseCliOptions, USAGE } from './cliOptions.js';
import { defaultDataDir, prepareDataDir } from './dataDir.js';
import {
  connectToFleet,
  credentialsFromEnvironment,
  describeServer,
  FleetBridge,
  FleetWatcher,
  NatsConfigError,
  type NatsCredentials,
} from './fleet/index.js';
import { createLogger, DEFAULT_LISTEN_RETRY_MS, type Logger } from './util/index.js';

interface Fleet {
  bridge: FleetBridge;
  close(): Promise<void>;
}

/** Follows the fleet at `url` (`--nats`): every bench's presence and history, and requests as this backend. */
async function joinFleet(url: URL, credentials: NatsCredentials, log: Logger): Promise<Fleet> {
  const controllerId = `dashboard-${os
    .hostname()
    .replace(/[^A-Za-z0-9_-]/g, '-')
    .slice(0, 48)}-${randomBytes(3).toString('hex')}`;
  const nc = await connectToFleet({ url, credentials, name: `benchtop ${controllerId}`, log });
  const watcher = new FleetWatcher({ nc, log });
  watcher.start();
  const bridge = new FleetBridge({ watcher, controllerId, log });
  log.info(`following the fleet at ${describeServer(url)} as ${controllerId}`);
  return {
    bridge,
    async close() {
      bridge.close();
      watcher.close();
      await nc.drain().catch(() => undefined);
    },
  };
}

/** Minimum length of a token supplied through BENCHTOP_TOKEN: as strong as a generated one. */
const MIN_ENV_TOKEN_LENGTH = 32;

/**
 * A fixed token from the environment (never a flag: flags are visible to every user in `ps`), so a
 * restarted backend accepts dashboards that are already open. Unset: a fresh random token per launch.
 */
function tokenFromEnvironment(): string | undefined {
  const token = process.env.BENCHTOP_TOKEN;
  if (token === undefined || token === '') return undefined;
  if (token.length < MIN_ENV_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new CliError(
      `BENCHTOP_TOKEN must be at least ${MIN_ENV_TOKEN_LENGTH} URL-safe characters (A-Z a-z 0-9 _ -)`,
    );
  }
  return token;
}

async function main(): Promise<number> {
  if (process.argv[2] === 'agent') return runAgent(process.argv.slice(3));
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    process.stderr.write(`benchtop: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let token: string | undefined;
  try {
    token = tokenFromEnvironment();
  } catch (err) {
    process.stderr.write(`benchtop: ${(err as Error).message}\n`);
    return 2;
  }
  let dataDir: string;
  try {
    dataDir = await prepareDataDir(options.dataDir ?? defaultDataDir());
  } catch (err) {
    const flag = options.dataDir === undefined ? '' : '--data-dir: ';
    process.stderr.write(`benchtop: ${flag}${(err as Error).message}\n`);
    return 2;
  }
  const log = createLogger(options.logLevel);
  const staticDir = options.staticDir ?? fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(staticDir)) log.warn(`no dashboard build at ${staticDir}; run \`npm run build\``);
  if (options.allowRemote) {
    log.warn(
      `binding ${options.host}: the instruments are reachable from the network by anyone holding the token`,
    );
  }
  let fleet: Fleet | undefined;
  if (options.nats !== undefined) {
    try {
      fleet = await joinFleet(options.nats, credentialsFromEnvironment(process.env, options.creds), log);
    } catch (err) {
      if (!(err instanceof NatsConfigError)) throw err;
      process.stderr.write(`benchtop: ${err.message}\n`);
      return err.message.startsWith('cannot connect') ? 1 : 2;
    }
  }
  let backend;
  try {
    const safeState =
      options.safeStateAfterS === undefined
        ? undefined
        : {
            afterS: options.safeStateAfterS,
            mode: options.safeStateVoltageV === undefined ? ('off' as const) : ('voltage' as const),
            voltageV: options.safeStateVoltageV,
          };
    backend = await startBackend({
      host: options.host,
      port: options.port,
      allowedHosts: options.allowedHosts,
      extraOrigins: options.allowedOrigins,
      staticDir,
      log,
      token,
      dataDir,
      benchFile: options.bench,
      safeState,
      fleet: fleet?.bridge,
    });
  } catch (err) {
    await fleet?.close();
    if (err instanceof BenchFileError) {
      // A configuration mistake, like a bad flag: the message says where; nothing was started.
      process.stderr.write(`benchtop: ${err.message}\n`);
      return 2;
    }
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${options.port} on ${options.host} is already in use (waited ${DEFAULT_LISTEN_RETRY_MS / 1000} s for it to come free); choose another with --port (0 picks a free one)`
        : code === 'EADDRNOTAVAIL'
          ? `${options.host} is not an address of this computer`
          : (err as Error).message;
    process.stderr.write(`benchtop: cannot start: ${reason}\n`);
    return 1;
  }
  log.info(`acquisitions in ${backend.dataDir}`);
  // Handlers first: whoever reads the URL line may signal us at once, and must get a clean shutdown.
  const shutdown = (signal: string): void => {
    log.info(`${signal}: shutting down`);
    Promise.all([backend.close(), fleet?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.stdout.write(`Benchtop at ${backend.dashboardUrl}\n`);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`benchtop: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
