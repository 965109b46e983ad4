/**
 * The DP800 command set as the programming guide writes it (and as sigrok's scpi-pps profile for the DP800
 * sends it): channel selection, setpoints, outputs, measurements, protection, tracking, `:APPLy`.
 * Commands that take a channel accept `CH1`..`CH3` first and otherwise act on the selected channel.
 */
import { SCPI_ERRORS } from '../core/ScpiError.js';
import type { CommandContext, CommandDefinition } from '../core/types.js';
import { booleanParam, choiceParam, formatFixed, noMoreParams, numberParam } from '../core/parameters.js';
import type { Dp832Model } from './Dp832Model.js';

/** How long the DP800 takes over a setting before it reads the next command, ms. */
const SETTING_SETTLE_MS = 5;

export function dp800Commands(model: Dp832Model): CommandDefinition[] {
  const count = model.channels.length;
  /** `CHn` as parameter `index`, if one is there: [channel, index of the next parameter]. */
  const channelArg = (params: readonly string[], index: number): [number, number] => {
    const raw = params[index]?.toUpperCase();
    const m = raw === undefined ? null : /^CH(\d)$/.exec(raw);
    if (!m) return [model.selected, index];
    const n = Number(m[1]);
    if (n < 1 || n > count) throw SCPI_ERRORS.illegalParameter();
    return [n, index + 1];
  };
  /** The channel a query names (`CHn`, its only parameter) or the selected one. */
  const queriedChannel = (params: readonly string[]): number => {
    const [n, next] = channelArg(params, 0);
    noMoreParams(params, next);
    return n;
  };
  /** The channel of a `:SOURce<n>` header, or the selected one. */
  const sourceChannel = ({ suffixes }: CommandContext): number => {
    const n = suffixes[0] ?? model.selected;
    if (n < 1 || n > count) throw SCPI_ERRORS.undefinedHeader();
    return n;
  };
  const onOff = (value: boolean): string => (value ? 'ON' : 'OFF');
  const setting = (definition: Omit<CommandDefinition, 'settleMs'>): CommandDefinition => ({
    ...definition,
    settleMs: SETTING_SETTLE_MS,
  });
  /** `:SOUR:VOLT? [MIN|MAX]`: the setpoint, or the range end asked for. */
  const limitQuery = (
    params: readonly string[],
    value: number,
    min: number,
    max: number,
    decimals: number,
  ): string => {
    if (params.length === 0) return formatFixed(value, decimals);
    noMoreParams(params, 1);
    const which = choiceParam(params, 0, ['MINimum', 'MAXimum']);
    return formatFixed(which === 'MINIMUM' ? min : max, decimals);
  };
  const protectionCommands = (kind: 'OVP' | 'OCP'): CommandDefinition[] => {
    const isOvp = kind === 'OVP';
    const level = (n: number): number =>
      isOvp ? model.channel(n).ovpLevelV : model.channel(n).physics.ocpLevelA;
    const enabled = (n: number): boolean =>
      isOvp ? model.channel(n).ovpEnabled : model.channel(n).physics.ocpEnabled;
    const tripped = (n: number): boolean => {
      model.advance();
      return model.channel(n).physics.trip === kind.toLowerCase();
    };
    return [
      setting({
        pattern: `:OUTPut:${kind}[:STATe]`,
        run: ({ params }) => {
          const [n, next] = channelArg(params, 0);
          noMoreParams(params, next + 1);
          const on = booleanParam(params, next);
          if (isOvp) model.setOvp(n, { enabled: on });
          else model.setOcp(n, { enabled: on });
          return undefined;
        },
      }),
      { pattern: `:OUTPut:${kind}[:STATe]?`, run: ({ params }) => onOff(enabled(queriedChannel(params))) },
      setting({
        pattern: `:OUTPut:${kind}:VALue`,
        run: ({ params }) => {
          const [n, next] = channelArg(params, 0);
          noMoreParams(params, next + 1);
          const spec = model.channel(n).spec;
          const max = isOvp ? spec.ovpMaxV : spec.ocpMaxA;
          const min = isOvp ? 0.01 : 0.001;
          const value = numberParam(params, next, { min, max, def: max });
          if (isOvp) model.setOvp(n, { levelV: value });
          else model.setOcp(n, { levelA: value });
          return undefined;
        },
      }),
      {
        pattern: `:OUTPut:${kind}:VALue?`,
        run: ({ params }) => formatFixed(level(queriedChannel(params)), 3),
      },
      {
        pattern: `:OUTPut:${kind}:QUEStion?`,
        run: ({ params }) => (tripped(queriedChannel(params)) ? 'YES' : 'NO'),
      },
      {
        pattern: `:OUTPut:${kind}:ALARm?`,
        run: ({ params }) => (tripped(queriedChannel(params)) ? 'YES' : 'NO'),
      },
      setting({
        pattern: `:OUTPut:${kind}:CLEar`,
        run: ({ params }) => {
          model.clearTrip(queriedChannel(params), isOvp ? 'ovp' : 'ocp');
          return undefined;
        },
      }),
    ];
  };
  const measurement = (pattern: string, pick: (n: number) => string): CommandDefinition => ({
    pattern,
    run: ({ params }) => pick(queriedChannel(params)),
  });

  return [
    setting({
      pattern: ':INSTrument:NSELect',
      run: ({ params }) => {
        noMoreParams(params, 1);
        model.selected = numberParam(params, 0, { min: 1, max: count, keywords: false });
        if (!Number.isInteger(model.selected)) throw SCPI_ERRORS.illegalParameter();
        return undefined;
      },
    }),
    { pattern: ':INSTrument:NSELect?', run: () => String(model.selected) },
    setting({
      pattern: ':INSTrument[:SELect]',
      run: ({ params }) => {
        noMoreParams(params, 1);
        const [n, next] = channelArg(params, 0);
        if (next === 0) throw SCPI_ERRORS.illegalParameter();
        model.selected = n;
        return undefined;
      },
    }),
    { pattern: ':INSTrument[:SELect]?', run: () => `CH${model.selected}` },
    setting({
      pattern: '[:SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]',
      run: (context) => {
        const n = sourceChannel(context);
        noMoreParams(context.params, 1);
        const spec = model.channel(n).spec;
        model.setVoltage(
          n,
          numberParam(context.params, 0, { min: 0, max: spec.maxVoltageV, units: { V: 1, MV: 1e-3 } }),
        );
        return undefined;
      },
    }),
    {
      pattern: '[:SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]?',
      run: (context) => {
        const channel = model.channel(sourceChannel(context));
        return limitQuery(context.params, channel.physics.voltageSetV, 0, channel.spec.maxVoltageV, 3);
      },
    },
    setting({
      pattern: '[:SOURce#]:CURRent[:LEVel][:IMMediate][:AMPLitude]',
      run: (context) => {
        const n = sourceChannel(context);
        noMoreParams(context.params, 1);
        const spec = model.channel(n).spec;
        model.setCurrent(
          n,
          numberParam(context.params, 0, { min: 0, max: spec.maxCurrentA, units: { A: 1, MA: 1e-3 } }),
        );
        return undefined;
      },
    }),
    {
      pattern: '[:SOURce#]:CURRent[:LEVel][:IMMediate][:AMPLitude]?',
      run: (context) => {
        const channel = model.channel(sourceChannel(context));
        return limitQuery(context.params, channel.physics.currentLimitA, 0, channel.spec.maxCurrentA, 3);
      },
    },
    setting({
      pattern: ':OUTPut[:STATe]',
      run: ({ params }) => {
        const [n, next] = channelArg(params, 0);
        noMoreParams(params, next + 1);
        model.setOutput(n, booleanParam(params, next));
        return undefined;
      },
    }),
    {
      pattern: ':OUTPut[:STATe]?',
      run: ({ params }) => onOff(model.channel(queriedChannel(params)).physics.outputEnabled),
    },
    { pattern: ':OUTPut:MODE?', run: ({ params }) => model.mode(queriedChannel(params)) },
    { pattern: ':OUTPut:CVCC?', run: ({ params }) => model.mode(queriedChannel(params)) },
    ...protectionCommands('OVP'),
    ...protectionCommands('OCP'),
    setting({
      pattern: ':OUTPut:TRACk[:STATe]',
      run: ({ params }) => {
        const [n, next] = channelArg(params, 0);
        noMoreParams(params, next + 1);
        if (n > 2 || count < 3) throw SCPI_ERRORS.illegalParameter();
        model.channel(n).trackEnabled = booleanParam(params, next);
        return undefined;
      },
    }),
    {
      pattern: ':OUTPut:TRACk[:STATe]?',
      run: ({ params }) => {
        const n = queriedChannel(params);
        if (n > 2 || count < 3) throw SCPI_ERRORS.illegalParameter();
        return onOff(model.channel(n).trackEnabled);
      },
    },
    measurement(':MEASure[:VOLTage][:DC]?', (n) => formatFixed(model.measure(n).voltageV, 4)),
    measurement(':MEASure:CURRent[:DC]?', (n) => formatFixed(model.measure(n).currentA, 4)),
    measurement(':MEASure:POWEr[:DC]?', (n) => formatFixed(model.measure(n).powerW, 3)),
    measurement(':MEASure:ALL[:DC]?', (n) => {
      const m = model.measure(n);
      return `${formatFixed(m.voltageV, 4)},${formatFixed(m.currentA, 4)},${formatFixed(m.powerW, 3)}`;
    }),
    setting({
      pattern: ':APPLy',
      run: ({ params }) => {
        const [n, next] = channelArg(params, 0);
        noMoreParams(params, next + 2);
        if (params.length === 0) throw SCPI_ERRORS.missingParameter();
        const spec = model.channel(n).spec;
        // Both values are checked before either is applied: a refused :APPL changes nothing.
        const voltageV =
          params.length > next ? numberParam(params, next, { min: 0, max: spec.maxVoltageV }) : undefined;
        const currentA =
          params.length > next + 1
            ? numberParam(params, next + 1, { min: 0, max: spec.maxCurrentA })
            : undefined;
        if (voltageV !== undefined) model.setVoltage(n, voltageV);
        if (currentA !== undefined) model.setCurrent(n, currentA);
        return undefined;
      },
    }),
    {
      pattern: ':APPLy?',
      run: ({ params }) => {
        const n = queriedChannel(params);
        const channel = model.channel(n);
        const { voltageSetV, currentLimitA } = channel.physics;
        return `CH${n}:${channel.spec.rating},${formatFixed(voltageSetV, 3)},${formatFixed(currentLimitA, 3)}`;
      },
    },
    { pattern: ':SYSTem:REMote', run: () => void (model.remote = true) },
    { pattern: ':SYSTem:RWLock', run: () => void (model.remote = true) },
    { pattern: ':SYSTem:LOCal', run: () => void (model.remote = false) },
    setting({
      pattern: ':SYSTem:BEEPer[:STATe]',
      run: ({ params }) => void (model.beeper = booleanParam(params, 0)),
    }),
    { pattern: ':SYSTem:BEEPer[:STATe]?', run: () => onOff(model.beeper) },
    setting({ pattern: ':SYSTem:OTP', run: ({ params }) => void (model.otp = booleanParam(params, 0)) }),
    { pattern: ':SYSTem:OTP?', run: () => onOff(model.otp) },
  ];
}
