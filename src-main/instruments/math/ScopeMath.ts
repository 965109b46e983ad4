/**
 * An oscilloscope's math channels (M1, M2: A+B, A−B, A×B, A/B, −A of its inputs), kept by its
 * InstrumentHost so that every scope — simulator or SCPI — gets them in the one place a read becomes a
 * delivered record. Their settings are instrument-wide catalog parameters (`math1_function`,
 * `math1_source_a`, `math1_source_b`, `math1_scale`, `math1_offset`), validated like any other and never
 * sent to the instrument, so setups and the working setup keep them with the scope's own settings.
 */
import type { ChannelInfo, ParameterInfo } from '../../../shared/protocol/index.js';
import {
  computeMath,
  MATH_CHANNEL_BASE,
  MATH_CHANNEL_COUNT,
  MATH_FUNCTIONS,
  type MathDefinition,
  type MathFunction,
  mathLabel,
  mathUnit,
  scopeChannelName,
  scopeChannelNumber,
  usesSourceB,
} from '../../../shared/analysis/mathChannels.js';
import { DriverError, type ParameterValue, type ScopeRecord } from '../InstrumentDriver.js';
import { checkParameterValue, findParameter } from '../parameters.js';
import { nearestInLog, oneTwoFiveSteps } from '../scope/steps125.js';

/** Scales offered for a math channel, per division of its unit (V, V² or a ratio). */
export const MATH_SCALES: readonly number[] = oneTwoFiveSteps(1e-3, 1e3);
/** Largest math offset either way, in the channel's unit. */
export const MAX_MATH_OFFSET = 1e4;

const PARAMETER = /^math([1-9])_(function|source_a|source_b|scale|offset)$/;

/** A math channel that is on: its number on the wire, name, unit and definition. */
export interface ActiveMathChannel {
  channel: number;
  name: string;
  label: string;
  unit: string;
  definition: MathDefinition;
}

export class ScopeMath {
  readonly #definitions: MathDefinition[] = Array.from({ length: MATH_CHANNEL_COUNT }, () => ({
    function: 'off',
    sourceA: 1,
    sourceB: 2,
    scalePerDiv: 1,
    offset: 0,
  }));
  /** Bumped on every change, so a record extended under old definitions is extended again. */
  #version = 0;
  readonly #extended = new WeakMap<ScopeRecord, { version: number; record: ScopeRecord }>();

  static isMathParameter(name: string): boolean {
    return PARAMETER.test(name);
  }

  /** The catalog entries for the math settings of a scope with these input channels. */
  parameters(inputs: readonly ChannelInfo[]): ParameterInfo[] {
    const sources = inputs.map((c) => c.name);
    return this.#definitions.flatMap((_, i) => {
      const m = `math${i + 1}`;
      return [
        {
          name: `${m}_function`,
          type: 'enum',
          choices: [...MATH_FUNCTIONS],
          description: `M${i + 1}: off, A+B, A−B, A×B, A/B or −A of two inputs`,
        },
        { name: `${m}_source_a`, type: 'enum', choices: sources, description: `M${i + 1} source A` },
        { name: `${m}_source_b`, type: 'enum', choices: sources, description: `M${i + 1} source B` },
        {
          name: `${m}_scale`,
          type: 'number',
          unit: 'unit/div',
          min: MATH_SCALES[0],
          max: MATH_SCALES[MATH_SCALES.length - 1],
          values: [...MATH_SCALES],
          description: `M${i + 1} vertical scale: V/div, V²/div for A×B, 1/div for A/B`,
        },
        {
          name: `${m}_offset`,
          type: 'number',
          unit: 'unit',
          min: -MAX_MATH_OFFSET,
          max: MAX_MATH_OFFSET,
          description: `M${i + 1} vertical offset in its own unit (screen centre at −offset)`,
        },
      ] satisfies ParameterInfo[];
    });
  }

  /** The math settings as `get_parameters` reports them (instrument-wide). */
  snapshot(): Record<string, ParameterValue> {
    const out: Record<string, ParameterValue> = {};
    this.#definitions.forEach((d, i) => {
      const m = `math${i + 1}`;
      out[`${m}_function`] = d.function;
      out[`${m}_source_a`] = scopeChannelName(d.sourceA);
      out[`${m}_source_b`] = scopeChannelName(d.sourceB);
      out[`${m}_scale`] = d.scalePerDiv;
      out[`${m}_offset`] = d.offset;
    });
    return out;
  }

  /**
   * Applies one math setting after checking it against the catalog; resolves the value applied (a scale
   * rounds to the nearest 1-2-5 step). Throws DriverError and changes nothing on a bad value.
   */
  set(name: string, value: ParameterValue, inputs: readonly ChannelInfo[], channel?: number): ParameterValue {
    const info = findParameter(this.parameters(inputs), name, channel);
    const checked = checkParameterValue(info, value);
    const [, index, field] = PARAMETER.exec(name)!;
    const def = this.#definitions[Number(index) - 1]!;
    let applied: ParameterValue = checked;
    switch (field) {
      case 'function':
        def.function = checked as MathFunction;
        break;
      case 'source_a':
        def.sourceA = scopeChannelNumber(checked as string)!;
        break;
      case 'source_b':
        def.sourceB = scopeChannelNumber(checked as string)!;
        break;
      case 'scale':
        def.scalePerDiv = nearestInLog(MATH_SCALES, checked as number);
        applied = def.scalePerDiv;
        break;
      case 'offset':
        def.offset = checked as number;
        break;
      default:
        throw new DriverError(`unknown math setting "${name}"`, 'unknown_parameter');
    }
    this.#version++;
    return applied;
  }

  /** The math channels that are on. */
  active(): ActiveMathChannel[] {
    return this.#definitions.flatMap((definition, i) =>
      definition.function === 'off'
        ? []
        : [
            {
              channel: MATH_CHANNEL_BASE + i + 1,
              name: `M${i + 1}`,
              label: mathLabel(i + 1, definition),
              unit: mathUnit(definition.function),
              definition: { ...definition },
            },
          ],
    );
  }

  /**
   * The record with its math channels appended (the same object again for the same driver record, as a
   * stopped scope serves it, so views that skip repeats still do). A math channel whose source is not in
   * the record (that input is off) is left out. The driver's record and arrays are not touched.
   */
  extend(record: ScopeRecord): ScopeRecord {
    const active = this.active();
    if (active.length === 0) return record;
    const cached = this.#extended.get(record);
    if (cached?.version === this.#version) return cached.record;
    const channels = [...record.channels];
    for (const math of active) {
      const computed = computeOn(record, math.definition);
      if (computed) channels.push({ channel: math.channel, samples: computed });
    }
    const extended: ScopeRecord = { ...record, channels };
    this.#extended.set(record, { version: this.#version, record: extended });
    return extended;
  }
}

/** The math channel's samples for `record`; undefined when a source is not in it. */
function computeOn(record: ScopeRecord, def: MathDefinition): Float32Array | undefined {
  const operand = (channel: number) => {
    const found = record.channels.find((c) => c.channel === channel);
    return (
      found && { name: scopeChannelName(channel), samples: found.samples, sampleRateHz: record.sampleRateHz }
    );
  };
  const a = operand(def.sourceA);
  const b = usesSourceB(def.function) ? operand(def.sourceB) : undefined;
  if (a === undefined || (usesSourceB(def.function) && b === undefined)) return undefined;
  return computeMath(def.function, a, b);
}
