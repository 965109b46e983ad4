/** HDF5 export through h5wasm: the file's structure, chunk map, fill and layout. */
export { HDF5_CHUNK_SAMPLES, writeHdf5 } from './hdf5Writer.js';
export { loadH5wasm, summarizeHdf5Error } from './h5wasmLoader.js';
