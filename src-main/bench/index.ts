/**
 * The bench: the file that says which instruments to connect (read, validated, saved atomically), building
 * it through the driver registry, and BenchManager for adding and removing instruments at run time. See
 * docs/ARCHITECTURE.md, "The bench".
 */
export { BenchFileError } from './BenchFileError.js';
export { BenchChangeError, BenchManager } from './BenchManager.js';
export { buildBench } from './buildBench.js';
export { openBench } from './openBench.js';
