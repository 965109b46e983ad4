/**
 * The generic capture paths end to end through the acquisition service, on instruments with no capture
 * source of their own: a supply polled at the rate it was measured to answer (a faster one refused with
 * the figure, nothing created; the achieved rate in the live figures), and a scope captured record by
 * record (each record a segment unless contiguous, a lost record an `acquisition_gap`, the scope's own
 * rate required, its records' channels as asked).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AcquisitionError } from '../../../src-main/acquisition/index.js';
import {
  AcquisitionService,
  type AcquisitionServiceEvent,
} from '../../../src-main/acquisition/AcquisitionService.js';
import type { InstrumentRegistry } from '../../../src-main/instruments/InstrumentRegistry.js';
import { silentLogger } from '../../../src-main/util/log.js';
import { FakeScope, FakeSupply, manualClock, type ScriptedRead } from '../../helpers/fakeInstruments.js';
import { openRegistry } from '../../helpers/hosts.js';
import { until } from '../../helpers/testBackend.js';
import { removeTempDirs, tempDir } from './helpers.js';

const services: AcquisitionService[] = [];
const registries: InstrumentRegistry[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  await Promise.all(registries.splice(0).map((r) => r.close()));
  await removeTempDirs();
});

async function serviceFor(clock: ReturnType<typeof manualClock>, driver: FakeSupply | FakeScope) {
  const registry = await openRegistry([driver]);
  registries.push(registry);
  const service = await AcquisitionService.open({
    dataDir: await tempDir(),
    registry,
    log: silentLogger,
    clock,
    blockIntervalMs: 2,
  });
  services.push(service);
  const events: AcquisitionServiceEvent[] = [];
  service.events.on((e) => events.push(e));
  return { service, events };
}

async function samplesOf(service: AcquisitionService, id: string, count: number): Promise<number[][]> {
  const reader = await service.openReader(id);
  try {
    const block = await reader.readRange(0, count);
    return block.channels.map((c) => [...c]);
  } finally {
    await reader.close();
  }
}

describe('a supply with no capture source of its own', () => {
  it('refuses a rate above what it answers, with the figure, and creates nothing', async () => {
    const clock = manualClock();
    const { service } = await serviceFor(clock, new FakeSupply(clock, 50));
    const error = await service
      .create({ equipment_id: 'psu_x', mode: 'continuous', sample_rate_hz: 100, channels: ['CH1.voltage'] })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AcquisitionError);
    expect(error).toMatchObject({
      code: 'invalid_config',
      message:
        'sample_rate_hz: psu_x (FAKE-PSU2) answers readings at about 20 Hz (50 ms a read), so it can be polled at up to 18 Hz; 100 Hz asked',
      details: { field: 'sample_rate_hz', max: 1000 / 55, value: 100 },
    });
    expect(await service.list()).toEqual([]);
  });

  it('is captured one read per sample at the rate measured, and reports the rate it achieves', async () => {
    // The service's clock is the one the supply's reads move on (45 ms each: 1000 / (45 + 5) = 20 Hz
    // can be polled). The test moves it the remaining 5 ms to each next sample only once the pump has
    // read the one before, so every sample gets its own read however the machine's timers run.
    const clock = manualClock();
    const psu = new FakeSupply(clock, 45);
    const { service } = await serviceFor(clock, psu);
    const meta = await service.create({
      equipment_id: 'psu_x',
      mode: 'continuous',
      sample_rate_hz: 20,
      channels: ['CH1.voltage', 'CH2.current'],
    });
    expect(meta.instrument_settings.capture).toEqual({
      method: 'polled_readings',
      measured_read_rate_hz: 1000 / 45,
      max_sample_rate_hz: 20,
    });
    const probeReads = psu.reads;
    const id = meta.acquisition_id;
    await service.start(id);
    for (let k = 1; k <= 6; k++) {
      await until(() => psu.reads === probeReads + k, `read ${k}`);
      if (k < 6) clock.advance(5);
    }
    await until(() => service.live(id)?.received === 6, 'six samples');
    await service.pause(id);
    const live = service.live(id)!;
    // Six reads from the first's start to the last's end: 5 × 50 ms + 45 ms.
    expect(live.source).toEqual({ reads: 6, read_rate_hz: 6000 / 295, held_samples: 0 });
    const [voltage, current] = await samplesOf(service, id, 6);
    // Reading n reads n V on CH1 and −n/10 A on CH2; the capture's reads follow the probe's.
    expect(voltage).toEqual([1, 2, 3, 4, 5, 6].map((k) => probeReads + k));
    expect(current).toEqual([1, 2, 3, 4, 5, 6].map((k) => Math.fround(-(probeReads + k) / 10)));
    await service.stop(id);
  });
});

describe('a scope with no capture source of its own', () => {
  const rateHz = 1_000;
  const rec = (t0Ms: number, values: number[]): ScriptedRead => ({ record: { t0Ms, rateHz, values } });

  it('refuses a software trigger, and any rate but the one its records come at', async () => {
    const scope = new FakeScope();
    const { service } = await serviceFor(manualClock(), scope);
    const ask = (mode: 'triggered' | 'continuous', rate: number) =>
      service
        .create({
          equipment_id: 'scope_x',
          mode,
          sample_rate_hz: rate,
          channels: ['CH1'],
          ...(mode === 'triggered' && { trigger: { channel: 'CH1', level: 0, edge: 'rising' as const } }),
        })
        .catch((err: unknown) => err);
    expect(await ask('triggered', rateHz)).toMatchObject({
      code: 'invalid_config',
      details: { field: 'mode' },
      message:
        'mode: scope_x (FAKE-SCOPE2) is captured record by record, each on its own trigger: use continuous or single (a software trigger would cut across records)',
    });
    scope.script.push(rec(0, [0]));
    expect(await ask('continuous', 500)).toMatchObject({
      code: 'invalid_config',
      details: { field: 'sample_rate_hz', max: rateHz, value: 500 },
      message:
        "sample_rate_hz: scope_x (FAKE-SCOPE2) records at 1000 Sa/s (its timebase and record length); 500 Hz asked: a record capture runs at the scope's own rate",
    });
    // No record yet (no trigger): nothing to take the rate from, and it says so.
    expect(await ask('continuous', rateHz)).toMatchObject({
      details: { field: 'sample_rate_hz' },
      message:
        'sample_rate_hz: scope_x (FAKE-SCOPE2) gave no record to take its sample rate from (waiting for trigger); try again once it is acquiring',
    });
    expect(await service.list()).toEqual([]);
  });

  it('captures record after record: contiguous ones in one segment, the rest in their own, a lost one a gap', async () => {
    const scope = new FakeScope();
    const { service, events } = await serviceFor(manualClock(), scope);
    scope.script.push(rec(500, [0])); // read when the capture is created, for the rate
    const meta = await service.create({
      equipment_id: 'scope_x',
      mode: 'single',
      sample_rate_hz: rateHz,
      num_samples: 10,
      channels: ['CH2'],
    });
    expect(meta.instrument_settings.capture).toEqual({ method: 'records', record_rate_hz: rateHz });
    scope.script.push(
      rec(1_000, [1, 2, 3, 4]),
      rec(1_004, [5, 6]), // continues the first exactly
      { none: 'dropped' },
      rec(1_100, [7, 8, 9, 10, 11]), // one more than the capture takes
    );
    const id = meta.acquisition_id;
    await service.start(id);
    await until(
      () =>
        events.some((e) => e.type === 'state' && e.meta.acquisition_id === id && e.meta.state === 'complete'),
      'the capture to complete',
    );
    const done = await service.get(id);
    expect(done.sample_count).toBe(10);
    expect(done.segments).toEqual([
      { first_sample: 0, t0_ms: 1_000 },
      { first_sample: 6, t0_ms: 1_100 },
    ]);
    const gaps = events.flatMap((e) =>
      e.type === 'notice' && e.notice.kind === 'acquisition_gap' ? [e.notice.details] : [],
    );
    expect(gaps).toEqual([{ gap: 'missed_record', sample: 6, missed_records: 1 }]);
    // CH2 carries the negated values: the capture took the channel asked for.
    expect(await samplesOf(service, id, 10)).toEqual([[-1, -2, -3, -4, -5, -6, -7, -8, -9, -10]]);
  });
});
