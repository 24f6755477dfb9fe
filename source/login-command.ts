// `codex-bedrock-setup login [--profile NAME] [--use-device-code] [--no-browser]`: the fast re-sign-in
// (source/core/commands/login.ts), drawn line by line (no Ink: it asks nothing), with the same exit codes.
import {setMaxListeners} from 'node:events';
import {realEndpoints, resolvePaths, systemClock, type Context} from './core/context.js';
import {systemBrowser} from './core/browser.js';
import {CancelledError} from './core/errors.js';
import type {ParsedFlags} from './flags.js';
import {VERSION} from './version.js';

export async function loginCommand(flags: ParsedFlags, options: {color: boolean; output?: NodeJS.WritableStream}): Promise<number> {
	const controller = new AbortController();
	setMaxListeners(0, controller.signal);
	const cancel = () => (controller.signal.aborted ? process.exit(130) : controller.abort(new CancelledError()));
	process.on('SIGINT', cancel);
	process.on('SIGTERM', cancel);
	const ctx: Context = {
		env: {...process.env},
		paths: resolvePaths(process.env),
		clock: systemClock,
		flags,
		endpoints: realEndpoints(process.env),
		browser: systemBrowser(process.env),
		signal: controller.signal,
		version: VERSION,
	};
	try {
		return await loginWith(ctx, {color: options.color, output: options.output ?? process.stdout});
	} finally {
		process.off('SIGINT', cancel);
		process.off('SIGTERM', cancel);
	}
}

/** The command with an injected context (tests). */
export async function loginWith(ctx: Context, options: {color: boolean; output: NodeJS.WritableStream}): Promise<number> {
	const [{runWizard}, {createPlainRenderer}, {loginStep}] = await Promise.all([import('./core/driver.js'), import('./ui/plain/run.js'), import('./core/commands/login.js')]);
	const renderer = createPlainRenderer({output: options.output as NodeJS.WriteStream, clock: ctx.clock, color: options.color, signal: ctx.signal});
	const result = await runWizard({steps: [loginStep], ctx, renderer, interactive: false});
	return result.exitCode;
}
