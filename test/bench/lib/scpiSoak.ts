/**
 * The SCPI fault soak, shared by `npm run bench -- scpiSoak` (minutes) and its short vitest version
 * (seconds): one emulator, faults injected on a schedule (stall, lost reply, garbage, disconnect, in
 * turn), a client on the real transport (TcpScpiPort with the model's pacing) asking a cycle of queries
 * whose replies have different shapes. A reply accepted for a query it does not answer (a stale reply read
 * as the next one's) is a framing desync. After a failed call the client carries on as the instrument
 * host would — the port resyncs by itself, a dropped link is reopened — and the time from the failure to
 * the next good reply is that fault's recovery time.
 */
import { EmulatorServer } from '../../../src-main/emulators/core/EmulatorServer.js';
import type { FaultKind } from '../../../src-main/emulators/core/faults.js';
import type { EmulatorDefinition } from '../../../src-main/emulators/core/types.js';
import { DriverError } from '../../../src-main/instruments/InstrumentDriver.js';
import {
  resolvePacing,
  ScpiLink,
  type ScpiPacing,
  type TcpScpiPort,
} from '../../../src-main/instruments/scpi/transport/index.js';

/** A query and what its reply looks like (no other query's reply of the cycle looks like it). */
export interface SoakProbe {
  command: string;
  block?: boolean;
  /** True when `reply` is an answer to `command`. */
  answers(reply: string | Uint8Array): boolean;
}

export interface SoakTarget {
  name: string;
  definition: EmulatorDefinition;
  pacing: Partial<ScpiPacing>;
  probes: readonly SoakProbe[];
}

const isLine = (reply: string | Uint8Array): reply is string => typeof reply === 'string';
const identity = (model: string): SoakProbe => ({
  command: '*IDN?',
  answers: (r) => isLine(r) && r.split(',').length >= 4 && r.includes(model),
});
/** `0,"No error"` / `+0,"No error"` / Siglent's `0  No Error`: the queue is empty in this soak. */
const noError: SoakProbe = {
  command: 'SYST:ERR?',
  answers: (r) => isLine(r) && /^\+?0\s*,?\s*"?No error"?$/i.test(r.trim()),
};
const numberFrom = (command: string): SoakProbe => ({
  command,
  answers: (r) => isLine(r) && /^[+-]?\d+(\.\d+)?(E[+-]?\d+)?$/i.test(r.trim()),
});

export async function soakTargets(): Promise<SoakTarget[]> {
  const { dp832Emulator } = await import('../../../src-main/emulators/dp832/index.js');
  const { e36313aEmulator } = await import('../../../src-main/emulators/e36300/index.js');
  const { spd3303xEmulator } = await import('../../../src-main/emulators/spd3303x/index.js');
  const { ds1054zEmulator } = await import('../../../src-main/emulators/ds1054z/index.js');
  const { dsox1204gEmulator } = await import('../../../src-main/emulators/dsox1204g/index.js');
  const { DP800_PACING } = await import('../../../src-main/instruments/rigol-dp800/Dp800Driver.js');
  const { SPD3303X_PACING } =
    await import('../../../src-main/instruments/siglent-spd3303x/spd3303xModels.js');
  const { DS1000Z_PACING } = await import('../../../src-main/instruments/rigol-ds1000z/registration.js');
  return [
    {
      name: 'dp832',
      definition: dp832Emulator,
      pacing: DP800_PACING,
      probes: [identity('DP832'), noError, numberFrom(':SOUR1:VOLT?')],
    },
    {
      name: 'e36313a',
      definition: e36313aEmulator,
      pacing: {},
      probes: [identity('E36313A'), noError, numberFrom('VOLT? (@1)')],
    },
    {
      name: 'spd3303x',
      definition: spd3303xEmulator,
      pacing: SPD3303X_PACING,
      probes: [identity('SPD3303X'), noError, numberFrom('CH1:VOLT?')],
    },
    {
      name: 'ds1054z',
      definition: ds1054zEmulator,
      pacing: DS1000Z_PACING,
      probes: [
        identity('DS1054Z'),
        numberFrom(':TIM:SCAL?'),
        { command: ':WAV:DATA?', block: true, answers: (r) => !isLine(r) && r.length > 0 },
      ],
    },
    {
      name: 'dsox1204g',
      definition: dsox1204gEmulator,
      pacing: {},
      probes: [identity('DSO-X 1204G'), noError, numberFrom(':TIM:SCAL?')],
    },
  ];
}

