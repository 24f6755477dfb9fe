// The package's bin. CommonJS on purpose: Node starts a CommonJS file about 4 ms sooner than an ES
// module (it need not set up its ES module loader), and that is most of what `--version` costs
// (npm run bench). Everything else hands over to the ES module bundle, dist/cli.js, which reads the
// same argv.
declare const __CBS_VERSION__: string | undefined;

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v') && typeof __CBS_VERSION__ === 'string') {
	process.stdout.write(`${__CBS_VERSION__}\n`);
} else {
	import('./cli.js').catch((error: unknown) => {
		process.stderr.write(`codex-bedrock-setup: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	});
}
