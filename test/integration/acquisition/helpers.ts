/**
 * Fixtures for the acquisition integration tests: a backend with both simulators set to noise-free,
 * exactly predictable signals, and helpers to drive acquisitions over the protocol and read them back.
 */
import type { Backend, BackendOptions } from '../../../src-main/backend.js';
import { DEMO_BENCH, SimPowerSupply } from '../../../src-main/instruments/psu/SimPowerSupply.js';
import { SimOscilloscope } from '../../../src-main/instruments/scope/SimOscilloscope.js';
import type {
  AcquisitionCreatedMessage,
  AcquisitionStateName,
  AcquisitionSummary,
  EventMessage,
  ServerMessage,
} from '../../../shared/protocol/index.js';
import { startTestBackend, type TestClient } from '../../helpers/testBackend.js';

/** CH1 DC 0.5 V; CH2 1 kHz sine 2 Vpp; CH3 100 Hz sine 2 Vpp; CH4 DC −0.25 V — all without noise. */
export const SCOPE_SIGNALS = {
  1: { signal: 'dc', dcLevelV: 0.5, noiseVrms: 0, voltsPerDiv: 1 },
  2: { signal: 'sine', frequencyHz: 1_000, amplitudeVpp: 2, dcLevelV: 0, noiseVrms: 0, voltsPerDiv: 1 },
  3: { signal: 'sine', frequencyHz: 100, amplitudeVpp: 2, dcLevelV: 0, noiseVrms: 0, voltsPerDiv: 1 },
  4: { signal: 'dc', dcLevelV: -0.25, noiseVrms: 0, voltsPerDiv: 1 },
} as const;

/** What sample `n` of channel `channel` (1-based) holds at `rateHz` (phase 0 at sample 0). */
export function expectedValue(channel: 1 | 2 | 3 | 4, n: number, rateHz: number): number {
  const spec = SCOPE_SIGNALS[channel];
  if (spec.signal === 'dc') return spec.dcLevelV;
  return (spec.amplitudeVpp / 2) * Math.sin((2 * Math.PI * spec.frequencyHz * n) / rateHz);
}

/** Plenty of (reported) free space, so tests do not depend on the machine's disk. */
export const PLENTY_OF_SPACE = async (): Promise<{ freeBytes: number; totalBytes: number }> => ({
  freeBytes: 1e12,
  totalBytes: 2e12,
});

export async function startAcquisitionBackend(options: Partial<BackendOptions> = {}): Promise<Backend> {
  return startTestBackend({
    drivers: [
      new SimPowerSupply({ id: 'psu_1', seed: 3, initial: DEMO_BENCH }),
      new SimOscilloscope({ id: 'scope_1', seed: 4, initial: { channels: SCOPE_SIGNALS } }),
    ],
    seed: 5,
    ...options,
    acquisitionRecorder: { diskSpace: PLENTY_OF_SPACE, ...options.acquisitionRecorder },
  });
}

/** Creates an acquisition over the protocol; throws with the server's error if refused. */
export async function create(
  client: TestClient,
  fields: Record<string, unknown>,
): Promise<AcquisitionSummary> {
  const reply = await client.request<AcquisitionCreatedMessage | ServerMessage>({
    type: 'create_acquisition',
    ...fields,
  });
  if (reply.type !== 'acquisition_created') throw new Error(`create refused: ${JSON.stringify(reply)}`);
  return (reply as AcquisitionCreatedMessage).acquisition;
}

/** Sends a command and expects the `acquisition` reply. */
export async function command(client: TestClient, type: string, id: string): Promise<AcquisitionSummary> {
  const reply = await client.request({ type, acquisition_id: id });
  if (reply.type !== 'acquisition') throw new Error(`${type} refused: ${JSON.stringify(reply)}`);
  return reply.acquisition;
}

function isStateEvent(m: ServerMessage, id: string, state: AcquisitionStateName): m is EventMessage {
  return (
    m.type === 'event' &&
    m.kind === 'acquisition_state' &&
    m.details?.acquisition_id === id &&
    m.details.state === state
  );
}

/** The `acquisition_state` event of `id` reaching `state` (already received or future). */
export async function stateEvent(
  client: TestClient,
  id: string,
  state: AcquisitionStateName,
  timeoutMs = 30_000,
): Promise<AcquisitionSummary> {
  const event = await client.next<EventMessage>((m) => isStateEvent(m, id, state), timeoutMs);
  return event.details!.acquisition as AcquisitionSummary;
}

/** The states `id` went through, in the order its events arrived. */
export function statesSeen(client: TestClient, id: string): string[] {
  return client
    .ofType('event')
    .filter((e) => e.kind === 'acquisition_state' && e.details?.acquisition_id === id)
    .map((e) => String(e.details!.state));
}

/** Every sample of the acquisition, one array per channel, read back from disk in chunks. */
export async function readAll(
  backend: Backend,
  id: string,
): Promise<{ count: number; channels: Float32Array[] }> {
  const reader = await backend.acquisitions.openReader(id);
  try {
    const count = reader.sampleCount;
    const channels = reader.meta.channels.map(() => new Float32Array(count));
    let next = 0;
    for await (const block of reader.chunks({ chunkSamples: 65_536 })) {
      if (block.firstSample !== next) throw new Error(`chunk at ${block.firstSample}, expected ${next}`);
      block.channels.forEach((values, c) => channels[c]!.set(values, block.firstSample));
      next += block.channels[0]!.length;
    }
    return { count, channels };
  } finally {
    await reader.close();
  }
}

/** First index where `values` differs from the expected signal by more than `toleranceV`, or −1. */
export function firstDeviation(
  values: Float32Array,
  channel: 1 | 2 | 3 | 4,
  rateHz: number,
  firstSample = 0,
  toleranceV = 1e-5,
): number {
  for (let i = 0; i < values.length; i++) {
    if (!(Math.abs(values[i]! - expectedValue(channel, firstSample + i, rateHz)) <= toleranceV)) return i;
  }
  return -1;
}

/**
 * Polls `condition` every 10 ms until it holds or `timeoutMs` passes (then throws): a bound for a hang,
 * generous since a loaded machine runs captures and file writes late.
 */
export async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
