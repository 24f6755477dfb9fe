// `codex-bedrock-setup login [--profile NAME] [--use-device-code] [--no-browser]`: the fast re-sign-in
// (source/core/commands/login.ts), drawn line by line (no Ink: it asks nothing), with the same exit codes.
import {withCommandContext} from './command-context.js';
import type {Context} from './core/context.js';
import type {ParsedFlags} from './flags.js';

export async function loginCommand(flags: ParsedFlags, options: {color: boolean; output?: NodeJS.WritableStream}): Promise<number> {
	return withCommandContext(flags, (ctx) => loginWith(ctx, {color: options.color, output: options.output ?? process.stdout}));
}

/** The command with an injected context (tests). */
export async function loginWith(ctx: Context, options: {color: boolean; output: NodeJS.WritableStream}): Promise<number> {
	const [{runWizard}, {createPlainRenderer}, {loginStep}] = await Promise.all([import('./core/driver.js'), import('./ui/plain/run.js'), import('./core/commands/login.js')]);
	const renderer = createPlainRenderer({output: options.output as NodeJS.WriteStream, clock: ctx.clock, color: options.color, signal: ctx.signal});
	const result = await runWizard({steps: [loginStep], ctx, renderer, interactive: false});
	return result.exitCode;
}
