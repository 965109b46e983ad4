/**
 * `npm run emulate -- dp832 [--port N] ...`: starts emulated instruments on the loopback interface and
 * prints one line per instrument with its address; runs until SIGINT/SIGTERM, then closes them all.
 */
import { EmulatorServer } from './core/EmulatorServer.js';
import { EMULATE_USAGE, parseEmulateArgs } from './emulateArgs.js';
import { EMULATORS } from './registry.js';

async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseEmulateArgs(argv, Object.keys(EMULATORS), (name) =>
      Object.keys(EMULATORS[name]?.flags ?? {}),
    );
  } catch (err) {
    process.stderr.write(`emulate: ${(err as Error).message}\n${EMULATE_USAGE}\n`);
    return 2;
  }
  const running: EmulatorServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(running.splice(0).map((emulator) => emulator.close()));
  };
  try {
    for (const request of args.instruments) {
      const definition = EMULATORS[request.name]!;
      const emulator = await EmulatorServer.start(definition, {
        host: args.host,
        ...(request.port !== undefined && { port: request.port }),
        ...(request.rateBytesPerS !== undefined && { rateBytesPerS: request.rateBytesPerS }),
        ...(request.faults !== undefined && { faults: request.faults }),
        ...(request.seed !== undefined && { seed: request.seed }),
      });
      running.push(emulator);
      for (const [flag, value] of Object.entries(request.flags ?? {})) {
        try {
          definition.flags![flag]!.apply(emulator.instrument, value);
        } catch (err) {
          throw new Error(`${definition.name} --${flag}: ${(err as Error).message}`, { cause: err });
        }
      }
      const { host, port } = emulator.address;
      const hostText = host.includes(':') ? `[${host}]` : host;
      process.stdout.write(
        `${definition.name.padEnd(10)} ${hostText}:${port}  ${definition.description}` +
          `  (sigrok: tcp-raw/${host}/${port}, VISA: TCPIP::${host}::${port}::SOCKET)\n`,
      );
    }
  } catch (err) {
    process.stderr.write(`emulate: ${(err as Error).message}\n`);
    await stop();
    return 1;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stop();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