export interface SoakOptions {
  durationMs: number;
  /** One fault every this long, the kinds in turn. */
  faultEveryMs: number;
  /** Reply timeout, ms (the model's own unless given). */
  timeoutMs?: number;
  /** How late a stalled reply comes, ms: longer than the timeout, so the late reply meets a resync. */
  stallMs: number;
}

export interface SoakResult {
  name: string;
  queries: number;
  good: number;
  desyncs: number;
  /** Faults the emulator injected, by kind. */
  injected: Record<FaultKind, number>;
  /** Recovery times after a disconnect or a garbage reply, ms. */
  recoveryMs: { disconnect: number[]; garbage: number[]; other: number[] };
  /** Desyncs described, for the report (the first few). */
  examples: string[];
}

const KINDS: readonly FaultKind[] = ['stall', 'lost_reply', 'garbage', 'disconnect'];

export async function soak(target: SoakTarget, options: SoakOptions): Promise<SoakResult> {
  const server = await EmulatorServer.start(target.definition, {
    port: 0,
    faults: { stall: 0, lostReply: 0, garbage: 0, disconnect: 0, stallMs: options.stallMs },
  });
  const pacing = resolvePacing(target.pacing, {
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  });
  // The instrument's link as its driver has it: one meter and one pacing state across reconnects.
  const link = new ScpiLink({ host: '127.0.0.1', port: server.address.port }, pacing);
  const result: SoakResult = {
    name: target.name,
    queries: 0,
    good: 0,
    desyncs: 0,
    injected: server.faults.counts,
    recoveryMs: { disconnect: [], garbage: [], other: [] },
    examples: [],
  };
  let port: TcpScpiPort | undefined;
  let nextFaultMs = performance.now() + options.faultEveryMs;
  let kindIndex = 0;
  /** The fault whose recovery is being timed: what the emulator injected last, and when the call failed. */
  let failing: { kind: FaultKind | 'other'; atMs: number } | undefined;
  let armed: FaultKind | undefined;
  const endMs = performance.now() + options.durationMs;
  try {
    for (let i = 0; performance.now() < endMs || failing !== undefined; i++) {
      if (performance.now() > endMs + 30_000) throw new Error(`${target.name}: did not recover in 30 s`);
      if (port === undefined || port.closed) port = await link.open();
      if (failing === undefined && performance.now() >= nextFaultMs) {
        armed = KINDS[kindIndex++ % KINDS.length]!;
        server.faults.inject(armed);
        nextFaultMs += options.faultEveryMs;
      }
      const probe = target.probes[i % target.probes.length]!;
      result.queries++;
      try {
        const reply = probe.block ? await port.queryBlock(probe.command) : await port.query(probe.command);
        if (!probe.answers(reply)) {
          result.desyncs++;
          if (result.examples.length < 5) {
            const shown = typeof reply === 'string' ? JSON.stringify(reply) : `a ${reply.length}-byte block`;
            result.examples.push(`${probe.command} answered ${shown}`);
          }
          continue;
        }
        result.good++;
        if (failing) {
          const list = failing.kind === 'disconnect' || failing.kind === 'garbage' ? failing.kind : 'other';
          result.recoveryMs[list].push(performance.now() - failing.atMs);
          failing = undefined;
        }
      } catch (err) {
        if (!(err instanceof DriverError)) throw err;
        failing ??= { kind: armed ?? 'other', atMs: performance.now() };
        armed = undefined;
      }
    }
  } finally {
    await port?.close();
    await server.close();
  }
  return result;
}

export function maxOf(values: readonly number[]): number {
  return values.length === 0 ? 0 : Math.max(...values);
}
