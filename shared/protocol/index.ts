export * from './constants.js';
export * from './errors.js';
export * from './catalog.js';
export * from './client.js';
export * from './server.js';
export * from './validate.js';
export * from './scope.js';
export * from './acquisition.js';
