import { describe, expect, it } from 'vitest';
import { parseLoads } from '../../../src-main/emulators/dp832/index.js';
import { parseEmulateArgs } from '../../../src-main/emulators/emulateArgs.js';

const KNOWN = ['dp832', 'ds1054z'];
const OWN_FLAGS = (name: string): string[] => (name === 'dp832' ? ['load'] : []);

describe('npm run emulate arguments', () => {
  it('gives each emulator the flags that follow its name', () => {
    expect(
      parseEmulateArgs(
        ['dp832', '--port', '0', '--faults', 'lost=0.5', 'ds1054z', '--rate-bytes-per-s=1000'],
        KNOWN,
      ),
    ).toEqual({
      host: '127.0.0.1',
      instruments: [
        {
          name: 'dp832',
          port: 0,
          faults: { stall: 0, lostReply: 0.5, garbage: 0, disconnect: 0, stallMs: 3000 },
        },
        { name: 'ds1054z', rateBytesPerS: 1000 },
      ],
    });
  });

  it.each([
    [['dp999'], 'unknown emulator "dp999" (known: dp832, ds1054z)'],
    [[], 'name at least one emulator (known: dp832, ds1054z)'],
    [['--port', '5555', 'dp832'], '--port belongs after an emulator name (known: dp832, ds1054z)'],
    [['dp832', '--port'], '--port needs a value'],
    [['dp832', '--port', '70000'], '--port "70000": expected a TCP port from 0 (any free one) to 65535'],
    [['dp832', '--port', '5.5'], '--port "5.5": expected a TCP port from 0 (any free one) to 65535'],
    [
      ['dp832', '--colour', 'red'],
      'unknown flag --colour for dp832 (flags: --host, --port, --rate-bytes-per-s, --faults, --seed, --load)',
    ],
    [
      ['ds1054z', '--load', '1=10'],
      'unknown flag --load for ds1054z (flags: --host, --port, --rate-bytes-per-s, --faults, --seed)',
    ],
    [['dp832', '--faults', 'lost=2'], '--faults: lost must be a number from 0 to 1'],
    [
      ['dp832', '--faults', 'smoke=0.1'],
      '--faults: unknown fault "smoke" (known: stall, lost, garbage, disconnect, stall-ms)',
    ],
    [
      ['dp832', '--faults', 'lost'],
      '--faults: "lost" is not NAME=VALUE (names: stall, lost, garbage, disconnect, stall-ms)',
    ],
    [['dp832', '--port', '5555', 'ds1054z', '--port', '5555'], 'port 5555 is given to two emulators'],
  ])('refuses %j with a message saying what to type', (argv, message) => {
    expect(() => parseEmulateArgs(argv, KNOWN, OWN_FLAGS)).toThrow(message);
  });

  it("passes an emulator's own flags through to it", () => {
    expect(parseEmulateArgs(['dp832', '--load', '1=10,2=4.7'], KNOWN, OWN_FLAGS).instruments).toEqual([
      { name: 'dp832', flags: { load: '1=10,2=4.7' } },
    ]);
  });
});

describe('the DP832 emulator --load flag', () => {
  it('reads channel=ohms pairs and refuses anything else, naming what it expects', () => {
    expect(parseLoads('1=10, 3=4.7', 3)).toEqual([
      [1, 10],
      [3, 4.7],
    ]);
    expect(() => parseLoads('4=10', 3)).toThrow(
      '"4=10": expected CH=OHMS[,CH=OHMS] with CH from 1 to 3 and OHMS from 0.01 to 1000000',
    );
    expect(() => parseLoads('1=0', 3)).toThrow('"1=0": expected');
    expect(() => parseLoads('1:10', 3)).toThrow('"1:10": expected');
  });
});
