/**
 * The link line under a real instrument's panel: a compact summary, every figure when expanded. An
 * instrument with no link (a simulator) renders nothing at all.
 */
import type { InstrumentLinkStats } from '../../shared/protocol/link';
import { useBenchState } from '../client/BenchContext';
import { linkDetailRows, linkLineText } from './linkLineText';
import './LinkLine.css';

export function LinkLineView({
  instrumentId,
  link,
}: {
  instrumentId: string;
  link: InstrumentLinkStats | undefined;
}): React.JSX.Element | null {
  if (link === undefined) return null;
  const rows = linkDetailRows(link);
  const troubled = link.timeouts + link.resyncs + link.instrument_errors + link.parse_errors > 0;
  return (
    <details
      className={troubled ? 'link-line link-line-troubled' : 'link-line'}
      data-testid={`instrument-${instrumentId}-link`}
    >
      <summary title={rows.map(([label, value]) => `${label}: ${value}`).join('\n')}>
        {linkLineText(link)}
      </summary>
      <dl className="link-line-detail">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

export function LinkLine({ instrumentId }: { instrumentId: string }): React.JSX.Element | null {
  const link = useBenchState((s) => s.links[instrumentId]);
  return <LinkLineView instrumentId={instrumentId} link={link} />;
}
