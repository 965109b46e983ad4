/**
 * Keysight InfiniiVision X scopes as `*IDN?` names them (`KEYSIGHT TECHNOLOGIES,DSO-X 1204G,CN…,02.10…`;
 * older 2000X/3000X units say AGILENT TECHNOLOGIES): channels, bandwidth and the scale limits per series
 * (InfiniiVision 1000/2000/3000 X programmer's guides and data sheets).
 */

export interface InfiniiVisionModel {
  /** As `*IDN?` spells it, e.g. `DSO-X 1204G`. */
  name: string;
  channels: number;
  bandwidthHz: number;
  minTimebaseS: number;
  minVoltsPerDiv: number;
  maxVoltsPerDiv: number;
  /**
   * Points of the raw acquisition record per channel with one channel of its pair on (data sheets'
   * standard memory); with both channels of a pair on, each gets half.
   */
  rawMemoryPoints: number;
}

function series(
  names: readonly [string, number, number][],
  limits: Pick<InfiniiVisionModel, 'minTimebaseS' | 'minVoltsPerDiv' | 'maxVoltsPerDiv' | 'rawMemoryPoints'>,
): InfiniiVisionModel[] {
  return names.map(([name, channels, bandwidthHz]) => ({ name, channels, bandwidthHz, ...limits }));
}

export const INFINIIVISION_MODELS: readonly InfiniiVisionModel[] = [
  ...series(
    [
      ['DSO-X 1102G', 2, 100e6],
      ['DSO-X 1202G', 2, 200e6],
      ['DSO-X 1204G', 4, 200e6],
      ['DSO-X 1204A', 4, 200e6],
      ['EDUX1052G', 2, 50e6],
    ],
    { minTimebaseS: 5e-9, minVoltsPerDiv: 5e-4, maxVoltsPerDiv: 10, rawMemoryPoints: 2_000_000 },
  ),
  ...series(
    [
      ['DSO-X 2002A', 2, 70e6],
      ['DSO-X 2004A', 4, 70e6],
      ['DSO-X 2012A', 2, 100e6],
      ['DSO-X 2014A', 4, 100e6],
      ['DSO-X 2022A', 2, 200e6],
      ['DSO-X 2024A', 4, 200e6],
    ],
    { minTimebaseS: 2e-9, minVoltsPerDiv: 1e-3, maxVoltsPerDiv: 5, rawMemoryPoints: 100_000 },
  ),
  ...series(
    [
      ['DSO-X 3012T', 2, 100e6],
      ['DSO-X 3014T', 4, 100e6],
      ['DSO-X 3024T', 4, 200e6],
      ['DSO-X 3034T', 4, 350e6],
      ['DSO-X 3054T', 4, 500e6],
      ['DSO-X 3104T', 4, 1e9],
    ],
    { minTimebaseS: 5e-10, minVoltsPerDiv: 1e-3, maxVoltsPerDiv: 5, rawMemoryPoints: 4_000_000 },
  ),
];

/** The model `*IDN?` names (spaces and case ignored: `DSOX1204G` is `DSO-X 1204G`). */
export function findInfiniiVisionModel(name: string): InfiniiVisionModel | undefined {
  const key = (s: string): string => s.replace(/[\s-]/g, '').toUpperCase();
  return INFINIIVISION_MODELS.find((m) => key(m.name) === key(name));
}

export const INFINIIVISION_HORIZONTAL_DIVISIONS = 10;
export const INFINIIVISION_MAX_TIMEBASE_S = 50;
/** Points of the measurement (screen) record, the most NORMal mode returns. */
export const INFINIIVISION_SCREEN_POINTS = 62_500;
/** `:WAV:POIN` values offered, points. */
export const INFINIIVISION_POINTS = [
  100, 250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 62_500,
] as const;
/**
 * `:WAV:POIN` counts in RAW and MAXimum points modes (the programmer's guides' list); the scope sends
 * the largest not above the request, and no more than its raw record holds.
 */
export const INFINIIVISION_RAW_POINTS = [
  100, 250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000,
  4_000_000, 8_000_000,
] as const;

/** Raw record points per channel with `enabled` channels on: pairs (1, 2) and (3, 4) share memory. */
export function infiniivisionRawPoints(model: InfiniiVisionModel, enabled: readonly boolean[]): number {
  const pairShared = (enabled[0] && enabled[1]) || (enabled[2] && enabled[3]);
  return pairShared ? model.rawMemoryPoints / 2 : model.rawMemoryPoints;
}

/** BYTE codes over the 10 divisions the ADC covers, and the reference code of the screen centre. */
export const INFINIIVISION_BYTE_CODES = 256;
export const INFINIIVISION_BYTE_REFERENCE = 128;
export const INFINIIVISION_WORD_CODES = 65_536;
export const INFINIIVISION_WORD_REFERENCE = 32_768;
