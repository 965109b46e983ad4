/**
 * The coupling selector of a supply whose catalog offers `tracking_mode` (series, parallel, track): shown
 * only there, with the modes that model has. Instruments change it only with the coupled outputs off; a
 * refusal says so in the events log.
 */
import { isPaired } from '../../../shared/profiles/index';
import type { InstrumentInfo } from '../../../shared/protocol/catalog';
import { useBench, useBenchState } from '../../client/BenchContext';
import { SelectSetting } from '../controls/SelectSetting';
import { couplingInfo } from './settingRange';
import { useControlBlocked } from '../../client/benchControl';

const MODE_LABELS: Readonly<Record<string, string>> = {
  independent: 'Independent',
  series: 'Series',
  parallel: 'Parallel',
  track: 'Track',
};

/** The coupled pair while paired (series/parallel): [first, second], else undefined. */
export function pairedChannels(
  instrument: InstrumentInfo,
  mode: unknown,
): readonly [number, number] | undefined {
  const pair = couplingInfo(instrument)?.coupled_channels;
  if (!isPaired(mode) || pair?.length !== 2) return undefined;
  return [pair[0]!, pair[1]!];
}

export function PsuCoupling({ instrument }: { instrument: InstrumentInfo }): React.JSX.Element | null {
  const bench = useBench();
  const info = couplingInfo(instrument);
  const mode = useBenchState((s) => s.settings[instrument.id]?.global.tracking_mode);
  const connected = useBenchState((s) => s.connection.state === 'open');
  // A fleet bench's controls work for the holder of its lease only; the lease bar says who holds it.
  const blocked = useControlBlocked() !== undefined;
  if (!info?.choices || info.choices.length < 2) return null;
  const pair = info.coupled_channels?.map((c) => `CH${c}`).join('/') ?? '';
  const choose = (next: string): void => {
    bench.setParameter(instrument.id, 'tracking_mode', next).catch((err: Error) =>
      bench.state.addEvent({
        type: 'event',
        level: 'error',
        kind: 'command_failed',
        equipment_id: instrument.id,
        message: err.message,
        timestamp: Date.now(),
      }),
    );
  };
  return (
    <span className="coupling" title={info.description}>
      <SelectSetting
        label={`${pair} coupling`}
        value={typeof mode === 'string' ? mode : undefined}
        choices={info.choices}
        format={(c) => MODE_LABELS[c] ?? c}
        testId={`${instrument.id}-coupling`}
        disabled={!connected || blocked}
        onChange={choose}
      />
    </span>
  );
}
