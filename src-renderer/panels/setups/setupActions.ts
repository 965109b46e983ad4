/**
 * What the Setups dialog asks of its bench: the setup commands, and applying the parts of a recalled setup
 * that the dashboard owns (its layout, the streams it runs). Plain functions over a BenchClient, so the
 * dialog stays a view.
 */
import type {
  ClientSections,
  SetupExportedMessage,
  SetupRecalledMessage,
  SetupReport,
  SetupSavedMessage,
  SetupScope,
  SetupsMessage,
  SetupSummary,
} from '../../../shared/protocol/setups';
import type { BenchClient } from '../../client/BenchClient';
import { streamKey } from '../../connection/ConnectionManager';
import { useAppStore } from '../../store';

export async function listSetups(bench: BenchClient): Promise<SetupsMessage> {
  return bench.connection.request<SetupsMessage>({ type: 'list_setups' });
}

/** The dashboard's own part of a bench setup: its layout and the streams it runs now. */
export function clientSections(bench: BenchClient): ClientSections {
  const { preferences } = useAppStore.getState();
  return {
    layout: {
      sidebar_collapsed: preferences.sidebarCollapsed ?? false,
      hidden_panels: preferences.hiddenPanels,
    },
    streams: bench.connection.desiredStreams().map((s) => ({
      equipment_id: s.equipment_id,
      stream_type: s.stream_type,
      ...(s.interval_ms === undefined ? {} : { interval_ms: s.interval_ms }),
      ...(s.channel === undefined ? {} : { channel: s.channel }),
      ...(s.width === undefined ? {} : { width: s.width }),
      ...(s.full_resolution === undefined ? {} : { full_resolution: s.full_resolution }),
    })),
  };
}

export async function saveSetup(
  bench: BenchClient,
  name: string,
  scope: SetupScope,
  equipmentId: string | undefined,
): Promise<SetupSummary> {
  const reply = await bench.connection.request<SetupSavedMessage>({
    type: 'save_setup',
    name,
    scope,
    ...(scope === 'instrument' ? { equipment_id: equipmentId } : { client: clientSections(bench) }),
  });
  return reply.setup;
}

/** Recalls a setup, then applies its layout and starts its streams here; resolves with the report. */
export async function recallSetup(
  bench: BenchClient,
  name: string,
  equipmentId: string | undefined,
): Promise<SetupReport> {
  const reply = await bench.connection.request<SetupRecalledMessage>(
    { type: 'recall_setup', name, ...(equipmentId === undefined ? {} : { equipment_id: equipmentId }) },
    // Every setting is one instrument call: a big bench takes a while.
    60_000,
  );
  const { layout, streams } = reply.report.client;
  if (layout !== undefined) {
    const store = useAppStore.getState();
    store.setPreference('sidebarCollapsed', layout.sidebar_collapsed);
    store.setPreference('hiddenPanels', layout.hidden_panels);
  }
  for (const spec of streams ?? []) {
    const key = streamKey(spec);
    bench.state.setStream(key, { status: 'starting', error: undefined });
    bench.connection.startStream(spec).then(
      (started) =>
        bench.state.setStream(key, {
          status: 'running',
          streamId: started.stream_id,
          intervalMs: started.interval_ms,
        }),
      (err: Error) => bench.state.setStream(key, { status: 'error', error: err.message }),
    );
  }
  // Settings changed on the instruments: show what they applied.
  for (const id of new Set(
    reply.report.applied.flatMap((a) => (a.equipment_id === undefined ? [] : [a.equipment_id])),
  )) {
    void bench.refreshSettings(id);
  }
  for (const id of new Set(reply.report.outputs_left_off.map((a) => a.equipment_id))) {
    if (id !== undefined) void bench.refreshSettings(id);
  }
  return reply.report;
}

export async function deleteSetup(bench: BenchClient, name: string): Promise<void> {
  await bench.connection.request({ type: 'delete_setup', name });
}

export async function importSetup(bench: BenchClient, text: string): Promise<SetupSummary> {
  const reply = await bench.connection.request<SetupSavedMessage>({ type: 'import_setup', text });
  return reply.setup;
}

/** Downloads a setup's file (`<name>.json`) through the browser. */
export async function exportSetup(bench: BenchClient, name: string): Promise<void> {
  const reply = await bench.connection.request<SetupExportedMessage>({ type: 'export_setup', name });
  const url = URL.createObjectURL(new Blob([reply.text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
