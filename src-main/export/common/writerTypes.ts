/** What the export driver hands each format writer. */
import type { AcquisitionReader, JsonObject } from '../../acquisition/index.js';
import type { Logger } from '../../util/index.js';
import type { ExportFile } from './ExportFile.js';
import type { ExportPlan } from './exportPlan.js';

export interface WriterContext {
  plan: ExportPlan;
  provenance: JsonObject;
  /** Open on the acquisition; the writer reads from it and never closes it. */
  reader: AcquisitionReader;
  /** Throws ExportError('cancelled') once the export's signal has fired; called between chunks. */
  checkCancelled(): void;
  /** Share of the writing done so far, 0..1. */
  progress(fraction: number): void;
  /** For what a writer notices but does not fail on (the HDF5 writer's fallback). Default: silent. */
  log?: Logger;
}

/** What every format writer gets: the file, written as one ordered byte stream (HDF5's too). */
export interface StreamWriterContext extends WriterContext {
  file: ExportFile;
}

/** Frames per read for the streaming writers: about 1 MiB (64 Ki samples at 4 channels). */
export const FRAME_CHUNK_BYTES = 1 << 20;
