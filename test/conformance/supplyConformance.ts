/**
 * The power-supply half of the conformance suite: what every supply driver must do with protection and
 * coupling, whatever the instrument, so one card can show them all.
 *
 * - coupling: a `tracking_mode` names the two outputs it couples (channels that exist), offers
 *   `independent`, and every mode it offers is applied with the outputs off and read back;
 * - trip and clear: on a model with OVP and a clear, an OVP level set under a live output trips it — the
 *   output is off, `protection_tripped` says `ovp`, a `protection_trip` event names the channel, switching
 *   on is refused — and the clear leaves the output off, reports `none`, and emits `protection_cleared`.
 *
 * Runs on real time (a supply's link and an emulator's physics take it), polling with a bound in seconds.
 */
import { describe, expect, it, vi } from 'vitest';
import type { InstrumentDescription, ParameterInfo } from '../../shared/protocol/index.js';
import type { InstrumentDriver, InstrumentEvent } from '../../src-main/instruments/InstrumentDriver.js';

type DriverFactory = () => Promise<InstrumentDriver>;

async function connected(
  create: DriverFactory,
): Promise<{ driver: InstrumentDriver; info: InstrumentDescription }> {
  const driver = await create();
  await driver.connect();
  await driver.identify();
  return { driver, info: driver.capabilities() };
}

const find = (info: InstrumentDescription, name: string, channel?: number): ParameterInfo | undefined =>
  info.parameters.find((p) => p.name === name && p.channel === channel);

/** Bound for a trip to show: far above an emulator's slew and a loopback poll, even on a loaded machine. */
const TRIP_BOUND_MS = 10_000;

export function describeSupplyConformance(name: string, create: DriverFactory): void {
  describe(`supply conformance: ${name}`, () => {
    it('couples the outputs it names, in every mode it offers, with the outputs off', async () => {
      const { driver, info } = await connected(create);
      try {
        const coupling = find(info, 'tracking_mode');
        if (!coupling) return; // A model without coupling (DP821, DP811) offers none: nothing to check.
        const channels = info.channels.map((_, i) => i + 1);
        expect(coupling.coupled_channels).toHaveLength(2);
        expect(new Set(coupling.coupled_channels).size).toBe(2);
        for (const c of coupling.coupled_channels ?? []) expect(channels).toContain(c);
        expect(coupling.choices).toContain('independent');
        for (const mode of [...(coupling.choices ?? []), 'independent']) {
          expect(await driver.setParameter('tracking_mode', mode)).toBe(mode);
          expect((await driver.getParameters()).global.tracking_mode).toBe(mode);
        }
      } finally {
        await driver.close();
      }
    });

    it(
      'trips on OVP under a live output, and its clear leaves the output off',
      { timeout: 30_000 },
      async () => {
        const { driver, info } = await connected(create);
        const events: InstrumentEvent[] = [];
        driver.onEvent((event) => events.push(event));
        try {
          const channel = info.parameters.find(
            (p) =>
              p.name === 'clear_protection' && p.channel !== undefined && find(info, 'ovp_level', p.channel),
          )?.channel;
          if (channel === undefined) return; // No programmable OVP with a clear (the SPD3303X): nothing to trip.
          const ovp = find(info, 'ovp_level', channel)!;
          const voltage = find(info, 'voltage_set', channel)!;
          const setV = Math.min(voltage.max ?? 5, 5);
          expect(ovp.min ?? 0).toBeLessThan(setV);
          if (find(info, 'ovp_enabled', channel)) await driver.setParameter('ovp_enabled', true, channel);
          await driver.setParameter('voltage_set', setV, channel);
          await driver.setParameter('output_enabled', true, channel);
          await driver.setParameter('ovp_level', ovp.min ?? 0.1, channel);
          await vi.waitFor(
            async () => {
              await driver.read('readings');
              expect((await driver.getParameters()).channels[channel]?.protection_tripped).toBe('ovp');
            },
            { timeout: TRIP_BOUND_MS, interval: 50 },
          );
          expect((await driver.getParameters()).channels[channel]).toMatchObject({ output_enabled: false });
          expect(events.filter((e) => e.kind === 'protection_trip')).toMatchObject([
            { channel, level: 'alarm', details: { trip: 'ovp' } },
          ]);
          await expect(driver.setParameter('output_enabled', true, channel)).rejects.toMatchObject({
            code: 'invalid_value',
          });

          await driver.setParameter('ovp_level', ovp.max ?? setV * 2, channel);
          await driver.setParameter('clear_protection', true, channel);
          expect((await driver.getParameters()).channels[channel]).toMatchObject({
            output_enabled: false,
            protection_tripped: 'none',
          });
          const sample = await driver.read('readings');
          expect(sample.kind === 'readings' && sample.readings[channel - 1]?.output_enabled).toBe(false);
          expect(events.filter((e) => e.kind === 'protection_cleared')).toMatchObject([
            { channel, level: 'info', details: { trip: 'ovp' } },
          ]);
        } finally {
          await driver.close();
        }
      },
    );
  });
}
