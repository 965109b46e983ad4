/** Remembered streams: which live streams each instrument runs, and at what rate (data folder `streams.json`). */
export { MAX_REMEMBERED_STREAMS, STREAM_MEMORY_FILE_NAME, StreamMemory } from './StreamMemory.js';
