// Bundle source/cli.ts into dist/cli.js (+ lazily loaded chunks) with every dependency inlined, so
// `npx codex-bedrock-setup` downloads one small package with no dependencies and no install scripts.
// Ink pitfalls handled here (see shared/reference/architecture-anchors.md, section 6):
//  (a) Ink imports react-devtools-core dynamically: alias it to an empty module;
//  (b) CommonJS dependencies call require(): give the ESM bundle a real `require` via createRequire;
//  (c) bundle React's production build (NODE_ENV=production);
//  (d) the shebang goes in the banner; (e) ESM output, since Ink uses top-level await.
import {build} from 'esbuild';
import {readFile, rm} from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

const emptyDevtools = {
	name: 'empty-react-devtools',
	setup(b) {
		b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'empty'}));
		b.onLoad({filter: /.*/, namespace: 'empty'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
	},
};

await rm(new URL('../dist', import.meta.url), {recursive: true, force: true});
const result = await build({
	entryPoints: ['source/cli.ts'],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	// Prefer each package's ESM build: with code splitting, a dynamic import() of a CommonJS build turns
	// into a chunk whose only export is `default` (named exports such as NodeHttpHandler vanish).
	mainFields: ['module', 'main'],
	target: 'node20.5',
	chunkNames: 'chunks/[name]-[hash]',
	minify: process.env.CBS_NO_MINIFY ? false : true,
	sourcemap: false,
	legalComments: 'none',
	metafile: true,
	logLevel: 'warning',
	define: {
		'process.env.NODE_ENV': '"production"',
		__CBS_VERSION__: JSON.stringify(pkg.version),
	},
	banner: {
		// CommonJS code in the bundle may also read __filename / __dirname.
		js: "#!/usr/bin/env node\nimport {createRequire as __cbsCreateRequire} from 'node:module';import {fileURLToPath as __cbsPath} from 'node:url';const require=__cbsCreateRequire(import.meta.url);var __filename=__cbsPath(import.meta.url),__dirname=__cbsPath(new URL('.',import.meta.url));",
	},
	plugins: [emptyDevtools],
});

// The bin: a few lines of CommonJS that answer --version without Node's ES module loader and otherwise
// import dist/cli.js (source/bin.cts says why).
await build({
	entryPoints: ['source/bin.cts'],
	outfile: 'dist/bin.cjs',
	bundle: true,
	format: 'cjs',
	platform: 'node',
	target: 'node20.5',
	external: ['./cli.js'],
	minify: process.env.CBS_NO_MINIFY ? false : true,
	legalComments: 'none',
	logLevel: 'warning',
	define: {__CBS_VERSION__: JSON.stringify(pkg.version)},
	banner: {js: '#!/usr/bin/env node'},
});

const outputs = Object.entries(result.metafile.outputs);
const total = outputs.reduce((sum, [, out]) => sum + out.bytes, 0);
const entry = outputs.find(([file]) => file === 'dist/cli.js');
console.log(`built dist/cli.js (${(entry[1].bytes / 1024).toFixed(0)} KB) + ${outputs.length - 1} chunks, ${(total / 1024).toFixed(0)} KB in all`);
