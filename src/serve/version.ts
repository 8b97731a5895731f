import { readFileSync } from 'node:fs';

/** The package version (health and the OpenAPI document report it). */
export const version: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
