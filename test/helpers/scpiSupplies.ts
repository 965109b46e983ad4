/** Emulated supplies on loopback port 0 and drivers connected to them, for the SCPI supply tests. */
import { EmulatorServer } from '../../src-main/emulators/core/EmulatorServer.js';
import type {
  EmulatedInstrument,
  EmulatorContext,
  EmulatorDefinition,
} from '../../src-main/emulators/core/types.js';
import type { ScpiPort } from '../../src-main/instruments/scpi/ScpiPort.js';
import { openScpiPort } from '../../src-main/instruments/scpi/transport/index.js';
import type { ScpiPacing } from '../../src-main/instruments/scpi/transport/index.js';
import type { Clock } from '../../src-main/util/clock.js';

/** A clock for an emulated instrument's physics that moves only when told. */
export function manualClock(startMs = 1_000_000): Clock & { advance(ms: number): void } {
  let now = startMs;
  return { nowMs: () => now, advance: (ms) => void (now += ms) };
}

/**
 * Starts `create`'s instrument on 127.0.0.1, a free port; the instrument is returned for inspection. Its
 * physics runs on `clock` (the system clock when absent).
 */
export async function startEmulated<I extends EmulatedInstrument>(
  name: string,
  create: (context: EmulatorContext) => I,
  clock?: Clock,
): Promise<{ server: EmulatorServer; instrument: I; port: number }> {
  let instrument: I | undefined;
  const definition: EmulatorDefinition = {
    name,
    description: `${name} under test`,
    defaultPort: 0,
    rateBytesPerS: 10_000_000,
    replyLatencyMs: 0,
    create: (context) => (instrument = create(context)),
  };
  const server = await EmulatorServer.start(definition, { port: 0, ...(clock && { clock }) });
  return { server, instrument: instrument!, port: server.address.port };
}

/** A port opener whose ports record every command sent (writes and queries), in order. */
export function recordingOpener(
  port: number,
  pacing: Partial<ScpiPacing> = {},
): { open: (signal?: AbortSignal) => Promise<ScpiPort>; sent: string[] } {
  const sent: string[] = [];
  const open = async (signal?: AbortSignal): Promise<ScpiPort> => {
    const inner = await openScpiPort({ host: '127.0.0.1', port }, pacing, signal);
    return {
      write: (command, options) => {
        sent.push(command);
        return inner.write(command, options);
      },
      query: (command, options) => {
        sent.push(command);
        return inner.query(command, options);
      },
      queryBlock: (command, options) => {
        sent.push(command);
        return inner.queryBlock(command, options);
      },
      resync: () => inner.resync(),
      stats: () => inner.stats(),
      close: () => inner.close(),
    };
  };
  return { open, sent };
}
