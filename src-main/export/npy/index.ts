/** NumPy export: .npy (one array) and .npz (a zip of arrays, written by zipFormat). */
export { npyFileBytes, npyHeader } from './npyFormat.js';
export { writeNpy } from './npyWriter.js';
export { NPZ_METADATA_MEMBER, npzBytes, npzMembers, npzMetadata, writeNpz } from './npzWriter.js';
export { centralDirectory, dataDescriptor, dosDateTime, localHeader, type ZipEntry } from './zipFormat.js';
