// The version is inlined by the build (esbuild `define`); from source (tsx, vitest) it is read from package.json.
import {createRequire} from 'node:module';

declare const __CBS_VERSION__: string | undefined;

function readPackageVersion(): string {
	const require = createRequire(import.meta.url);
	return (require('../package.json') as {version: string}).version;
}

export const VERSION: string = typeof __CBS_VERSION__ === 'string' ? __CBS_VERSION__ : readPackageVersion();
