// The CLI after the entry (cli.ts): decides the mode (Ink UI in a terminal, plain lines with --plain,
// no questions with --yes) and keeps start-up light: Ink, inquirer, the AWS SDK and the simulated AWS
// are all imported lazily, only on the paths that use them.
import {setMaxListeners} from 'node:events';
import type {Context} from './core/context.js';
import {createDryRun, realEndpoints, resolvePaths, systemClock} from './core/context.js';
import {runWizard, type Renderer} from './core/driver.js';
import {simulatedBrowser, systemBrowser} from './core/browser.js';
import {CancelledError, UsageError} from './core/errors.js';
import {redact} from './core/redact.js';
import {killChildGroups} from './core/children.js';
import {removeLiveTempFiles} from './core/safe-write.js';
import {closeRun, createRunState} from './core/run-state.js';
import {STEPS} from './core/steps/index.js';
import {nodeVersionOk, MIN_NODE} from './core/machine.js';
import {helpText, parseCommandLine} from './flags.js';
import {VERSION} from './version.js';

const NO_TTY_MESSAGE = [
	'codex-bedrock-setup needs a terminal to ask its questions, and this one has no TTY.',
	'Run it in a terminal, or answer everything with flags and add --yes, for example:',
	'  npx codex-bedrock-setup --yes --profile codex-bedrock --start-url https://d-xxxxxxxxxx.awsapps.com/start --sso-region us-east-1 --region us-east-1 --model openai.gpt-5.4',
	'See --help for every flag; --demo --yes tries it against a simulated AWS.',
].join('\n');

/** The signals that cancel a run (exit 130): Ctrl-C, a kill, a closed terminal. */
export const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Exit now: child process groups and temp files go first (a forced exit runs no finally blocks). */
export function exitNow(code: number): never {
	killChildGroups();
	removeLiveTempFiles();
	process.exit(code);
}

function wantsColour(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream): boolean {
	if (flags['no-color'] || (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '')) return false;
	if (env['FORCE_COLOR'] && env['FORCE_COLOR'] !== '0') return true;
	return Boolean(stream.isTTY) && env['TERM'] !== 'dumb';
}

export interface MainOptions {
	/** Erases the static first frame cli.ts may have printed (once; a no-op when there is none). */
	clearPreFrame: () => void;
}

