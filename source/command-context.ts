// The Context of a command other than the wizard (doctor, login, team): the real machine's environment,
// paths, clock, endpoints and browser, one run state (shared connections, credentials cached for the run),
// and SIGINT / SIGTERM / SIGHUP aborting its signal (a second signal exits at once with 130).
import {setMaxListeners} from 'node:events';
import {systemBrowser} from './core/browser.js';
import {realEndpoints, resolvePaths, systemClock, type Context} from './core/context.js';
import {CancelledError} from './core/errors.js';
import {closeRun, createRunState} from './core/run-state.js';
import type {ParsedFlags} from './flags.js';
import {VERSION} from './version.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function withCommandContext(flags: ParsedFlags, work: (ctx: Context) => Promise<number>, extra: Partial<Context> = {}): Promise<number> {
	const controller = new AbortController();
	setMaxListeners(0, controller.signal);
	const cancel = () => (controller.signal.aborted ? process.exit(130) : controller.abort(new CancelledError()));
	for (const signal of SIGNALS) process.on(signal, cancel);
	const ctx: Context = {
		env: {...process.env},
		paths: resolvePaths(process.env),
		clock: systemClock,
		flags,
		endpoints: realEndpoints(process.env),
		browser: systemBrowser(process.env),
		signal: controller.signal,
		version: VERSION,
		run: createRunState(),
		...extra,
	};
	try {
		return await work(ctx);
	} finally {
		closeRun(ctx);
		for (const signal of SIGNALS) process.off(signal, cancel);
	}
}
