/**
 * Acquisitions over the protocol against a real server: continuous, timed, single and triggered captures of
 * the simulated scope (and a supply), read back from disk and checked sample by sample against the signals
 * the instruments were set to.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/util/clock.js';
import { useTestBackend } from '../../helpers/backendFixture.js';
import { type TestClient, sleep } from '../../helpers/testBackend.js';
import {
  command,
  create,
  firstDeviation,
  readAll,
  startAcquisitionBackend,
  stateEvent,
  statesSeen,
  waitFor,
} from './helpers.js';

const fixture = useTestBackend({ starter: startAcquisitionBackend });
let client: TestClient;
/** A second client: every state change must reach it too. */
let watcher: TestClient;

beforeEach(async () => {
  client = await fixture.connect('binary');
  watcher = await fixture.connect('binary');
});

const FOUR = ['CH1', 'CH2', 'CH3', 'CH4'];

describe('continuous capture', () => {
  it('captures 4 channels for a timed run with the exact sample count and every sample as configured', async () => {
    const rateHz = 200_000;
    const durationS = 2;
    const created = await create(client, {
      equipment_id: 'scope_1',
      name: 'four channels',
      mode: 'continuous',
      sample_rate: rateHz,
      channels: FOUR,
      duration_s: durationS,
    });
    expect(created).toMatchObject({ state: 'idle', sample_rate: rateHz, target_samples: rateHz * durationS });
    expect(created.channels).toEqual(FOUR.map((name) => ({ name, unit: 'V' })));

    const started = await command(client, 'start_acquisition', created.acquisition_id);
    expect(started.state).toBe('running');
    const done = await stateEvent(watcher, created.acquisition_id, 'complete');
    expect(done.samples_captured).toBe(rateHz * durationS);
    expect(done.flushed).toBe(rateHz * durationS);
    // It ran in real time: the last sample is due durationS after the first.
    expect(done.updated_ms - done.t0_ms!).toBeGreaterThanOrEqual(durationS * 1000 - 1000 / rateHz);
    expect(statesSeen(watcher, created.acquisition_id)).toEqual(['idle', 'running', 'complete']);

    const { count, channels } = await readAll(fixture.backend, created.acquisition_id);
    expect(count).toBe(rateHz * durationS);
    // A gap or a repeat anywhere would put the sines out of phase from there on.
    ([1, 2, 3, 4] as const).forEach((ch) =>
      expect(firstDeviation(channels[ch - 1]!, ch, rateHz), `CH${ch}`).toBe(-1),
    );
  });

  it('stops an open-ended capture on request with exactly the samples due by then', async () => {
    // Acquisitions on a clock the test sets: however late a loaded machine runs the pump's timer, the
    // samples due are those of the clock's time, so the count is exact (it was rate × wall time, ± 150 ms).
    let nowMs = systemClock.nowMs();
    await fixture.stop();
    await fixture.start({ clock: { nowMs: () => nowMs } });
    const own = await fixture.connect('binary');
    const rateHz = 100_000;
    const { acquisition_id: id } = await create(own, {
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: rateHz,
      channels: ['CH2', 'CH4'],
    });
    const { t0_ms: t0Ms } = await command(own, 'start_acquisition', id);
    expect(t0Ms).toBe(nowMs);
    // 1.2 s on (and half a sample): samples 0 … 120,000 are due, and the pump's next tick produces them.
    nowMs += 1_200.005;
    const due = 120_001;
    await waitFor(() => fixture.backend.acquisitions.live(id)?.received === due);
    const stopped = await command(own, 'stop_acquisition', id);
    expect(stopped.state).toBe('complete');
    expect(stopped.samples_captured).toBe(due);
    const { channels } = await readAll(fixture.backend, id);
    expect(firstDeviation(channels[0]!, 2, rateHz)).toBe(-1);
    expect(firstDeviation(channels[1]!, 4, rateHz)).toBe(-1);
  });

  it('pauses and resumes: indices stay contiguous, the resume starts a new time segment', async () => {
    const rateHz = 50_000;
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'scope_1',
      mode: 'continuous',
      sample_rate: rateHz,
      channels: ['CH1'],
    });
    await command(client, 'start_acquisition', id);
    await sleep(300);
    const paused = await command(client, 'pause_acquisition', id);
    expect(paused.state).toBe('paused');
    await sleep(300);
    const atPause = (await command(client, 'get_acquisition', id)).samples_captured;
    const resumed = await command(client, 'resume_acquisition', id);
    expect(resumed.segments).toHaveLength(2);
    expect(resumed.segments[1]!.first_sample).toBe(atPause);
    expect(resumed.segments[1]!.t0_ms - resumed.segments[0]!.t0_ms).toBeGreaterThan(
      (atPause * 1000) / rateHz + 250,
    );
    await sleep(300);
    const final = await command(client, 'stop_acquisition', id);
    expect(final.samples_captured).toBeGreaterThan(atPause);
    const { channels } = await readAll(fixture.backend, id);
    expect(firstDeviation(channels[0]!, 1, rateHz)).toBe(-1);
    await waitFor(() => statesSeen(watcher, id).length >= 5);
    expect(statesSeen(watcher, id)).toEqual(['idle', 'running', 'paused', 'running', 'complete']);
  });
});

