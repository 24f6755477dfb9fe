// `codex-bedrock-setup doctor [--json] [--fix] [--yes]`: the read-only report, and with --fix the safe
// local repairs (the Codex config edit and a fresh sign-in, through the wizard's own steps, so they show
// their diffs and ask the same questions), then the report again.
import {withCommandContext} from './command-context.js';
import {createDryRun, type Context} from './core/context.js';
import {runDoctor, type DoctorReport} from './core/doctor.js';
import {UsageError} from './core/errors.js';
import {toMantleId} from './core/bedrock/models.js';
import type {ParsedFlags} from './flags.js';
import type {Step, StepId} from './core/types.js';

/** The steps --fix may run: they edit local files or sign in again, and ask before writing. */
const LOCAL_FIXES: readonly StepId[] = ['sso-profile', 'codex-config'];

export function fixableSteps(report: DoctorReport): StepId[] {
	const failing = new Set(report.checks.filter((c) => c.status === 'fail').map((c) => c.step));
	// A bad model ID is repaired by the config edit (the Mantle ID is written).
	if (report.checks.some((c) => c.status === 'fail' && c.failure?.code === 'codex.runtime-model-id')) failing.add('codex-config');
	return LOCAL_FIXES.filter((step) => failing.has(step));
}

export async function doctorCommand(flags: ParsedFlags, options: {terminal: boolean; color: boolean; output?: NodeJS.WritableStream; errors?: NodeJS.WritableStream}): Promise<number> {
	const out = options.output ?? process.stdout;
	const err = options.errors ?? process.stderr;
	if (flags['demo']) throw new UsageError('doctor checks the setup on this machine; --demo goes with the wizard (codex-bedrock-setup --demo).');
	if (flags['fix'] && !options.terminal && !flags['yes']) throw new UsageError('doctor --fix asks before each change: run it in a terminal, or add --yes.');

	return withCommandContext(flags, (ctx) => doctorWith(ctx, flags, {...options, output: out, errors: err}));
}

/** The command with an injected context (tests). */
export async function doctorWith(given: Context, flags: ParsedFlags, options: {terminal: boolean; color: boolean; output: NodeJS.WritableStream; errors: NodeJS.WritableStream}): Promise<number> {
	// doctor reads: nothing on disk changes, not even the token cache the SDK would refresh. Only --fix
	// without --dry-run writes, through the wizard's own steps (fixCtx below).
	const ctx: Context = {...given, readOnly: true};
	const {formatDoctorReport} = await import('./ui/doctor-report.js');
	const json = Boolean(flags['json']);
	const doctorOptions = {
		...(typeof flags['profile'] === 'string' ? {profile: flags['profile']} : {}),
		...(typeof flags['codex-profile'] === 'string' ? {codexProfile: flags['codex-profile']} : {}),
	};
	// In a terminal the report fits its width, by words (ui/wrap.ts); a pipe gets each line whole.
	const {fitFor} = await import('./ui/wrap.js');
	const print = (report: DoctorReport, stream: NodeJS.WritableStream) => stream.write(`${fitFor(stream)(formatDoctorReport(report, {color: options.color && !json}).join('\n'))}\n`);

	let report = await runDoctor(ctx, doctorOptions);
	if (!flags['fix']) {
		if (json) options.output.write(`${JSON.stringify(report, null, 2)}\n`);
		else print(report, options.output);
		return report.ok ? 0 : 1;
	}

	// --fix: the report goes where the human reads; with --json only the final report goes to stdout.
	const human = json ? options.errors : options.output;
	print(report, human);
	const steps = fixableSteps(report);
	if (steps.length === 0) {
		human.write(fitFor(human)(report.ok ? '\nNothing to fix.\n' : '\nNone of the failures can be fixed locally: see the fixes above.\n'));
		if (json) options.output.write(`${JSON.stringify(report, null, 2)}\n`);
		return report.ok ? 0 : 1;
	}
	human.write(`\nFixing: ${steps.join(', ')}\n`);
	const [{STEPS}, {runWizard}, {createPlainRenderer}] = await Promise.all([import('./core/steps/index.js'), import('./core/driver.js'), import('./ui/plain/run.js')]);
	const chosen = askFirst(STEPS.filter((step) => steps.includes(step.id)) as Step[]);
	const {setup} = report;
	const answers = {...setup, ...(setup.model ? {model: toMantleId(setup.model)} : {})};
	delete (answers as Record<string, unknown>)['shape'];
	delete (answers as Record<string, unknown>)['codexVersion'];
	// --fix --dry-run: the fixes run as in the wizard's dry run: every diff shown, nothing written.
	const dryRun = Boolean(flags['dry-run']);
	if (dryRun) human.write('Dry run: the fixes below are shown as diffs; nothing is written.\n');
	const fixCtx: Context = {...ctx, readOnly: dryRun, ...(dryRun ? {dryRun: createDryRun()} : {}), flags: {...ctx.flags, ...(setup.profile ? {profile: setup.profile} : {}), ...(setup.codexProfile && setup.shape === 'profile' ? {'codex-profile': setup.codexProfile} : {})}};
	const renderer = createPlainRenderer({output: human as NodeJS.WriteStream, clock: ctx.clock, color: options.color && !json, signal: ctx.signal});
	const result = await runWizard({steps: chosen, ctx: fixCtx, renderer, interactive: options.terminal && !flags['yes'], answers});
	if (result.exitCode === 130) return 130;
	if (result.exitCode === 2 && result.state.failure) throw new UsageError(result.state.failure.message);
	if (dryRun) {
		// Nothing changed on disk, so checking again would only repeat the report above.
		human.write(fitFor(human)('\nDry run: nothing was written; the report above still describes this machine. Run doctor --fix without --dry-run to apply these fixes.\n'));
		if (json) options.output.write(`${JSON.stringify(report, null, 2)}\n`);
		return report.ok ? 0 : 1;
	}

	human.write('\nChecking again:\n\n');
	report = await runDoctor(ctx, doctorOptions);
	print(report, human);
	if (json) options.output.write(`${JSON.stringify(report, null, 2)}\n`);
	return report.ok ? 0 : 1;
}

/** What each fix does before it shows anything: said in the question that comes first. */
const FIX_EFFECT: Partial<Record<StepId, string>> = {
	'sso-profile': 'This signs in to IAM Identity Center (a browser or a device code) and may update ~/.aws/config (a diff first).',
	'codex-config': 'This updates the Codex config (a diff first, then a backup and an atomic write).',
};

/**
 * Each fix asks first: no sign-in starts and nothing is written before a yes (--yes says yes). A no
 * skips that fix and the next one is offered.
 */
export function askFirst(steps: Step[]): Step[] {
	return steps.map((step) => ({
		...step,
		async run(ctx, io, answers, wizard) {
			const effect = FIX_EFFECT[step.id] ?? 'The step shows what it changes before it writes.';
			const go = await io.ask({kind: 'confirm', id: `fix-${step.id}`, message: `Fix "${step.title}" now? ${effect}`, default: true});
			if (!go) return {status: 'skipped', summary: 'not fixed: you said no'};
			return step.run(ctx, io, answers, wizard);
		},
	}));
}
