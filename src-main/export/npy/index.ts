/** NumPy export: .npy (one array) and .npz (a zip of arrays, written by zipFormat). */
export { npyFileBytes } from './npyFormat.js';
export { writeNpy } from './npyWriter.js';
export { npzBytes, npzMembers, writeNpz } from './npzWriter.js';
