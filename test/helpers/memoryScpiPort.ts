/**
 * A ScpiPort over an emulated instrument in this process: each call runs the instrument's handler at
 * once, with none of the network's timing. For driver and emulator tests below the transport; the
 * loopback tests use the real transport and server.
 */
import { DriverError } from '../../src-main/instruments/InstrumentDriver.js';
import type { ScpiLinkStats, ScpiPort } from '../../src-main/instruments/scpi/ScpiPort.js';
import type { ScpiReply } from '../../src-main/emulators/scope/scpiCommands.js';

export interface MemoryInstrument {
  handle(message: string): ScpiReply;
}

export class MemoryScpiPort implements ScpiPort {
  readonly #instrument: MemoryInstrument;
  /** Every program message sent, in order. */
  readonly sent: string[] = [];
  #closed = false;

  constructor(instrument: MemoryInstrument) {
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

  stats(): ScpiLinkStats {
    return {
      queries: 0,
      writes: 0,
      latencyP50Ms: 0,
      latencyP95Ms: 0,
      receiveBytesPerS: 0,
      bytesSent: 0,
      bytesReceived: 0,
      timeouts: 0,
      resyncs: 0,
      errors: 0,
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #run(command: string): ScpiReply {
    if (this.#closed) throw new DriverError('port closed', 'disconnected');
    this.sent.push(command);
    return this.#instrument.handle(command);
  }
}
