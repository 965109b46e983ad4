/** Labels for the export formats, as the dialog offers them. */
import type { ExportFormat } from '../../../shared/protocol/export';

export { EXPORT_EXTENSIONS } from '../../../shared/protocol/export';

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  csv: 'CSV (Excel, pandas)',
  npy: 'NumPy .npy (a download: one .zip with time and metadata)',
  npz: 'NumPy .npz (time, one array per channel, metadata)',
  hdf5: 'HDF5 (h5py, MATLAB)',
  json: 'JSON (small captures)',
};
