/**
 * An emulated instrument in this process, and a ScpiPort over it: each call runs the emulator's command
 * table at once, with none of the network's timing. For driver and emulator tests below the transport;
 * the loopback tests use the real transport and server.
 */
import { CommandTable } from '../../src-main/emulators/core/CommandTable.js';
import type { EmulatedInstrument, EmulatorDefinition, Reply } from '../../src-main/emulators/core/types.js';
import { DriverError } from '../../src-main/instruments/InstrumentDriver.js';
import type { ScpiLinkStats, ScpiPort } from '../../src-main/instruments/scpi/ScpiPort.js';
import type { Clock } from '../../src-main/util/clock.js';

export interface MemoryInstrument<I extends EmulatedInstrument> {
  instrument: I;
  /** Runs one program message; its (first) reply, or undefined when it answers nothing. */
  handle(message: string): Reply | undefined;
}

export function memoryInstrument<I extends EmulatedInstrument>(
  definition: EmulatorDefinition<I>,
  clock: Clock = { nowMs: () => 1_000 },
  seed = 1,
): MemoryInstrument<I> {
  const instrument = definition.create({ clock, seed });
  const table = new CommandTable(instrument);
  return { instrument, handle: (message) => table.execute(message).replies[0] };
}

export class MemoryScpiPort implements ScpiPort {
  readonly #instrument: Pick<MemoryInstrument<EmulatedInstrument>, 'handle'>;
  /** Every program message sent, in order. */
  readonly sent: string[] = [];
  #closed = false;

  constructor(instrument: Pick<MemoryInstrument<EmulatedInstrument>, 'handle'>) {
    this.#instrument = instrument;
  }

  async write(command: string): Promise<void> {
    this.#run(command);
  }

  async query(command: string): Promise<string> {
    const reply = this.#run(command);
    if (typeof reply !== 'string') {
      throw new DriverError(`no line reply to ${command}`, reply === undefined ? 'timeout' : 'protocol');
    }
    return reply;
  }

  async queryBlock(
    command: string,
    options?: { onProgress?(receivedBytes: number, totalBytes: number | undefined): void },
  ): Promise<Uint8Array> {
    const reply = this.#run(command);
    if (!(reply instanceof Uint8Array)) throw new DriverError(`no block reply to ${command}`, 'protocol');
    const digits = Number(String.fromCharCode(reply[1]!));
    const length = Number(Buffer.from(reply.subarray(2, 2 + digits)).toString('ascii'));
    const payload = reply.subarray(2 + digits, 2 + digits + length);
    options?.onProgress?.(payload.length, payload.length);
    return payload;
  }

  async resync(): Promise<void> {
    // Nothing can be out of step: every reply is taken when its command runs.
  }

  stats(): ScpiLinkStats {
    return {
      queries: 0,
      writes: 0,
      latencyP50Ms: 0,
      latencyP95Ms: 0,
      receiveBytesPerS: 0,
      sendBytesPerS: 0,
      bytesSent: 0,
      bytesReceived: 0,
      timeouts: 0,
      resyncs: 0,
      instrumentErrors: 0,
      parseErrors: 0,
      connects: 1,
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #run(command: string): Reply | undefined {
    if (this.#closed) throw new DriverError('port closed', 'disconnected');
    this.sent.push(command);
    return this.#instrument.handle(command);
  }
}
