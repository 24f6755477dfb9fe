// Entry point, kept tiny so that `--version` and the first frame do not wait for anything: the rest of
// the CLI (main.ts and everything it imports) loads after the first frame is on the screen.
import {STEP_TABLE} from './core/steps/titles.js';
import {printPreFrame} from './ui/pre-frame.js';
import {VERSION} from './version.js';

// The bundled AWS SDK warns on Node < 22 that *future* SDK releases will need it. This tool ships the
// SDK version it was tested with inside its bundle, so the warning is noise for its users.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
	process.stdout.write(`${VERSION}\n`);
} else {
	// Only where the Ink UI will take over: a terminal, and no flag that means another mode.
	const otherMode = argv.some((arg) => ['--yes', '-y', '--plain', '--help', '-h', '--version', '-v', '--list-scenarios'].includes(arg));
	const inkLikely = process.stdin.isTTY && process.stdout.isTTY && !otherMode && !process.env['CI'] && process.env['TERM'] !== 'dumb';
	let clearPreFrame = () => {};
	if (inkLikely) {
		const noColor = argv.includes('--no-color') || Boolean(process.env['NO_COLOR']);
		const scenarioAt = argv.indexOf('--demo-scenario');
		const demo = argv.includes('--demo') ? (scenarioAt >= 0 ? argv[scenarioAt + 1] : 'happy') : undefined;
		clearPreFrame = printPreFrame(process.stdout, STEP_TABLE, {color: !noColor, demo, columns: process.stdout.columns || 80});
	}
	const {main} = await import('./main.js');
	await main(argv, {clearPreFrame});
}
