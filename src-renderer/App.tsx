import { useAppStore, selectInstruments } from './store';
import { PowerSupplyPanel } from './panels/PowerSupplyPanel';
import { ScopePanel } from './panels/scope/ScopePanel';
import { StatusBar } from './panels/StatusBar';
import { AppHeader } from './panels/AppHeader';
import { EventsLog } from './panels/EventsLog';

function Instruments(): React.JSX.Element {
  const instruments = useAppStore(selectInstruments);
  const state = useAppStore((s) => s.connection.state);
  if (!instruments) {
    return (
      <div className="empty-state" data-testid="loading">
        {state === 'open' ? 'Loading instruments…' : 'Waiting for the backend…'}
      </div>
    );
  }
  if (instruments.length === 0) return <div className="empty-state">The backend reports no instruments.</div>;
  return (
    <>
      {instruments.map((instrument) =>
        instrument.kind === 'power_supply' ? (
          <PowerSupplyPanel key={instrument.id} instrument={instrument} />
        ) : (
          <ScopePanel key={instrument.id} instrument={instrument} />
        ),
      )}
    </>
  );
}

export function App(): React.JSX.Element {
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main">
        <Instruments />
        <EventsLog />
      </main>
      <StatusBar />
    </div>
  );
}
