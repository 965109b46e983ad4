/**
 * "Export what you see" as HDF5 (h5wasm, straight to the host file system): `/<x>` (time_s or
 * frequency_hz) and `/series/<name>` float64 datasets, each with `name` and `units` attributes; the root
 * carries the provenance's strings and numbers as attributes and all of it as `provenance_json`.
 */
import type { JsonObject } from '../../acquisition/index.js';
import type { VisibleData } from '../../../shared/analysis/visibleData.js';
import { xColumnName } from '../../../shared/analysis/visibleCsv.js';
import { ExportError } from '../common/index.js';
import { loadH5wasm, summarizeHdf5Error } from '../hdf5/index.js';

/** A dataset name: HDF5 paths cannot hold "/", "." names the group itself; repeats get _2, _3…. */
function datasetNames(data: VisibleData): string[] {
  const used = new Set<string>();
  return data.series.map((s) => {
    const base = s.name.replaceAll('/', '_').replace(/^\.$/, '_');
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

/** Writes the view to a new HDF5 file at `filePath` (which must not exist). */
export async function writeViewHdf5(
  filePath: string,
  data: VisibleData,
  provenance: JsonObject,
): Promise<void> {
  const h5wasm = await loadH5wasm();
  let file: InstanceType<typeof h5wasm.File>;
  try {
    file = new h5wasm.File(filePath, 'x', { track_order: true });
  } catch (err) {
    throw new ExportError('io_error', `cannot create HDF5 file: ${summarizeHdf5Error(err)}`);
  }
  try {
    for (const [key, value] of Object.entries(provenance)) {
      if (typeof value === 'string') file.create_attribute(key, value);
      else if (typeof value === 'number') file.create_attribute(key, value, [], '<d');
    }
    file.create_attribute('provenance_json', JSON.stringify(provenance));
    const x = file.create_dataset({
      name: xColumnName(data),
      data: data.x,
      shape: [data.x.length],
      dtype: '<d',
    });
    x.create_attribute('units', data.x_unit);
    const group = file.create_group('series', true);
    datasetNames(data).forEach((name, i) => {
      const series = data.series[i]!;
      const dataset = group.create_dataset({
        name,
        data: series.values,
        shape: [series.values.length],
        dtype: '<d',
      });
      dataset.create_attribute('name', series.name);
      dataset.create_attribute('units', series.unit);
    });
  } catch (err) {
    throw new ExportError('io_error', `writing HDF5: ${summarizeHdf5Error(err)}`);
  } finally {
    file.close();
  }
}
