import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type Browse,
  type ServiceAnnouncement,
  discoverInstruments,
  mergeAnnouncements,
} from '../../../../src-main/instruments/discovery/index.js';

const dp832Lxi: ServiceAnnouncement = {
  service: 'lxi',
  name: 'RIGOL DP832 DP8C1234',
  host: 'dp832.local',
  port: 80,
  addresses: ['fe80::1', '192.168.1.40'],
  txt: { Manufacturer: 'RIGOL TECHNOLOGIES', Model: 'DP832', SerialNumber: 'DP8C1234' },
};

describe('mergeAnnouncements', () => {
  it('gives an LXI-only instrument its vendor usual SCPI port, marked as not announced', () => {
    expect(mergeAnnouncements([dp832Lxi])).toEqual([
      {
        name: 'RIGOL DP832 DP8C1234',
        host: '192.168.1.40',
        port: 5555,
        port_announced: false,
        services: ['lxi'],
        manufacturer: 'RIGOL TECHNOLOGIES',
        model: 'DP832',
        serial: 'DP8C1234',
      },
    ]);
  });

  it('takes the announced raw-socket port over the guess and merges both services of one host', () => {
    const raw: ServiceAnnouncement = { ...dp832Lxi, service: 'scpi-raw', port: 5025, txt: {} };
    const [merged] = mergeAnnouncements([dp832Lxi, raw]);
    expect(merged).toMatchObject({ port: 5025, port_announced: true, services: ['lxi', 'scpi-raw'] });
    expect(merged!.model).toBe('DP832');
  });

  it('uses 5025 for other vendors and the host name when no address is announced', () => {
    const keysight: ServiceAnnouncement = {
      service: 'lxi',
      name: 'Keysight E36313A',
      host: 'e36313a.local',
      port: 80,
      addresses: [],
      txt: { Manufacturer: 'Keysight Technologies' },
    };
    expect(mergeAnnouncements([keysight])[0]).toMatchObject({ host: 'e36313a.local', port: 5025 });
  });
});

describe('discoverInstruments', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function fakeBrowse(): { browse: Browse; announce(a: ServiceAnnouncement): void; stopped: () => boolean } {
    let listener: ((a: ServiceAnnouncement) => void) | undefined;
    let stopped = false;
    return {
      browse: (onUp) => {
        listener = onUp;
        return () => void (stopped = true);
      },
      announce: (a) => listener?.(a),
      stopped: () => stopped,
    };
  }

  it('listens for the asked time, then stops browsing and reports what it heard', async () => {
    const fake = fakeBrowse();
    const found = discoverInstruments(2_000, { browse: fake.browse });
    fake.announce(dp832Lxi);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(fake.stopped()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.stopped()).toBe(true);
    expect((await found).map((f) => f.model)).toEqual(['DP832']);
    fake.announce({ ...dp832Lxi, addresses: ['10.0.0.9'] });
  });

  it('never listens longer than 10 s, and ends early on abort', async () => {
    const fake = fakeBrowse();
    const capped = discoverInstruments(60_000, { browse: fake.browse });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(capped).resolves.toEqual([]);

    const controller = new AbortController();
    const early = discoverInstruments(5_000, { browse: fakeBrowse().browse, signal: controller.signal });
    controller.abort();
    await expect(early).resolves.toEqual([]);
  });
});
