/**
 * `:WAVeform` reads of an emulated InfiniiVision X: the preamble and the `:WAV:DATA?` payload for the
 * source, `:WAV:POIN`, BYTE/WORD/ASCii format, `:WAV:UNS` and `:WAV:BYT`. Conversion (Keysight's):
 * volts = (code − yreference) × yincrement + yorigin, yorigin being the screen centre.
 *
 * Which record: NORMal points mode reads the measurement record (at most 62,500 points); RAW, and
 * MAXimum once stopped, read the raw acquisition record — whole, in one block, when the points asked for
 * are at least what it holds.
 */
import {
  INFINIIVISION_BYTE_CODES,
  INFINIIVISION_BYTE_REFERENCE,
  INFINIIVISION_HORIZONTAL_DIVISIONS,
  INFINIIVISION_POINTS,
  INFINIIVISION_RAW_POINTS,
  INFINIIVISION_WORD_CODES,
  INFINIIVISION_WORD_REFERENCE,
} from '../../instruments/index.js';
import { ADC_HALF_DIVISIONS } from '../scope/ScopeFrontEnd.js';
import { scpiError, formatNr3 } from '../scope/scpiText.js';
import type { DsoxState } from './DsoxState.js';

export interface DsoxWaveformSettings {
  source: number;
  format: 'BYTE' | 'WORD' | 'ASC';
  pointsMode: 'NORM' | 'MAX' | 'RAW';
  /** `:WAV:POIN` as asked (Infinity for MAXimum); what a read sends is `dsoxPoints`. */
  pointsRequest: number;
  unsigned: boolean;
  msbFirst: boolean;
}

export function defaultDsoxWaveform(): DsoxWaveformSettings {
  return {
    source: 1,
    format: 'BYTE',
    pointsMode: 'NORM',
    pointsRequest: 1_000,
    unsigned: true,
    msbFirst: true,
  };
}

/** True when reads take the raw record: RAW or MAXimum mode on a stopped scope that holds one. */
function readsRaw(state: DsoxState, wave: DsoxWaveformSettings): boolean {
  return wave.pointsMode !== 'NORM' && state.rawPoints !== undefined;
}

/** The points a read sends (`:WAV:POIN?`): the largest offered count not above the request, capped by the record. */
export function dsoxPoints(state: DsoxState, wave: DsoxWaveformSettings): number {
  if (readsRaw(state, wave)) {
    const offered = INFINIIVISION_RAW_POINTS.filter((p) => p <= wave.pointsRequest).at(-1)!;
    return Math.min(offered, state.rawPoints!);
  }
  return INFINIIVISION_POINTS.filter((p) => p <= wave.pointsRequest).at(-1)!;
}

function recordOf(
  state: DsoxState,
  wave: DsoxWaveformSettings,
  points: number,
): ReturnType<DsoxState['record']> {
  return readsRaw(state, wave) ? state.rawRecord(points) : state.record(points);
}

const FORMAT_CODES = { BYTE: 0, WORD: 1, ASC: 4 } as const;

function scaleOf(
  state: DsoxState,
  wave: DsoxWaveformSettings,
): { yInc: number; yRef: number; yOrigin: number } {
  const ch = state.channels[wave.source - 1]!;
  const spanV = 2 * ADC_HALF_DIVISIONS * ch.voltsPerDiv;
  if (wave.format === 'WORD') {
    return {
      yInc: spanV / INFINIIVISION_WORD_CODES,
      yRef: wave.unsigned ? INFINIIVISION_WORD_REFERENCE : 0,
      yOrigin: ch.centreV,
    };
  }
  return {
    yInc: spanV / INFINIIVISION_BYTE_CODES,
    yRef: wave.unsigned ? INFINIIVISION_BYTE_REFERENCE : 0,
    yOrigin: ch.centreV,
  };
}

export function dsoxPreamble(state: DsoxState, wave: DsoxWaveformSettings): string {
  const { yInc, yRef, yOrigin } = scaleOf(state, wave);
  const points = dsoxPoints(state, wave);
  const record = recordOf(state, wave, points);
  const timebaseS = state.recordTimebaseS;
  const xInc = (INFINIIVISION_HORIZONTAL_DIVISIONS * timebaseS) / points;
  const xOrigin = record?.acquisition.record.x0S ?? -(INFINIIVISION_HORIZONTAL_DIVISIONS / 2) * timebaseS;
  return [
    `+${FORMAT_CODES[wave.format]}`,
    '+0',
    `+${points}`,
    '+1',
    formatNr3(xInc),
    formatNr3(xOrigin),
    '+0',
    formatNr3(yInc),
    formatNr3(yOrigin),
    `+${yRef}`,
  ].join(',');
}

/** The payload of `:WAV:DATA?`; -222 "No data" when the source is off or nothing was captured. */
export function dsoxWaveformData(state: DsoxState, wave: DsoxWaveformSettings): Uint8Array {
  const count = dsoxPoints(state, wave);
  const record = recordOf(state, wave, count);
  const channel = record?.acquisition.record.channels.find((c) => c.channel === wave.source);
  if (!record || !channel) throw scpiError(-222, 'Data out of range; no data for the source');
  const ch = state.channels[wave.source - 1]!;
  const { yInc, yRef } = scaleOf(state, wave);
  // Front-end samples are (signal − centre), clipped to ±5 divisions.
  const sampleAt = (i: number): number => channel.samples[Math.floor(i * record.stride)]!;
  if (wave.format === 'ASC') {
    return Buffer.from(
      Array.from({ length: count }, (_, i) => formatNr3(sampleAt(i) + ch.centreV)).join(','),
      'ascii',
    );
  }
  const codes = wave.format === 'WORD' ? INFINIIVISION_WORD_CODES : INFINIIVISION_BYTE_CODES;
  const maxCode = codes - 1 - (wave.unsigned ? 0 : codes / 2);
  const minCode = wave.unsigned ? 0 : -codes / 2;
  const width = wave.format === 'WORD' ? 2 : 1;
  const out = new Uint8Array(count * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < count; i++) {
    const code = Math.min(maxCode, Math.max(minCode, Math.round(yRef + sampleAt(i) / yInc)));
    if (width === 1) out[i] = code & 0xff;
    else view.setUint16(2 * i, code & 0xffff, !wave.msbFirst);
  }
  return out;
}
