import { describe, expect, it } from 'vitest';
import { parseBenchAddress, type BenchAddress } from '../../../../src-renderer/benches/benchAddress';
import {
  addBench,
  BENCH_LIST_KEY,
  loadBenches,
  MAX_BENCHES,
  removeBench,
  saveBenches,
} from '../../../../src-renderer/benches/benchList';

const TOKEN = 'a'.repeat(43);

function address(host: string): BenchAddress {
  const parsed = parseBenchAddress(`http://${host}/#token=${TOKEN}`);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.address;
}

function memoryStorage(
  initial?: string,
): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>(initial === undefined ? [] : [[BENCH_LIST_KEY, initial]]);
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('the list of further benches', () => {
  it('adds with a label (the address by default), refuses duplicates and the local bench', () => {
    const one = addBench([], address('127.0.0.1:5001'), { label: ' Rig A ' });
    expect(one).toMatchObject({ ok: true, bench: { id: 'direct:127.0.0.1:5001', label: 'Rig A' } });
    if (!one.ok) return;
    const two = addBench(one.benches, address('127.0.0.1:5002'));
    expect(two).toMatchObject({ ok: true, bench: { label: '127.0.0.1:5002' } });
    expect(addBench(one.benches, address('127.0.0.1:5001'))).toEqual({
      ok: false,
      error: '127.0.0.1:5001 is already in the list, as “Rig A”.',
    });
    expect(addBench([], address('localhost:5000'), { localHost: '127.0.0.1:5000' })).toMatchObject({
      ok: false,
      error: expect.stringContaining("this dashboard's own bench"),
    });
  });

  it('refuses more than the list holds', () => {
    let benches = addBench([], address('127.0.0.1:1'));
    for (let port = 2; port <= MAX_BENCHES; port++) {
      if (!benches.ok) break;
      benches = addBench(benches.benches, address(`127.0.0.1:${port}`));
    }
    if (!benches.ok) throw new Error(benches.error);
    expect(addBench(benches.benches, address('127.0.0.1:9999'))).toMatchObject({ ok: false });
  });

  it('persists and reads back, removes, and drops entries that do not validate', () => {
    const storage = memoryStorage();
    const added = addBench([], address('127.0.0.1:5001'));
    if (!added.ok) throw new Error(added.error);
    saveBenches(storage, added.benches);
    expect(loadBenches(storage)).toEqual(added.benches);
    saveBenches(storage, removeBench(added.benches, 'direct:127.0.0.1:5001'));
    expect(loadBenches(storage)).toEqual([]);

    const good = added.benches[0]!;
    const tampered = memoryStorage(
      JSON.stringify([
        good,
        { ...good, id: 'direct:127.0.0.1:6', token: 'short' },
        { ...good, id: 'direct:127.0.0.1:7', wsUrl: 'ws://127.0.0.1:7/ws?token=leak' },
        { ...good, id: 'direct:127.0.0.1:8', extra: true },
        good,
        'nonsense',
      ]),
    );
    expect(loadBenches(tampered)).toEqual([good]);
    expect(loadBenches(memoryStorage('{not json'))).toEqual([]);
    expect(loadBenches(memoryStorage('{"a":1}'))).toEqual([]);
  });
});
