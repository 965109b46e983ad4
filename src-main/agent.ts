/**
 * `benchtop agent`: one bench, headless, on the fleet. The backend runs without any listener; the bench is
 * reached only through its NATS subjects. Logs go to stderr; stdout stays empty.
 */
import os from 'node:os';
import path from 'node:path';
import { AGENT_USAGE, parseAgentOptions } from './agentOptions.js';
import { startBackend } from './backend.js';
import { BenchFileError } from './bench/index.js';
import { CliError } from './cliOptions.js';
import { prepareDataDir } from './dataDir.js';
import {
  BenchAgent,
  connectToFleet,
  credentialsFromEnvironment,
  describeServer,
  NatsConfigError,
} from './fleet/index.js';
import { createLogger } from './util/index.js';

/** Runs the agent; resolves with an exit code, or -1 while it keeps running. */
export async function runAgent(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseAgentOptions(argv);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    process.stderr.write(`benchtop agent: ${err.message}\n\n${AGENT_USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(AGENT_USAGE);
    return 0;
  }
  const log = createLogger(options.logLevel);
  let credentials;
  try {
    credentials = credentialsFromEnvironment(process.env, options.creds);
  } catch (err) {
    process.stderr.write(`benchtop agent: ${(err as Error).message}\n`);
    return 2;
  }
  let dataDir: string;
  try {
    dataDir = await prepareDataDir(
      options.dataDir ?? path.join(os.homedir(), '.benchtop', 'agents', options.name),
    );
  } catch (err) {
    process.stderr.write(`benchtop agent: --data-dir: ${(err as Error).message}\n`);
    return 2;
  }
  let nc;
  try {
    nc = await connectToFleet({
      url: options.nats,
      credentials,
      name: `benchtop-agent ${options.name}`,
      log,
    });
  } catch (err) {
    if (!(err instanceof NatsConfigError)) throw err;
    log.error(err.message);
    return 1;
  }
  let backend;
  try {
    backend = await startBackend({ log, dataDir, benchFile: options.bench, serveHttp: false });
  } catch (err) {
    await nc.close();
    if (err instanceof BenchFileError) {
      process.stderr.write(`benchtop agent: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const agent = new BenchAgent({ nc, bench: options.name, backend, log });
  await agent.start();
  log.info(`bench ${options.name} on the fleet at ${describeServer(options.nats)}`);
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') log.warn(`fleet: lost ${describeServer(options.nats)}; reconnecting`);
      else if (status.type === 'reconnect') log.info(`fleet: reconnected to ${describeServer(options.nats)}`);
    }
  })();
  const shutdown = (signal: string): void => {
    log.info(`${signal}: leaving the fleet`);
    agent
      .close()
      .then(() => nc.drain())
      .then(() => backend.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return -1;
}
