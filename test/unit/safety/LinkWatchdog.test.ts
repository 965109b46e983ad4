/**
 * The link-loss watchdog's countdown, driven by session events on hand-run timers: when it starts, what
 * cancels it, and that nothing but the last authenticated session's departure restarts it.
 */
import { describe, expect, it } from 'vitest';
import type { InstrumentEvent } from '../../../src-main/instruments/InstrumentDriver.js';
import { DEMO_BENCH, SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { LinkWatchdog } from '../../../src-main/safety/LinkWatchdog.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { openRegistry } from '../../helpers/hosts.js';
import { ManualTimers } from '../../helpers/manualTimers.js';

async function setUp(afterS = 3): Promise<{
  watchdog: LinkWatchdog;
  timers: ManualTimers;
  events: InstrumentEvent[];
  ch1(): Promise<boolean>;
  enableCh1(): Promise<unknown>;
}> {
  const psu = new SimPowerSupply({ id: 'psu_1', seed: 1, initial: DEMO_BENCH });
  const timers = new ManualTimers();
  const events: InstrumentEvent[] = [];
  const watchdog = new LinkWatchdog({
    config: { afterS, mode: 'off' },
    registry: await openRegistry([psu]),
    emit: (e) => events.push(e),
    log: silentLogger,
    timers,
    now: () => 1_700_000_000_000 + timers.nowMs,
  });
  return {
    watchdog,
    timers,
    events,
    ch1: async () => (await psu.getParameters()).channels[1]!.output_enabled as boolean,
    enableCh1: () => psu.setParameter('output_enabled', true, 1),
  };
}

async function advance(s: Awaited<ReturnType<typeof setUp>>, ms: number): Promise<void> {
  s.timers.advance(ms);
  await s.watchdog.settled();
}

describe('LinkWatchdog', () => {
  it('counts down from start-up, when nobody has connected yet', async () => {
    const s = await setUp();
    expect(s.watchdog.armed).toBe(true);
    await advance(s, 2_999);
    expect(s.events).toHaveLength(0);
    await advance(s, 1);
    expect(s.events).toMatchObject([
      { kind: 'safe_state', level: 'alarm', equipmentId: 'psu_1', timestampMs: 1_700_000_003_000 },
    ]);
    expect(await s.ch1()).toBe(false);
  });

  it('cancels the countdown when a session authenticates and restarts it when that session ends', async () => {
    const s = await setUp();
    await advance(s, 2_000);
    s.watchdog.sessionAuthenticated('a');
    expect(s.watchdog.armed).toBe(false);
    await advance(s, 60_000);
    expect(s.events).toHaveLength(0);
    s.watchdog.sessionEnded('a');
    await advance(s, 2_999); // the full delay again, not what was left of the first countdown
    expect(s.events).toHaveLength(0);
    await advance(s, 1);
    expect(s.events).toHaveLength(1);
  });

  it('applies again after each visit, however short', async () => {
    const s = await setUp();
    await advance(s, 3_000);
    expect(s.events).toHaveLength(1);
    s.watchdog.sessionAuthenticated('visitor');
    await s.enableCh1();
    s.watchdog.sessionEnded('visitor');
    expect(await s.ch1()).toBe(true);
    await advance(s, 3_000);
    expect(s.events).toHaveLength(2);
    expect(await s.ch1()).toBe(false);
  });

  it('waits for the last of several sessions, and ignores the end of one it never counted', async () => {
    const s = await setUp();
    s.watchdog.sessionAuthenticated('a');
    s.watchdog.sessionAuthenticated('b');
    s.watchdog.sessionEnded('a');
    s.watchdog.sessionEnded('never-authenticated');
    s.watchdog.sessionEnded('a');
    expect(s.watchdog.sessionCount).toBe(1);
    expect(s.watchdog.armed).toBe(false);
    s.watchdog.sessionEnded('b');
    expect(s.watchdog.armed).toBe(true);
  });

  it('does nothing once stopped', async () => {
    const s = await setUp();
    s.watchdog.stop();
    expect(s.timers.pending).toBe(0);
    s.watchdog.sessionAuthenticated('a');
    s.watchdog.sessionEnded('a');
    await advance(s, 10_000);
    expect(s.events).toHaveLength(0);
  });

  it('refuses a delay that is not a positive number of seconds', async () => {
    for (const afterS of [0, -1, Number.NaN]) await expect(setUp(afterS)).rejects.toThrow(RangeError);
  });
});
