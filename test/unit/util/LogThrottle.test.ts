import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/util/log.js';
import { LogThrottle } from '../../../src-main/util/LogThrottle.js';

function setUp(): { throttle: LogThrottle; lines: string[]; clock: { nowMs: number } } {
  const lines: string[] = [];
  const clock = { nowMs: 0 };
  const log = createLogger('debug', (line) => lines.push(line.replace(/^\S+ /, '').trimEnd()));
  return { throttle: new LogThrottle(log, { intervalMs: 60_000, now: () => clock.nowMs }), lines, clock };
}

describe('LogThrottle', () => {
  it('writes one line per reason per minute and counts the rest into the next line', () => {
    const { throttle, lines, clock } = setUp();
    for (let i = 0; i < 1_000; i++) {
      clock.nowMs = i * 10; // 100 a second for 10 s
      throttle.warn('origin', `refused origin ${i}`);
    }
    expect(lines).toEqual(['WARN refused origin 0']);
    clock.nowMs = 59_999;
    throttle.warn('origin', 'refused origin late');
    expect(lines).toHaveLength(1);
    clock.nowMs = 60_000;
    throttle.warn('origin', 'refused origin next');
    expect(lines).toEqual([
      'WARN refused origin 0',
      'WARN refused origin next (and 1000 more like it since the last such line)',
    ]);
    clock.nowMs = 200_000;
    throttle.warn('origin', 'refused origin quiet');
    expect(lines.at(-1)).toBe('WARN refused origin quiet');
  });

  it('throttles each reason on its own', () => {
    const { throttle, lines, clock } = setUp();
    throttle.warn('origin', 'o1');
    throttle.warn('host', 'h1');
    throttle.warn('origin', 'o2');
    throttle.warn('host', 'h2');
    clock.nowMs = 61_000;
    throttle.warn('host', 'h3');
    expect(lines).toEqual(['WARN o1', 'WARN h1', 'WARN h3 (and 1 more like it since the last such line)']);
  });
});
