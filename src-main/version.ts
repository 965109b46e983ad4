import packageJson from '../package.json' with { type: 'json' };

/** The app's version, from package.json; goes into `welcome` and into exported provenance. */
export const APP_VERSION: string = packageJson.version;
