/** The SPD3303X's SYST:STAT? word, decoded by the guide's bit table. */
import { describe, expect, it } from 'vitest';
import { decodeSpd3303xStatus } from '../../../../src-main/instruments/siglent-spd3303x/spd3303xStatus.js';

describe('SPD3303X status word', () => {
  it("decodes the guide's example 0x0224: independent, CH2 on, both CV", () => {
    expect(decodeSpd3303xStatus('0x0224')).toEqual({
      constantCurrent: [false, false],
      outputOn: [false, true],
      tracking: 'independent',
    });
  });

  it('reads CC per channel, both outputs and the coupling bits (10 parallel, 11 series)', () => {
    expect(decodeSpd3303xStatus('0x0039')).toEqual({
      constantCurrent: [true, false],
      outputOn: [true, true],
      tracking: 'parallel',
    });
    expect(decodeSpd3303xStatus('0x3e').tracking).toBe('series');
    expect(decodeSpd3303xStatus('0x3E').constantCurrent).toEqual([false, true]);
  });

  it('refuses anything but a hex word, as a protocol error', () => {
    for (const bad of ['', '224', '0x', 'status 0x0224', '0xZZ']) {
      expect(() => decodeSpd3303xStatus(bad), bad).toThrow(/SYST:STAT\?/);
    }
  });
});
