import { createRequire } from 'node:module';

/** the package's version, for the User-Agent Graph and SharePoint ask for */
export const APP_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
