// Entry point, kept tiny so that `--version` and the first frame do not wait for anything: the rest of
// the CLI (main.ts and everything it imports) loads after the first frame is on the screen.
// No static imports: `--version` must not wait for any other file. The build inlines the version.
declare const __CBS_VERSION__: string | undefined;

// The bundled AWS SDK warns on Node < 22 that *future* SDK releases will need it. This tool ships the
// SDK version it was tested with inside its bundle, so the warning is noise for its users.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
	const version = typeof __CBS_VERSION__ === 'string' ? __CBS_VERSION__ : (await import('./version.js')).VERSION;
	process.stdout.write(`${version}\n`);
} else {
	// Node >= 22.1 keeps the compiled bundle in a disk cache (NODE_COMPILE_CACHE, else the OS temp
	// directory): every later start skips compiling it. Older Node has no such call; nothing changes there.
	const {enableCompileCache} = (await import('node:module')) as {enableCompileCache?: () => unknown};
	try {
		enableCompileCache?.();
	} catch {
		// A cache directory that cannot be written only means no cache.
	}
	const [{STEP_TABLE}, {printPreFrame}] = await Promise.all([import('./core/steps/titles.js'), import('./ui/pre-frame.js')]);
	// Only where the Ink UI will take over: a terminal, and no flag that means another mode.
	const otherMode = argv.some((arg) => ['doctor', 'login', '--yes', '-y', '--plain', '--help', '-h', '--version', '-v', '--list-scenarios'].includes(arg));
	const inkLikely = process.stdin.isTTY && process.stdout.isTTY && !otherMode && !process.env['CI'] && process.env['TERM'] !== 'dumb';
	let clearPreFrame = () => {};
	if (inkLikely) {
		const noColor = argv.includes('--no-color') || Boolean(process.env['NO_COLOR']);
		const scenarioAt = argv.indexOf('--demo-scenario');
		const demo = argv.includes('--demo') ? (scenarioAt >= 0 ? argv[scenarioAt + 1] : 'happy') : undefined;
		clearPreFrame = printPreFrame(process.stdout, STEP_TABLE, {color: !noColor, demo, columns: process.stdout.columns || 80});
		// Ink (the largest part of the start) starts loading now, beside main.ts, instead of after it. Its
		// colour library decides its colour level when it loads: say "none" first, as main.ts would.
		if (noColor) process.env['FORCE_COLOR'] = '0';
		import('./ui/ink/run.js').catch(() => {});
	}
	const {main} = await import('./main.js');
	await main(argv, {clearPreFrame});
}
