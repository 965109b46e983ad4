/**
 * The review's cursor readout, as on the scope: time cursors A and B (each channel's value at both, Δt,
 * 1/Δt) and voltage cursors Y1 and Y2 read per channel in its own unit and scale (readLevelCursors, as the
 * scope's readout does), with each channel's scale per division beside them and a slider per voltage cursor.
 */
import type { LevelCursorName } from '../../charts/scopeGestures';
import { formatSi } from '../../util/si';
import './reviewCursors.css';
import { LevelCursorSlider } from '../scope/LevelCursorSlider';
import { type ChannelScale, readLevelCursors } from '../scope/scopeGeometry';
import type { CursorReading } from './reviewSpan';

export interface ReviewLevelCursors {
  /** Screen positions, divisions above the centre; undefined: not placed. */
  Y1?: number;
  Y2?: number;
}

export interface ReviewCursorTableProps {
  readings: { name: 'a' | 'b'; reading: CursorReading }[];
  /** The captured channels, in the review's order, with the scale each is drawn at. */
  channels: { name: string; unit: string; scale: ChannelScale }[];
  levels: ReviewLevelCursors;
  onLevel(which: LevelCursorName, divisions: number | undefined): void;
}

const columnValue = (v: { min: number | null; max: number | null; unit: string }): string =>
  v.min === null || v.max === null
    ? '—'
    : v.min === v.max
      ? formatSi(v.min, v.unit, 5)
      : `${formatSi(v.min, v.unit, 4)} … ${formatSi(v.max, v.unit, 4)}`;

export function ReviewCursorTable({
  readings,
  channels,
  levels,
  onLevel,
}: ReviewCursorTableProps): React.JSX.Element {
  const a = readings.find((r) => r.name === 'a')?.reading;
  const b = readings.find((r) => r.name === 'b')?.reading;
  const levelPlaced = levels.Y1 !== undefined || levels.Y2 !== undefined;
  return (
    <div className="review-cursor-readout">
      <p className="muted small review-scales" data-testid="review-scales">
        {channels.map((c) => (
          <span key={c.name} data-testid={`review-scale-${c.name}`} data-per-div={c.scale.voltsPerDiv}>
            {c.name} {formatSi(c.scale.voltsPerDiv, c.unit, 3)}/div
            {c.scale.offsetV !== 0 && `, centre ${formatSi(-c.scale.offsetV, c.unit, 4)}`}
          </span>
        ))}
      </p>
      <table className="review-cursors" data-testid="review-cursors">
        <tbody>
          {readings.map(({ name, reading }) => (
            <tr key={name}>
              <th scope="row">{name.toUpperCase()}</th>
              <td>{formatSi(reading.timeS, 's', 7)}</td>
              {reading.values.map((v) => (
                <td key={v.name}>
                  {v.name} {columnValue(v)}
                </td>
              ))}
            </tr>
          ))}
          {a && b && (
            <tr data-testid="review-cursor-delta">
              <th scope="row">Δ</th>
              <td>
                {formatSi(b.timeS - a.timeS, 's', 6)}
                {b.timeS !== a.timeS && ` · 1/Δt ${formatSi(1 / Math.abs(b.timeS - a.timeS), 'Hz', 5)}`}
              </td>
            </tr>
          )}
          {levelPlaced &&
            channels.map((c) => {
              const level = readLevelCursors(levels.Y1, levels.Y2, c.scale);
              return (
                <tr key={`level-${c.name}`} data-testid={`review-level-${c.name}`}>
                  <th scope="row">{c.name}</th>
                  <td>Y1 {formatSi(level.y1V, c.unit, 5)}</td>
                  <td>Y2 {formatSi(level.y2V, c.unit, 5)}</td>
                  <td data-testid={`review-cursor-dy-${c.name}`} data-value={level.deltaV}>
                    ΔY {formatSi(level.deltaV, c.unit, 5)}
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
      <div className="review-level-controls">
        {(['Y1', 'Y2'] as const).map((which) => (
          <LevelCursorSlider
            key={which}
            which={which}
            divisions={levels[which]}
            testId={`review-cursor-${which.toLowerCase()}-slider`}
            onChange={(divisions) => onLevel(which, divisions)}
          />
        ))}
        {levelPlaced ? (
          <button
            type="button"
            className="link"
            onClick={() => {
              onLevel('Y1', undefined);
              onLevel('Y2', undefined);
            }}
            data-testid="review-levels-clear"
          >
            Clear voltage cursors
          </button>
        ) : (
          <button
            type="button"
            className="link"
            onClick={() => {
              onLevel('Y1', -1);
              onLevel('Y2', 1);
            }}
            data-testid="review-levels-add"
          >
            Add voltage cursors
          </button>
        )}
      </div>
    </div>
  );
}
