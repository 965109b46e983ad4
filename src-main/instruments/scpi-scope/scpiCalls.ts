/**
 * Typed calls over a ScpiPort for the scope drivers: numbers, booleans and words parsed strictly (a reply
 * that is not what the command answers is a protocol error naming the command and the reply), and a
 * setting followed by `:SYST:ERR?` so the instrument's own refusal reaches the user as an error instead of
 * silence.
 */
import { DriverError } from '../InstrumentDriver.js';
import { splitIdentity } from '../scpi/identity.js';
import type { ScpiPort } from '../scpi/ScpiPort.js';

export class ScpiCalls {
  readonly #port: ScpiPort;
  readonly #who: string;

  constructor(port: ScpiPort, who: string) {
    this.#port = port;
    this.#who = who;
  }

  get port(): ScpiPort {
    return this.#port;
  }

  write(command: string, signal?: AbortSignal): Promise<void> {
    return this.#port.write(command, { signal });
  }

  query(command: string, signal?: AbortSignal): Promise<string> {
    return this.#port.query(command, { signal }).then((reply) => reply.trim());
  }

  async number(command: string, signal?: AbortSignal): Promise<number> {
    const reply = await this.query(command, signal);
    const value = Number(reply);
    if (reply === '' || !Number.isFinite(value)) throw this.#unexpected(command, reply, 'a number');
    return value;
  }

  async bool(command: string, signal?: AbortSignal): Promise<boolean> {
    const reply = (await this.query(command, signal)).toUpperCase();
    if (reply === '1' || reply === 'ON') return true;
    if (reply === '0' || reply === 'OFF') return false;
    throw this.#unexpected(command, reply, '1 or 0');
  }

  /** A word reply, upper case, that must be one of `choices`. */
  async word<T extends string>(command: string, choices: readonly T[], signal?: AbortSignal): Promise<T> {
    const reply = (await this.query(command, signal)).toUpperCase();
    const match = choices.find((c) => c === reply);
    if (match === undefined) throw this.#unexpected(command, reply, `one of ${choices.join(', ')}`);
    return match;
  }

  /**
   * Sends a setting, then asks `:SYST:ERR?`; an error the instrument queued is thrown as
   * DriverError('invalid_value') with its text, after draining the rest of the queue.
   */
  async set(command: string, signal?: AbortSignal): Promise<void> {
    await this.write(command, signal);
    const error = await this.query(':SYST:ERR?', signal);
    const code = Number.parseInt(error, 10);
    if (!Number.isFinite(code)) throw this.#unexpected(':SYST:ERR?', error, 'an error number and text');
    if (code === 0) return;
    for (let i = 0; i < 20 && !(await this.query(':SYST:ERR?', signal)).startsWith('0'); i++);
    throw new DriverError(`${this.#who} refused "${command}": ${error}`, 'invalid_value', {
      command,
      instrument_error: error,
    });
  }

  #unexpected(command: string, reply: string, expected: string): DriverError {
    return new DriverError(
      `${this.#who} answered "${reply.slice(0, 80)}" to ${command}; expected ${expected}`,
      'protocol',
      { command, reply: reply.slice(0, 200) },
    );
  }
}

/** Splits an `*IDN?` reply into its four fields; DriverError('protocol') when it has fewer. */
export function parseIdn(
  reply: string,
  who: string,
): { vendor: string; model: string; serial: string; firmware: string } {
  const identity = splitIdentity(reply);
  if (!identity) {
    throw new DriverError(
      `${who} answered "${reply.slice(0, 80)}" to *IDN?; expected vendor,model,serial,firmware`,
      'protocol',
    );
  }
  return identity;
}