async function run(argv: string[], options: MainOptions): Promise<number> {
	let flags: ReturnType<typeof parseCommandLine>['flags'];
	let command: ReturnType<typeof parseCommandLine>['command'];
	let subcommand: ReturnType<typeof parseCommandLine>['subcommand'];
	try {
		({flags, command, subcommand} = parseCommandLine(argv, STEPS));
	} catch (error) {
		options.clearPreFrame();
		throw error;
	}
	if (flags['help'] || flags['version'] || flags['list-scenarios'] || !nodeVersionOk(process.versions.node)) options.clearPreFrame();
	if (flags['help']) {
		// Fitted to the terminal, 80 to 100 columns (narrower would split URLs; wider reads badly); 80 when piped.
		const width = process.stdout.isTTY && process.stdout.columns ? Math.min(100, Math.max(80, process.stdout.columns)) : 80;
		process.stdout.write(`${helpText(VERSION, STEPS, width)}\n`);
		return 0;
	}
	if (flags['version']) {
		process.stdout.write(`${VERSION}\n`);
		return 0;
	}
	if (flags['list-scenarios']) {
		const {describeScenarios} = await import('./fake-aws/scenarios.js');
		for (const {name, description} of describeScenarios()) process.stdout.write(`${name.padEnd(24)} ${description}\n`);
		return 0;
	}
	if (!nodeVersionOk(process.versions.node)) {
		process.stderr.write(`codex-bedrock-setup needs Node.js ${MIN_NODE.join('.')} or newer; this is ${process.versions.node}.\n`);
		return 1;
	}
	if (flags['demo-scenario'] !== undefined && !flags['demo']) throw new UsageError('--demo-scenario goes with --demo.');
	if (flags['keep-demo-home'] && !flags['demo']) throw new UsageError('--keep-demo-home goes with --demo.');
	if (command === 'team') {
		options.clearPreFrame();
		const {teamCommand} = await import('./team-command.js');
		return teamCommand(subcommand!, flags, {terminal: Boolean(process.stdin.isTTY && process.stdout.isTTY), color: wantsColour(flags, process.env, process.stdout)});
	}
	let locks: Context['locks'];
	if (typeof flags['preset'] === 'string') {
		const {loadPreset, applyPreset, presetScope} = await import('./preset.js');
		const preset = await loadPreset(flags['preset']);
		flags = applyPreset(preset, flags['preset'], flags) as typeof flags;
		const scope = presetScope(preset);
		locks = {...(preset.regions?.allowed ? {regions: preset.regions.allowed} : {}), ...(preset.models?.allowed ? {models: preset.models.allowed} : {}), ...(scope ? {scope} : {})};
	}

	// Every flag's value is checked before any sign-in or write (a bad --region used to be refused only
	// after the sign-in and the ~/.aws/config write).
	const {checkFlagValues} = await import('./core/flag-checks.js');
	checkFlagValues(flags, locks);

	const terminal = Boolean(process.stdin.isTTY && process.stdout.isTTY);
	const yes = Boolean(flags['yes']);
	if (command === 'doctor') {
		options.clearPreFrame();
		const {doctorCommand} = await import('./doctor-command.js');
		return doctorCommand(flags, {terminal, color: wantsColour(flags, process.env, process.stdout)});
	}
	if (command === 'undo') {
		options.clearPreFrame();
		const {undoCommand} = await import('./undo-command.js');
		return undoCommand(flags, {terminal, output: process.stdout});
	}
	if (command === 'login') {
		// It asks nothing (it prints the sign-in URL and code), so it needs no terminal and no --yes.
		options.clearPreFrame();
		const {loginCommand} = await import('./login-command.js');
		return loginCommand(flags, {color: wantsColour(flags, process.env, process.stdout)});
	}
	if (!terminal && !yes) {
		process.stderr.write(`${NO_TTY_MESSAGE}\n`);
		return 2;
	}
	const interactive = terminal && !yes;
	const useInk = interactive && !flags['plain'] && !process.env['CI'] && process.env['TERM'] !== 'dumb';
	if (!useInk) options.clearPreFrame();
	// --yes --json: stdout carries one JSON document; everything for people goes to stderr.
	const json = Boolean(flags['json']);
	const human = json ? process.stderr : process.stdout;
	const color = wantsColour(flags, process.env, human);

	// Ctrl-C and SIGTERM abort the run: steps stop their calls, nothing more is written. A second
	// Ctrl-C exits at once.
	const controller = new AbortController();
	// Every concurrent AWS call listens on this signal (the region probe makes two dozen at once).
	setMaxListeners(0, controller.signal);
	// SIGHUP (the terminal went away) cancels the same way. A second signal exits at once, taking
	// every child process group (codex exec) and temp file with it.
	const cancel = () => {
		if (controller.signal.aborted) exitNow(130);
		controller.abort(new CancelledError());
	};
	for (const signal of CANCEL_SIGNALS) process.on(signal, cancel);

	let demo: import('./demo.js').Demo | undefined;
	if (flags['demo']) {
		const {startDemo} = await import('./demo.js');
		demo = await startDemo(String(flags['demo-scenario'] ?? 'happy'));
	}

	const ctx: Context = {
		env: {...process.env},
		paths: resolvePaths(process.env),
		clock: systemClock,
		flags,
		endpoints: demo?.endpoints ?? realEndpoints(process.env),
		browser: demo ? simulatedBrowser() : systemBrowser(process.env),
		signal: controller.signal,
		version: VERSION,
		// One per run: its connections, credentials and results are shared by every step.
		run: createRunState({eager: true}),
		...(locks ? {locks} : {}),
		...(flags['dry-run'] ? {dryRun: createDryRun()} : {}),
		...(demo ? {demo: {scenario: demo.scenario, home: demo.home, startUrl: demo.startUrl, ssoRegion: demo.ssoRegion, codexRoute: demo.codexRoute}} : {}),
	};

	let renderer: Renderer;
	let finish: () => Promise<void> = async () => {};
	if (useInk) {
		// Ink's colour library decides its colour level when it loads: say "none" before it does.
		if (!color) process.env['FORCE_COLOR'] = '0';
		// The store needs no Ink. The first steps run on it while Ink, the largest part of the start, is
		// still loading, and Ink mounts onto the state they have reached: its first frame is then usually
		// the first question already, not a frame that Ink's 30 fps render throttle holds the question
		// behind for up to 34 ms (npm run bench: the first interactive frame).
		const {InkStore} = await import('./ui/ink/store.js');
		const store = new InkStore({clock: systemClock, onCancel: cancel});
		renderer = store.renderer;
		const mounted = (async () => {
			const [{startInkUi}, {supportsHyperlinks}] = await Promise.all([import('./ui/ink/run.js'), import('./ui/ink/layout.js')]);
			// Ink mounts when a step needs the screen (a question, a spinner, a failure, the end), and at
			// the latest after a fifth of a second: until then the pre-frame is the screen.
			let latest: NodeJS.Timeout | undefined;
			await Promise.race([store.screenNeeded(), new Promise((resolve) => (latest = setTimeout(resolve, 200)))]);
			clearTimeout(latest);
			options.clearPreFrame();
			return startInkUi({clock: systemClock, color, hyperlinks: supportsHyperlinks(process.env), onCancel: cancel, ...(demo ? {demo: {scenario: demo.scenario}} : {})}, store);
		})();
		// Without Ink no question could ever be answered: stop the run, and finish() reports why.
		mounted.catch((error: unknown) => controller.abort(error));
		finish = async () => (await mounted).finish();
	} else {
		const {createPlainRenderer} = await import('./ui/plain/run.js');
		renderer = createPlainRenderer({
			output: human,
			clock: systemClock,
			color,
			signal: controller.signal,
			...(demo ? {demo: {scenario: demo.scenario}} : {}),
		});
	}

	try {
		const result = await runWizard({steps: [...STEPS], ctx, renderer, interactive});
		await finish();
		if (demo) {
			const {listDemoFiles} = await import('./demo.js');
			const files = await listDemoFiles(demo.home);
			human.write(files.length ? `\nFiles the demo wrote:\n${files.map((f) => `  ${f}`).join('\n')}\n` : '\nThe demo wrote no files.\n');
			human.write(flags['keep-demo-home'] ? `Demo home: ${demo.home} (kept; rm -r it when done)\n` : `Demo home: ${demo.home} (removed at exit; --keep-demo-home keeps it)\n`);
		}
		if (result.exitCode === 2 && result.state.failure) process.stderr.write(`${result.state.failure.message}\n`);
		if (json) {
			const {buildRunReport} = await import('./core/run-report.js');
			process.stdout.write(`${JSON.stringify(buildRunReport(ctx, result), null, 2)}\n`);
		}
		return result.exitCode;
	} finally {
		closeRun(ctx);
		// The throwaway home goes at exit, whatever the outcome, unless asked to keep it.
		await demo?.close({keepHome: Boolean(flags['keep-demo-home'])});
		for (const signal of CANCEL_SIGNALS) process.off(signal, cancel);
	}
}

