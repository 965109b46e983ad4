/**
 * The scale labels under the display, as an instrument shows them: each shown channel's V/div and offset
 * in its colour, then the timebase and trigger. The grid is in divisions, so these labels are what turns a
 * trace's height into volts — for that channel only.
 */
import { formatSi } from '../../util/si';
import type { MathTrace } from './ScopeChart';
import type { ChannelScale } from './scopeGeometry';

export interface ChannelScaleLabelsProps {
  scales: ChannelScale[];
  enabled: boolean[];
  /** Math channels (M1 …), labelled in their own unit when on. */
  math?: MathTrace[];
  timebaseS: number | undefined;
  /** Trigger point within the record, 0 … 1 (undefined: not offered). */
  triggerPosition: number | undefined;
  holdoffS: number | undefined;
}

export function ChannelScaleLabels(props: ChannelScaleLabelsProps): React.JSX.Element {
  return (
    <div className="scope-scale-labels" data-testid="scope-scale-labels">
      {props.scales.map((scale, i) =>
        props.enabled[i] ? (
          <span key={i} className={`scale-label ch${i + 1}`} data-testid={`scope-scale-ch${i + 1}`}>
            CH{i + 1} {formatSi(scale.voltsPerDiv, 'V', 3)}/div
            <span className="scale-offset"> offset {formatSi(scale.offsetV, 'V', 3)}</span>
          </span>
        ) : undefined,
      )}
      {props.math?.map((m, i) =>
        m.on ? (
          <span key={`m${i}`} className={`scale-label m${i + 1}`} data-testid={`scope-scale-m${i + 1}`}>
            {m.label} {formatSi(m.scale.voltsPerDiv, m.unit, 3)}/div
            <span className="scale-offset"> offset {formatSi(m.scale.offsetV, m.unit, 3)}</span>
          </span>
        ) : undefined,
      )}
      <span className="scale-label time" data-testid="scope-scale-time">
        {formatSi(props.timebaseS, 's', 3)}/div
        {props.triggerPosition !== undefined && (
          <span className="scale-offset"> T at {Math.round(props.triggerPosition * 100)} %</span>
        )}
        {props.holdoffS !== undefined && props.holdoffS > 0 && (
          <span className="scale-offset"> holdoff {formatSi(props.holdoffS, 's', 3)}</span>
        )}
      </span>
    </div>
  );
}
