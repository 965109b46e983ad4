/**
 * The "By address" part of the add-instrument dialog: search the network or type a host and port, then
 * Identify, which shows who answered and the driver chosen, or the backend's reason.
 */
import { describeDiscovered } from './instrumentAddress';
import type { InstrumentAddress } from './useInstrumentAddress';

export function AddressSection({ address }: { address: InstrumentAddress }): React.JSX.Element {
  const { draft, errors, outcome } = address;
  return (
    <div className="address-section" data-testid="add-instrument-address">
      <div className="address-search">
        <button
          type="button"
          onClick={address.search}
          disabled={address.searching}
          aria-busy={address.searching}
          data-testid="add-instrument-search"
        >
          {address.searching ? 'Searching the network…' : 'Search the network'}
        </button>
        {address.searchFailure && (
          <p className="setting-error small" role="alert" data-testid="add-instrument-search-failure">
            The search failed: {address.searchFailure}
          </p>
        )}
        {address.found?.length === 0 && (
          <p className="muted small" data-testid="add-instrument-search-none">
            Nothing announced itself. Multicast (mDNS) may be blocked on this network: enter the
            instrument&apos;s address below.
          </p>
        )}
        {address.found !== undefined && address.found.length > 0 && (
          <ul className="address-found" data-testid="add-instrument-found">
            {address.found.map((f) => (
              <li key={`${f.host}:${f.port}`}>
                <button
                  type="button"
                  className="link"
                  onClick={() => address.pick(f)}
                  data-testid={`add-instrument-found-${f.host}`}
                >
                  {describeDiscovered(f)}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="address-fields">
        <label className={`form-field address-host${errors.host ? ' invalid' : ''}`}>
          <span className="setting-label">Host</span>
          <input
            type="text"
            value={draft.host}
            placeholder="192.168.1.40 or dp832.lab"
            spellCheck={false}
            autoComplete="off"
            data-testid="add-instrument-host"
            onChange={(e) => address.change({ host: e.target.value })}
          />
        </label>
        <label className={`form-field address-port${errors.port ? ' invalid' : ''}`}>
          <span className="setting-label">Port</span>
          <input
            type="text"
            inputMode="numeric"
            value={draft.port}
            data-testid="add-instrument-port"
            onChange={(e) => address.change({ port: e.target.value })}
          />
        </label>
        <button
          type="button"
          onClick={address.identify}
          disabled={address.probing}
          aria-busy={address.probing}
          data-testid="add-instrument-identify"
        >
          {address.probing ? 'Identifying…' : 'Identify'}
        </button>
      </div>
      {errors.host && (
        <span className="setting-error small" role="alert" data-testid="add-instrument-host-error">
          Host {errors.host}
        </span>
      )}
      {errors.port && (
        <span className="setting-error small" role="alert" data-testid="add-instrument-port-error">
          Port {errors.port}
        </span>
      )}
      <span className="muted small">
        The instrument&apos;s raw-socket SCPI port: Rigol 5555, Keysight and Siglent 5025.
      </span>
      {outcome?.kind === 'refused' && (
        <p className="setting-error" role="alert" data-testid="add-instrument-probe-refusal">
          {outcome.message}
        </p>
      )}
      {outcome?.kind === 'found' && (
        <div className="probe-result" data-testid="add-instrument-probe">
          <strong data-testid="add-instrument-probe-model">
            {outcome.probe.identity.vendor} {outcome.probe.identity.model}
          </strong>
          <span className="small">
            serial {outcome.probe.identity.serial || '—'}
            {outcome.probe.identity.firmware && `, firmware ${outcome.probe.identity.firmware}`}
          </span>
          <span className="small" data-testid="add-instrument-probe-driver">
            Driver: {outcome.probe.driver}
            {outcome.probe.equipment_id === undefined && ` — ${outcome.probe.description}`}
          </span>
          {outcome.probe.equipment_id !== undefined && (
            <span className="setting-error" role="alert" data-testid="add-instrument-probe-on-bench">
              Already on the bench as {outcome.probe.equipment_id}: it is not added twice.
            </span>
          )}
        </div>
      )}
    </div>
  );
}
