/**
 * The command line of `npm run emulate`, as pure logic: emulator names, each followed by its own flags —
 * `dp832 --port 5555 --faults lost=0.01 ds1054z --port 0`. Every mistake is an Error saying what to type.
 */
import type { FaultRates } from './core/faults.js';
import { parseFaultSpec } from './core/faults.js';

export interface EmulatorRequest {
  name: string;
  port?: number;
  rateBytesPerS?: number;
  faults?: FaultRates;
  seed?: number;
  /** The emulator's own flags (name without dashes → value as typed). */
  flags?: Record<string, string>;
}

export interface EmulateArgs {
  host: string;
  instruments: EmulatorRequest[];
}

export const EMULATE_USAGE = `usage: npm run emulate -- [--host 127.0.0.1|::1] NAME [--port N] [--rate-bytes-per-s N]
       [--faults stall=P,lost=P,garbage=P,disconnect=P,stall-ms=MS] [--seed N] [NAME ...]`;

/**
 * `known` lists the emulator names; `ownFlags(name)` the flags an emulator has besides the common ones.
 */
export function parseEmulateArgs(
  argv: readonly string[],
  known: readonly string[],
  ownFlags: (name: string) => readonly string[] = () => [],
): EmulateArgs {
  let host = '127.0.0.1';
  const instruments: EmulatorRequest[] = [];
  const knownList = known.join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      if (!known.includes(arg)) throw new Error(`unknown emulator "${arg}" (known: ${knownList})`);
      instruments.push({ name: arg });
      continue;
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
    if (flag === '--host') {
      if (instruments.length > 0) throw new Error('--host comes before the emulator names');
      host = value;
      continue;
    }
    const current = instruments[instruments.length - 1];
    if (!current) throw new Error(`${flag} belongs after an emulator name (known: ${knownList})`);
    switch (flag) {
      case '--port':
        current.port = wholeNumber(flag, value, 0, 65_535, 'a TCP port from 0 (any free one) to 65535');
        break;
      case '--rate-bytes-per-s':
        current.rateBytesPerS = wholeNumber(flag, value, 1, 10_000_000_000, 'bytes per second, at least 1');
        break;
      case '--faults':
        current.faults = parseFaultSpec(value);
        break;
      case '--seed':
        current.seed = wholeNumber(flag, value, 0, 2 ** 32 - 1, 'a whole number from 0 to 4294967295');
        break;
      default: {
        const own = ownFlags(current.name);
        if (own.includes(flag.slice(2))) {
          current.flags = { ...current.flags, [flag.slice(2)]: value };
          break;
        }
        const extra = own.map((f) => `, --${f}`).join('');
        throw new Error(
          `unknown flag ${flag} for ${current.name} (flags: --host, --port, --rate-bytes-per-s, --faults, --seed${extra})`,
        );
      }
    }
  }
  if (instruments.length === 0) throw new Error(`name at least one emulator (known: ${knownList})`);
  const ports = instruments.map((r) => r.port).filter((p) => p !== undefined && p !== 0);
  const duplicate = ports.find((p, i) => ports.indexOf(p) !== i);
  if (duplicate !== undefined) throw new Error(`port ${duplicate} is given to two emulators`);
  return { host, instruments };
}

function wholeNumber(flag: string, text: string, min: number, max: number, expected: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`${flag} ${JSON.stringify(text)}: expected ${expected}`);
  }
  return value;
}