/** Run the CLI; sets process.exitCode. Expected failures print one line, never a stack trace. */
export async function main(argv: string[], options: MainOptions): Promise<void> {
	// --json promises one JSON document on stdout, also when the run ends before it starts.
	const json = argv.includes('--json');
	const early = async (code: number, kind: 'usage' | 'cancelled' | 'unexpected', message: string) => {
		if (!json) return;
		const {earlyExitReport} = await import('./core/run-report.js');
		process.stdout.write(`${JSON.stringify(earlyExitReport(VERSION, code, kind, message), null, 2)}\n`);
	};
	try {
		process.exitCode = await run(argv, options);
	} catch (error) {
		options.clearPreFrame();
		if (error instanceof UsageError) {
			process.stderr.write(`codex-bedrock-setup: ${error.message}\n`);
			process.exitCode = 2;
			await early(2, 'usage', error.message);
		} else if (error instanceof CancelledError) {
			process.exitCode = 130;
			await early(130, 'cancelled', error.message);
		} else {
			// Not an expected failure: say so plainly, with the stack only when asked for.
			const message = redact(error instanceof Error ? error.message : String(error));
			process.stderr.write(`codex-bedrock-setup: unexpected error: ${message}\n`);
			if (process.env['DEBUG'] && error instanceof Error && error.stack) process.stderr.write(`${redact(error.stack)}\n`);
			else process.stderr.write('Run again with DEBUG=1 for details, and please report it.\n');
			process.exitCode = 1;
			await early(1, 'unexpected', message);
		}
	}
}