describe('single capture', () => {
  it('takes num_samples and completes by itself', async () => {
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'scope_1',
      mode: 'single',
      sample_rate: 100_000,
      channels: ['CH3', 'CH2'],
      num_samples: 12_345,
    });
    await command(client, 'start_acquisition', id);
    const done = await stateEvent(client, id, 'complete');
    expect(done.samples_captured).toBe(12_345);
    const { count, channels } = await readAll(fixture.backend, id);
    expect(count).toBe(12_345);
    expect(firstDeviation(channels[0]!, 3, 100_000)).toBe(-1);
    expect(firstDeviation(channels[1]!, 2, 100_000)).toBe(-1);
  });

  it('captures power-supply readings at 1 kHz: voltage, current and power of an output', async () => {
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'psu_1',
      mode: 'single',
      sample_rate: 1_000,
      channels: ['CH1.voltage', 'CH1.current', 'CH1.power'],
      num_samples: 300,
    });
    const summary = await command(client, 'get_acquisition', id);
    expect(summary.channels.map((c) => c.unit)).toEqual(['V', 'A', 'W']);
    await sleep(50); // the supply's output slews up for 10 ms after power-up
    await command(client, 'start_acquisition', id);
    await stateEvent(client, id, 'complete');
    const { count, channels } = await readAll(fixture.backend, id);
    expect(count).toBe(300);
    // The demo bench: CH1 at 5 V into 10 Ω, 1 mV / 0.1 mA readback noise.
    for (let i = 0; i < count; i++) {
      expect(Math.abs(channels[0]![i]! - 5)).toBeLessThan(0.01);
      expect(Math.abs(channels[1]![i]! - 0.5)).toBeLessThan(0.002);
      expect(channels[2]![i]!).toBeCloseTo(channels[0]![i]! * channels[1]![i]!, 4);
    }
  });
});

describe('triggered capture', () => {
  it.each([
    ['rising', 0.5],
    ['falling', -0.3],
    ['either', 0.9],
  ] as const)(
    'arms, fires on a %s edge and keeps the pre-trigger samples before it',
    async (slope, level) => {
      const rateHz = 100_000;
      const pre = 3_000;
      const { acquisition_id: id } = await create(client, {
        equipment_id: 'scope_1',
        mode: 'triggered',
        sample_rate: rateHz,
        channels: ['CH1', 'CH3'],
        num_samples: 20_000,
        trigger: { channel: 'CH3', level, slope, pre_trigger_samples: pre },
      });
      const armed = await command(client, 'start_acquisition', id);
      expect(armed.state).toBe('armed');
      const done = await stateEvent(watcher, id, 'complete');
      expect(done.samples_captured).toBe(20_000);
      expect(statesSeen(watcher, id)).toEqual(['idle', 'armed', 'running', 'complete']);

      const { channels } = await readAll(fixture.backend, id);
      const ch3 = channels[1]!;
      const crossedAt = (i: number): boolean => {
        const rising = ch3[i - 1]! < level && ch3[i]! >= level;
        const falling = ch3[i - 1]! > level && ch3[i]! <= level;
        return slope === 'rising' ? rising : slope === 'falling' ? falling : rising || falling;
      };
      expect(crossedAt(pre)).toBe(true);
      // The samples before it are the signal's own past (a 100 Hz sine, contiguous), not filler.
      for (let i = 1; i < pre; i++) expect(Math.abs(ch3[i]! - ch3[i - 1]!)).toBeLessThan(0.01);
      expect(channels[0]!.every((v) => v === 0.5)).toBe(true);
    },
  );

  it('disarms when stopped before the trigger comes, and can be started again', async () => {
    const { acquisition_id: id } = await create(client, {
      equipment_id: 'scope_1',
      mode: 'triggered',
      sample_rate: 10_000,
      channels: ['CH1'],
      num_samples: 100,
      // CH1 is DC 0.5 V: it never crosses 2 V.
      trigger: { channel: 'CH1', level: 2 },
    });
    expect((await command(client, 'start_acquisition', id)).state).toBe('armed');
    await sleep(100);
    expect((await command(client, 'stop_acquisition', id)).state).toBe('idle');
    expect((await command(client, 'start_acquisition', id)).state).toBe('armed');
    expect((await command(client, 'stop_acquisition', id)).state).toBe('idle');
    await waitFor(() => statesSeen(watcher, id).length >= 5);
    expect(statesSeen(watcher, id)).toEqual(['idle', 'armed', 'idle', 'armed', 'idle']);
  });
});

describe('listing and deleting', () => {
  it('lists acquisitions with live counts and deletes finished ones', async () => {
    const a = await create(client, {
      equipment_id: 'scope_1',
      mode: 'single',
      sample_rate: 1_000,
      channels: ['CH1'],
      num_samples: 10,
    });
    const b = await create(client, {
      equipment_id: 'psu_1',
      mode: 'continuous',
      sample_rate: 100,
      channels: ['CH2.voltage'],
    });
    const list = await client.request({ type: 'list_acquisitions' });
    expect(list.type === 'acquisitions' && list.acquisitions.map((x) => x.acquisition_id)).toEqual([
      a.acquisition_id,
      b.acquisition_id,
    ]);
    const onlyPsu = await client.request({ type: 'list_acquisitions', equipment_id: 'psu_1' });
    expect(onlyPsu.type === 'acquisitions' && onlyPsu.acquisitions.map((x) => x.acquisition_id)).toEqual([
      b.acquisition_id,
    ]);

    const deleted = await client.request({ type: 'delete_acquisition', acquisition_id: a.acquisition_id });
    expect(deleted).toMatchObject({ type: 'acquisition_deleted', acquisition_id: a.acquisition_id });
    await watcher.next((m) => m.type === 'event' && m.kind === 'acquisition_deleted');
    const after = await client.request({ type: 'get_acquisition', acquisition_id: a.acquisition_id });
    expect(after).toMatchObject({ type: 'error', code: 'not_found' });
  });
});
