/**
 * NATS credentials come from the environment or a file and never reach a log line or an error message:
 * an agent run with a token at debug level, and a refused connection, are both checked for the secret.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToFleet, credentialsFromEnvironment, parseNatsUrl } from '../../../src-main/fleet/index.js';
import { createLogger } from '../../../src-main/util/index.js';
import { waitFor, writeSimBench } from './fleetHelpers.js';
import { natsServerMissing, NatsServer } from './natsServer.js';

const missing = natsServerMissing();
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const TOKEN = 'fleet-secret-6f1c2d9a8b7e4f30';

describe.skipIf(missing !== undefined)(`NATS credentials${missing ? ` — SKIPPED: ${missing}` : ''}`, () => {
  let server: NatsServer;
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    server = await NatsServer.start(['--auth', TOKEN]);
    dir = await mkdtemp(path.join(os.tmpdir(), 'benchtop-creds-'));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await server?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('an agent authenticates with BENCHTOP_NATS_TOKEN and never logs it, even at debug level', async () => {
    const benchFile = await writeSimBench(dir);
    let stderr = '';
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src-main/cli.ts',
        'agent',
        '--nats',
        server.url,
        '--bench',
        benchFile,
        '--name',
        'secure-bench',
        '--data-dir',
        path.join(dir, 'agent'),
        '--log-level',
        'debug',
      ],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, BENCHTOP_NATS_TOKEN: TOKEN },
      },
    );
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    await waitFor(
      () => stderr.includes('joined the fleet'),
      () => `agent joined (stderr: ${stderr})`,
      90_000,
    );
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    expect(stderr).toContain('secure-bench');
    expect(stderr).not.toContain(TOKEN);
    expect(stdout).not.toContain(TOKEN);
  }, 120_000);

  it('a refused connection names the server, not the credentials', async () => {
    const lines: string[] = [];
    const log = createLogger('debug', (line) => lines.push(line));
    const wrong = `${TOKEN}-wrong`;
    const credentials = credentialsFromEnvironment({ BENCHTOP_NATS_TOKEN: wrong }, undefined);
    const attempt = connectToFleet({ url: parseNatsUrl(server.url), credentials, name: 'test', log });
    await expect(attempt).rejects.toThrow(`127.0.0.1:${server.port}`);
    const message = await attempt.catch((err: Error) => err.message);
    expect(message).not.toContain(wrong);
    log.info(`tried ${wrong}`);
    expect(lines.join('')).not.toContain(wrong);
  });
});

describe('NATS configuration', () => {
  it('refuses a user or password in the URL (it would show in ps)', () => {
    expect(() => parseNatsUrl('nats://alice:pw@broker:4222')).toThrow(/no user or password in the URL/);
    expect(() => parseNatsUrl('http://broker')).toThrow(/nats:\/\//);
    expect(parseNatsUrl('nats://broker:4222').hostname).toBe('broker');
  });

  it('reads credentials from the environment; --creds takes the file’s place; user and password go together', () => {
    expect(credentialsFromEnvironment({ BENCHTOP_NATS_CREDS: '/a.creds' }, undefined).credsFile).toBe(
      '/a.creds',
    );
    expect(credentialsFromEnvironment({ BENCHTOP_NATS_CREDS: '/a.creds' }, '/b.creds').credsFile).toBe(
      '/b.creds',
    );
    expect(() => credentialsFromEnvironment({ BENCHTOP_NATS_USER: 'u' }, undefined)).toThrow(/together/);
  });
});
