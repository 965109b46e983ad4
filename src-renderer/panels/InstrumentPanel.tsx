/**
 * One instrument on the dashboard: the panel its profile calls for (panelProfile.ts), greyed and
 * disabled while the instrument is not online, with why and since when. Values then shown are stale.
 */
import type { InstrumentInfo } from '../../shared/protocol/catalog';
import { useBenchState } from '../client/BenchContext';
import { useNow } from '../util/useNow';
import { stateNoteText } from './instrumentStateNote';
import { GenericPanel } from './generic/GenericPanel';
import { LinkLine } from './LinkLine';
import { panelProfileOf } from './panelProfile';
import { PowerSupplyPanel } from './PowerSupplyPanel';
import { ScopePanel } from './scope/ScopePanel';

function StateNote({ instrument }: { instrument: InstrumentInfo }): React.JSX.Element {
  const sinceMs = useBenchState((s) => s.stateSinceMs[instrument.id]);
  const nowMs = useNow(1_000, true);
  return (
    <div
      className={`instrument-state-note state-${instrument.state}`}
      role="status"
      data-testid={`instrument-${instrument.id}-state`}
    >
      {stateNoteText(instrument, sinceMs, nowMs)}
    </div>
  );
}

export function InstrumentPanel({ instrument }: { instrument: InstrumentInfo }): React.JSX.Element {
  const profile = panelProfileOf(instrument);
  const online = instrument.state === 'online';
  return (
    <div
      className={online ? 'instrument-frame' : 'instrument-frame instrument-not-online'}
      data-state={instrument.state}
      data-profile={profile}
    >
      {!online && <StateNote instrument={instrument} />}
      {/* A disabled fieldset disables every control inside: nothing can be sent to an instrument that is
          not online, and its last values stay readable. */}
      <fieldset className="instrument-fieldset" disabled={!online}>
        {profile === 'power_supply' ? (
          <PowerSupplyPanel instrument={instrument} />
        ) : profile === 'oscilloscope' ? (
          <ScopePanel instrument={instrument} />
        ) : (
          <GenericPanel instrument={instrument} />
        )}
      </fieldset>
      <LinkLine instrumentId={instrument.id} />
    </div>
  );
}
