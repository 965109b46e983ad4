/**
 * Setups: save the bench (or one instrument) under a name, recall one with its report shown, import a
 * setup file, export or delete one. Recalls never switch outputs on; the report says which were left off.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SetupReport, SetupRestoreSummary, SetupSummary } from '../../../shared/protocol/setups';
import { MAX_SETUP_TEXT_CHARS, SETUP_NAME_MAX_LENGTH } from '../../../shared/protocol/setups';
import { useBench, useBenchState } from '../../client/BenchContext';
import { SetupReportView } from './SetupReportView';
import { deleteSetup, exportSetup, importSetup, listSetups, recallSetup, saveSetup } from './setupActions';

const BENCH = '';

function SetupRow({
  setup,
  busy,
  onRecall,
  onExport,
  onDelete,
}: {
  setup: SetupSummary;
  busy: boolean;
  onRecall(target: string | undefined): void;
  onExport(): void;
  onDelete(): void;
}): React.JSX.Element {
  const instruments = useBenchState((s) => s.instruments) ?? [];
  const saved = setup.instruments[0]?.equipment_id;
  const [target, setTarget] = useState(saved ?? '');
  const what =
    setup.scope === 'bench'
      ? `Bench · ${setup.instruments.length} instrument${setup.instruments.length === 1 ? '' : 's'}`
      : `${setup.instruments[0]?.label ?? '?'} (${setup.instruments[0]?.model ?? '?'})`;
  return (
    <li className="setup-row" data-testid={`setup-${setup.name}`}>
      <div className="setup-row-name">
        <strong>{setup.name}</strong>
        <span className="muted small">
          {what} · {new Date(setup.saved_at).toLocaleString()}
        </span>
      </div>
      {setup.scope === 'instrument' && (
        <label className="small">
          onto
          <select
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            data-testid={`setup-${setup.name}-target`}
          >
            {instruments.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label} ({i.id})
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => onRecall(setup.scope === 'instrument' ? target : undefined)}
        data-testid={`setup-${setup.name}-recall`}
      >
        Recall
      </button>
      <button type="button" disabled={busy} onClick={onExport} data-testid={`setup-${setup.name}-export`}>
        Export
      </button>
      <button type="button" disabled={busy} onClick={onDelete} data-testid={`setup-${setup.name}-delete`}>
        Delete
      </button>
    </li>
  );
}

export function SetupsDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  const bench = useBench();
  const instruments = useBenchState((s) => s.instruments) ?? [];
  const connected = useBenchState((s) => s.connection.state === 'open');
  const ref = useRef<HTMLDialogElement>(null);
  const [setups, setSetups] = useState<SetupSummary[] | undefined>(undefined);
  const [restored, setRestored] = useState<SetupRestoreSummary | undefined>(undefined);
  const [name, setName] = useState('');
  const [scope, setScope] = useState(BENCH);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<{ name: string; report: SetupReport } | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const reply = await listSetups(bench);
      setSetups(reply.setups);
      setRestored(reply.restored);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [bench]);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  useEffect(() => {
    if (!connected) return;
    listSetups(bench).then(
      (reply) => {
        setSetups(reply.setups);
        setRestored(reply.restored);
      },
      (err: Error) => setError(err.message),
    );
  }, [bench, connected]);

  const run = async (what: () => Promise<void>, doing?: string): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setStatus(doing);
    try {
      await what();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const exists = setups?.some((s) => s.name === name.trim()) ?? false;

  return (
    <dialog
      ref={ref}
      className="setups-dialog"
      aria-labelledby="setups-title"
      data-testid="setups-dialog"
      onClose={onClose}
    >
      <h2 id="setups-title">Setups</h2>
      <form
        className="setup-save"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const saved = await saveSetup(
              bench,
              name.trim(),
              scope === BENCH ? 'bench' : 'instrument',
              scope || undefined,
            );
            setStatus(
              `Saved "${saved.name}" (${saved.instruments.length} instrument${saved.instruments.length === 1 ? '' : 's'}).`,
            );
            setReport(undefined);
            await refresh();
          });
        }}
      >
        <label>
          Save as
          <input
            value={name}
            maxLength={SETUP_NAME_MAX_LENGTH}
            placeholder="e.g. 3V3 rail bring-up"
            onChange={(e) => setName(e.target.value)}
            data-testid="setup-name"
          />
        </label>
        <label>
          Holding
          <select value={scope} onChange={(e) => setScope(e.target.value)} data-testid="setup-scope">
            <option value={BENCH}>the whole bench (settings, streams, layout)</option>
            {instruments.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label} only
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="primary"
          disabled={busy || !connected || name.trim() === ''}
          data-testid="setup-save"
        >
          {exists ? 'Replace' : 'Save'}
        </button>
      </form>
      {error && (
        <p className="error-text" role="alert" data-testid="setups-error">
          {error}
        </p>
      )}
      {status && (
        <p role="status" data-testid="setups-status">
          {status}
        </p>
      )}
      {report && (
        <section aria-label={`Recall of ${report.name}`}>
          <h3>Recalled “{report.name}”</h3>
          <SetupReportView report={report.report} testId="setup-report" />
        </section>
      )}
      {setups === undefined ? (
        <p className="muted">
          {connected ? 'Loading setups…' : 'Not connected to the backend: setups are kept there.'}
        </p>
      ) : setups.length === 0 ? (
        <p className="empty-state" data-testid="setups-empty">
          No setups saved yet. Give the present settings a name above and press Save, or import a setup file
          exported from another bench.
        </p>
      ) : (
        <ul className="setup-list" data-testid="setup-list">
          {setups.map((setup) => (
            <SetupRow
              key={setup.name}
              setup={setup}
              busy={busy || !connected}
              onRecall={(target) =>
                void run(async () => {
                  setReport(undefined);
                  const done = await recallSetup(bench, setup.name, target);
                  setStatus(undefined);
                  setReport({ name: setup.name, report: done });
                }, `Recalling "${setup.name}": outputs off first, then each setting…`)
              }
              onExport={() => void run(() => exportSetup(bench, setup.name))}
              onDelete={() =>
                void run(async () => {
                  await deleteSetup(bench, setup.name);
                  setStatus(`Deleted "${setup.name}".`);
                  await refresh();
                })
              }
            />
          ))}
        </ul>
      )}
      {restored && (
        <details className="setup-restored">
          <summary>Restored at start-up, {new Date(restored.at).toLocaleTimeString()}</summary>
          <SetupReportView report={restored.report} testId="setup-restore-report" />
        </details>
      )}
      <div className="dialog-buttons">
        <label className="file-button">
          Import file…
          <input
            type="file"
            accept=".json,application/json"
            disabled={busy || !connected}
            data-testid="setup-import"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file === undefined) return;
              void run(async () => {
                // Checked here: a bigger message would be refused by the backend as a whole, unread.
                if (file.size > MAX_SETUP_TEXT_CHARS) {
                  throw new Error(
                    `${file.name} is ${Math.ceil(file.size / 1024)} KiB: a setup file is at most ${Math.floor(MAX_SETUP_TEXT_CHARS / 1024)} KiB`,
                  );
                }
                const imported = await importSetup(bench, await file.text());
                setStatus(`Imported "${imported.name}".`);
                await refresh();
              });
            }}
          />
        </label>
        <button type="button" onClick={onClose} data-testid="setups-close">
          Close
        </button>
      </div>
    </dialog>
  );
}
