/**
 * Connecting to the fleet's NATS server with credentials from a file or the environment — never from a
 * flag (flags show in `ps`) and never logged: every secret is handed to the logger's redaction before
 * anything else happens, and the server is only ever named by host and port.
 */
import { readFile } from 'node:fs/promises';
import {
  connect,
  credsAuthenticator,
  type NatsConnection,
  type NodeConnectionOptions,
} from '@nats-io/transport-node';
import type { Logger } from '../util/index.js';

/** How the fleet authenticates; all optional (a lab broker without auth needs none). */
export interface NatsCredentials {
  /** A NATS `.creds` file (user JWT and nkey seed): `--creds FILE` or BENCHTOP_NATS_CREDS. */
  credsFile?: string;
  /** BENCHTOP_NATS_TOKEN. */
  token?: string;
  /** BENCHTOP_NATS_USER and BENCHTOP_NATS_PASSWORD. */
  user?: string;
  password?: string;
}

export class NatsConfigError extends Error {
  override name = 'NatsConfigError';
}

/** Credentials from the environment, with `--creds` (when given) taking the file's place. */
export function credentialsFromEnvironment(
  env: NodeJS.ProcessEnv,
  credsFlag: string | undefined,
): NatsCredentials {
  const nonEmpty = (v: string | undefined): string | undefined =>
    v === undefined || v === '' ? undefined : v;
  const user = nonEmpty(env.BENCHTOP_NATS_USER);
  const password = nonEmpty(env.BENCHTOP_NATS_PASSWORD);
  if ((user === undefined) !== (password === undefined)) {
    throw new NatsConfigError(
      'BENCHTOP_NATS_USER and BENCHTOP_NATS_PASSWORD go together: set both or neither',
    );
  }
  return {
    credsFile: credsFlag ?? nonEmpty(env.BENCHTOP_NATS_CREDS),
    token: nonEmpty(env.BENCHTOP_NATS_TOKEN),
    user,
    password,
  };
}

/** `nats://host:port` as given, checked; `nats://user:pass@…` is refused (secrets stay out of argv). */
export function parseNatsUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new NatsConfigError(`--nats: "${text}" is not a URL; expected nats://host:port`);
  }
  if (url.protocol !== 'nats:' && url.protocol !== 'tls:') {
    throw new NatsConfigError(`--nats: expected a nats:// or tls:// URL, got ${url.protocol}//`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new NatsConfigError(
      '--nats: put no user or password in the URL (it shows in `ps`); use BENCHTOP_NATS_USER/PASSWORD, BENCHTOP_NATS_TOKEN or --creds',
    );
  }
  if (url.hostname === '') throw new NatsConfigError(`--nats: "${text}" names no host`);
  return url;
}

/** The server for messages: host and port only. */
export function describeServer(url: URL): string {
  return `${url.hostname}:${url.port === '' ? '4222' : url.port}`;
}

/**
 * Connects, reconnecting by itself forever (a broker restart must never need a person). `name` is shown
 * in the server's connection list.
 */
export async function connectToFleet(options: {
  url: URL;
  credentials: NatsCredentials;
  name: string;
  log: Logger;
}): Promise<NatsConnection> {
  const { url, credentials, log } = options;
  if (credentials.token !== undefined) log.redact(credentials.token);
  if (credentials.password !== undefined) log.redact(credentials.password);
  const connectOptions: NodeConnectionOptions = {
    servers: describeServer(url),
    name: options.name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    pingInterval: 2_000,
    maxPingOut: 2,
  };
  if (credentials.credsFile !== undefined) {
    let creds: Uint8Array;
    try {
      creds = await readFile(credentials.credsFile);
    } catch (err) {
      throw new NatsConfigError(
        `cannot read the NATS credentials file ${credentials.credsFile}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`,
      );
    }
    connectOptions.authenticator = credsAuthenticator(creds);
  } else if (credentials.token !== undefined) {
    connectOptions.token = credentials.token;
  } else if (credentials.user !== undefined) {
    connectOptions.user = credentials.user;
    connectOptions.pass = credentials.password;
  }
  if (url.protocol === 'tls:') connectOptions.tls = {};
  try {
    return await connect(connectOptions);
  } catch (err) {
    // The client's message may quote what it sent; say only what a person can act on.
    const reason = err instanceof Error ? err.message : String(err);
    throw new NatsConfigError(`cannot connect to NATS at ${describeServer(url)} (${reason})`);
  }
}
