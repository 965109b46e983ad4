/**
 * `:WAVeform` reads of an emulated InfiniiVision X: the preamble and the `:WAV:DATA?` payload for the
 * source, `:WAV:POIN`, BYTE/WORD/ASCii format, `:WAV:UNS` and `:WAV:BYT`. Conversion (Keysight's):
 * volts = (code − yreference) × yincrement + yorigin, yorigin being the screen centre.
 */
import {
  INFINIIVISION_BYTE_CODES,
  INFINIIVISION_BYTE_REFERENCE,
  INFINIIVISION_HORIZONTAL_DIVISIONS,
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
  points: number;
  unsigned: boolean;
  msbFirst: boolean;
}

export function defaultDsoxWaveform(): DsoxWaveformSettings {
  return { source: 1, format: 'BYTE', pointsMode: 'NORM', points: 1_000, unsigned: true, msbFirst: true };
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
  const record = state.record(wave.points);
  const xInc = (INFINIIVISION_HORIZONTAL_DIVISIONS * state.timebaseS) / wave.points;
  const xOrigin =
    record?.acquisition.record.x0S ?? -(INFINIIVISION_HORIZONTAL_DIVISIONS / 2) * state.timebaseS;
  return [
    `+${FORMAT_CODES[wave.format]}`,
    '+0',
    `+${wave.points}`,
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
  const record = state.record(wave.points);
  const channel = record?.acquisition.record.channels.find((c) => c.channel === wave.source);
  if (!record || !channel) throw scpiError(-222, 'Data out of range; no data for the source');
  const ch = state.channels[wave.source - 1]!;
  const { yInc, yRef } = scaleOf(state, wave);
  const count = wave.points;
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
