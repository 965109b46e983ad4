/** What a recall or the start-up restore did: counts, outputs left off, and each skipped item with why. */
import type { SetupReport, SetupReportItem } from '../../../shared/protocol/setups';

function itemName(item: SetupReportItem): string {
  const where = [item.equipment_id, item.channel === undefined ? undefined : `CH${item.channel}`]
    .filter(Boolean)
    .join(' ');
  return where === '' ? item.item : `${where} ${item.item}`;
}

export function SetupReportView({
  report,
  testId,
}: {
  report: SetupReport;
  testId: string;
}): React.JSX.Element {
  return (
    <div className="setup-report" data-testid={testId}>
      <p>
        <strong data-testid={`${testId}-applied`}>{report.applied.length} applied</strong>
        {report.skipped.length > 0 && <>, {report.skipped.length} not applied</>}.
      </p>
      {report.outputs_left_off.length > 0 && (
        <p className="setup-outputs-off" data-testid={`${testId}-outputs-off`}>
          Outputs left off — turn on when ready (
          {report.outputs_left_off
            .map((o) =>
              [o.equipment_id, o.channel === undefined ? undefined : `CH${o.channel}`]
                .filter(Boolean)
                .join(' '),
            )
            .join(', ')}
          ).
        </p>
      )}
      {report.skipped.length > 0 && (
        <ul className="setup-skipped" data-testid={`${testId}-skipped`}>
          {report.skipped.map((item, i) => (
            <li key={i}>
              <strong>{itemName(item)}</strong>: {item.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
