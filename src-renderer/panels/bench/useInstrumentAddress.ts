/**
 * The state of the add-instrument dialog's "By address" path: the address as typed, the probe of it
 * (`probe_instrument`) and the network search (`discover_instruments`). Answers that arrive after the dialog
 * closed, or after the address changed, are dropped: they describe an address no longer shown.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BenchClient } from '../../client/BenchClient';
import { RequestError } from '../../connection/ConnectionManager';
import type { DiscoveredInstrumentInfo, InstrumentProbedMessage } from '../../../shared/protocol/server';
import {
  checkAddress,
  describeProbeRefusal,
  type AddressDraft,
  type ProbeOutcome,
} from './instrumentAddress';

/** How long "Search the network" listens, ms (the protocol's default). */
export const DISCOVERY_MS = 3_000;

export interface InstrumentAddress {
  draft: AddressDraft;
  /** Per field, once Identify was pressed with something wrong. */
  errors: Partial<Record<keyof AddressDraft, string>>;
  probing: boolean;
  outcome: ProbeOutcome | undefined;
  searching: boolean;
  /** undefined until a search ended; then what it found (maybe nothing) or why it failed. */
  found: DiscoveredInstrumentInfo[] | undefined;
  searchFailure: string | undefined;
  change(patch: Partial<AddressDraft>): void;
  identify(): void;
  search(): void;
  pick(found: DiscoveredInstrumentInfo): void;
}

/**
 * `onFound` runs once per probe answered (not on every render), with the answer, so the dialog can suggest
 * an id and name from the model.
 */
export function useInstrumentAddress(
  bench: BenchClient,
  onFound: (probe: InstrumentProbedMessage) => void,
): InstrumentAddress {
  const [draft, setDraft] = useState<AddressDraft>({ host: '', port: '5555' });
  const [touched, setTouched] = useState(false);
  const [probing, setProbing] = useState(false);
  const [outcome, setOutcome] = useState<ProbeOutcome | undefined>(undefined);
  const [searching, setSearching] = useState(false);
  const [found, setFound] = useState<DiscoveredInstrumentInfo[] | undefined>(undefined);
  const [searchFailure, setSearchFailure] = useState<string | undefined>(undefined);
  // Bumped whenever the address changes: an older probe's answer is then stale.
  const generation = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const check = checkAddress(draft);
  const errors = touched && !check.ok ? check.errors : {};

  const change = useCallback((patch: Partial<AddressDraft>): void => {
    generation.current++;
    setDraft((d) => ({ ...d, ...patch }));
    setOutcome(undefined);
    setProbing(false);
  }, []);

  const identify = (): void => {
    setTouched(true);
    if (!check.ok || probing) return;
    const { host, port } = check;
    const mine = ++generation.current;
    setProbing(true);
    setOutcome(undefined);
    bench.probeInstrument(host, port).then(
      (probe) => {
        if (!mounted.current || generation.current !== mine) return;
        setOutcome({ kind: 'found', probe });
        setProbing(false);
        onFound(probe);
      },
      (err: unknown) => {
        if (!mounted.current || generation.current !== mine) return;
        const refusal =
          err instanceof RequestError
            ? err
            : { code: 'internal', message: err instanceof Error ? err.message : String(err) };
        setOutcome({ kind: 'refused', message: describeProbeRefusal(refusal, host, port) });
        setProbing(false);
      },
    );
  };

  const search = (): void => {
    if (searching) return;
    setSearching(true);
    setFound(undefined);
    setSearchFailure(undefined);
    bench.discoverInstruments(DISCOVERY_MS).then(
      (instruments) => {
        if (!mounted.current) return;
        setFound(instruments);
        setSearching(false);
      },
      (err: unknown) => {
        if (!mounted.current) return;
        setSearchFailure(err instanceof Error ? err.message : String(err));
        setSearching(false);
      },
    );
  };

  const pick = (instrument: DiscoveredInstrumentInfo): void => {
    change({ host: instrument.host, port: String(instrument.port) });
  };

  return {
    draft,
    errors,
    probing,
    outcome,
    searching,
    found,
    searchFailure,
    change,
    identify,
    search,
    pick,
  };
}
