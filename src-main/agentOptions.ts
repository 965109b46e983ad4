/**
 * Flags of `benchtop agent`: a bench run headless on a lab PC, joined to a NATS JetStream fleet. Checked
 * like `serve`'s: a bad flag is a clear message and exit code 2.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { CliError, parseLogLevel } from './cliOptions.js';
import { isSubjectToken, parseNatsUrl } from './fleet/index.js';
import type { LogLevel } from './util/index.js';

export interface AgentOptions {
  nats: URL;
  /** Bench file (JSON) listing the instruments. */
  bench: string;
  /** The bench id on the fleet (a subject token). */
  name: string;
  /** A NATS .creds file; else BENCHTOP_NATS_CREDS / _TOKEN / _USER+_PASSWORD. */
  creds: string | undefined;
  dataDir: string | undefined;
  logLevel: LogLevel;
  help: boolean;
}

export const AGENT_USAGE = `Usage: benchtop agent --nats <url> --bench <file> [options]

Runs a bench headless (no HTTP, no dashboard) and joins the fleet on a NATS
JetStream server; a dashboard backend started with --nats sees it.

  --nats <url>       the NATS server, e.g. nats://lab-broker:4222 (no user or
                     password in the URL: use --creds or the environment)
  --bench <file>     bench file (JSON) listing the instruments
  --name <id>        the bench's id on the fleet: letters, digits, _ and -
                     (default: this computer's host name)
  --creds <file>     NATS credentials file (.creds); else the environment:
                     BENCHTOP_NATS_CREDS, BENCHTOP_NATS_TOKEN, or
                     BENCHTOP_NATS_USER with BENCHTOP_NATS_PASSWORD
  --data-dir <dir>   folder for the bench's acquisitions and event log
                     (default ~/.benchtop/agents/<id>)
  --log-level <lvl>  debug | info | warn | error (default info)
  -h, --help         show this help
`;

/** The host name as a bench id: characters NATS gives meaning to become `-`. */
export function defaultBenchName(hostname = os.hostname()): string {
  const name = hostname.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  return name === '' ? 'bench' : name;
}

export function parseAgentOptions(argv: string[]): AgentOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        nats: { type: 'string' },
        bench: { type: 'string' },
        name: { type: 'string' },
        creds: { type: 'string' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
  const help = values.help ?? false;
  if (help) {
    return {
      nats: new URL('nats://localhost'),
      bench: '',
      name: '',
      creds: undefined,
      dataDir: undefined,
      logLevel: 'info',
      help,
    };
  }
  if (values.nats === undefined) throw new CliError('--nats: required (the fleet’s NATS server URL)');
  let nats: URL;
  try {
    nats = parseNatsUrl(values.nats);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const bench = values.bench;
  if (bench === undefined || bench.trim() === '' || bench.includes('\0')) {
    throw new CliError('--bench: required, the bench file (JSON) listing the instruments');
  }
  const name = values.name ?? defaultBenchName();
  if (!isSubjectToken(name)) {
    throw new CliError(
      `--name: "${name}" must be 1–64 letters, digits, _ or - (it becomes a NATS subject token)`,
    );
  }
  const creds = values.creds;
  if (creds !== undefined && (creds.trim() === '' || creds.includes('\0'))) {
    throw new CliError('--creds: expected a file path');
  }
  const logLevel = parseLogLevel(values['log-level']);
  return { nats, bench, name, creds, dataDir: values['data-dir'], logLevel, help };
}
