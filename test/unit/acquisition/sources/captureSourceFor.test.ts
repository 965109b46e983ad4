/**
 * Which capture source an instrument gets: the driver's own when it offers one (each simulator its exact
 * synthesis), else the generic path for its kind. A driver's own source makes its calls through the host
 * — so through the fault decorator too, and a lost link is judged by the host like any other call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { captureSourceFor } from '../../../../src-main/acquisition/capture/sources/captureSourceFor.js';
import { sourceUnderMath } from '../../../../src-main/acquisition/capture/sources/MathCaptureSource.js';
import { PolledSupplySource } from '../../../../src-main/acquisition/capture/sources/PolledSupplySource.js';
import { RecordScopeSource } from '../../../../src-main/acquisition/capture/sources/RecordScopeSource.js';
import { FaultyDriver } from '../../../../src-main/instruments/faults/FaultyDriver.js';
import type { InstrumentHost } from '../../../../src-main/instruments/host/InstrumentHost.js';
import type { InstrumentDriver } from '../../../../src-main/instruments/InstrumentDriver.js';
import { SimPowerSupply } from '../../../../src-main/instruments/psu/SimPowerSupply.js';
import { SimPsuCaptureSource } from '../../../../src-main/instruments/psu/SimPsuCaptureSource.js';
import { SimOscilloscope } from '../../../../src-main/instruments/scope/SimOscilloscope.js';
import { SimScopeCaptureSource } from '../../../../src-main/instruments/scope/SimScopeCaptureSource.js';
import { systemClock } from '../../../../src-main/util/clock.js';
import { FakeScope, FakeSupply, manualClock } from '../../../helpers/fakeInstruments.js';
import { openHost } from '../../../helpers/hosts.js';

const hosts: InstrumentHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

async function host(driver: InstrumentDriver): Promise<InstrumentHost> {
  const opened = await openHost(driver);
  hosts.push(opened);
  return opened;
}

const context = { clock: systemClock };

describe('captureSourceFor', () => {
  it("gives each simulator its own source and every other instrument its kind's generic one", async () => {
    expect(captureSourceFor(await host(new SimPowerSupply({ seed: 1 })), context)).toBeInstanceOf(
      SimPsuCaptureSource,
    );
    // A scope's source is wrapped so its math channels are captured too (MathCaptureSource).
    expect(
      sourceUnderMath(captureSourceFor(await host(new SimOscilloscope({ seed: 1 })), context)!),
    ).toBeInstanceOf(SimScopeCaptureSource);
    expect(captureSourceFor(await host(new FakeSupply(manualClock(), 10)), context)).toBeInstanceOf(
      PolledSupplySource,
    );
    expect(sourceUnderMath(captureSourceFor(await host(new FakeScope()), context)!)).toBeInstanceOf(
      RecordScopeSource,
    );
  });

  it("keeps the simulator's own source behind the fault decorator: its calls fail as the link does", async () => {
    const faulty = new FaultyDriver(new SimPowerSupply({ seed: 1 }));
    const psuHost = await host(faulty);
    const source = captureSourceFor(psuHost, context);
    expect(source).toBeInstanceOf(SimPsuCaptureSource);
    const generator = (source as SimPsuCaptureSource).open(['CH1.voltage'], 1_000);
    const out = [new Float32Array(3)];
    await generator.generate(3, systemClock.nowMs() - 10, out);
    expect(out[0]!.every((v) => Number.isFinite(v))).toBe(true);
    faulty.disconnect();
    await expect(generator.generate(3, systemClock.nowMs(), out)).rejects.toMatchObject({
      code: 'disconnected',
    });
    // The host saw the failure like any other call's: the instrument is offline.
    expect(psuHost.state).toBe('offline');
  });
});
