// A re-run starts from doctor: the steps whose checks all pass are shown done with their current
// values (and can be revisited with Back); the wizard goes on at the first step with a failing check,
// prefilled with what was found. Called by the driver once the preflight step is done (driver.ts).
import {existsSync} from 'node:fs';
import type {Context} from './context.js';
import {runDoctor, type CheckResult, type DoctorReport} from './doctor.js';
import type {Answers, Step, StepId, StepIO} from './types.js';

/** The checks that must all pass for a step to count as set up. The test prompt is always run. */
const STEP_CHECKS: ReadonlyArray<{step: StepId; checks: readonly string[]; summary: (r: DoctorReport) => string}> = [
	{step: 'sso-profile', checks: ['aws.config', 'aws.profile', 'sso.token', 'aws.identity'], summary: (r) => `${r.setup.profile} · ${r.setup.roleName ?? '?'} in account ${r.setup.accountId ?? '?'} (found)`},
	{step: 'region', checks: ['region.mantle'], summary: (r) => `${r.setup.region} (found)`},
	{step: 'model-access', checks: ['model.listed'], summary: (r) => `${r.setup.model} (found)`},
	{step: 'codex-config', checks: ['codex.installed', 'codex.config', 'codex.doctor'], summary: (r) => `${r.setup.shape === 'profile' ? `codex --profile ${r.setup.codexProfile}` : 'codex'} → ${r.setup.model} (found)`},
];

const ICON: Record<CheckResult['status'], string> = {pass: '✔', fail: '✖', warn: '⚠', skip: '–', info: 'ℹ'};

export interface Resume {
	answers: Partial<Answers>;
	done: Array<{id: StepId; summary: string}>;
	report: DoctorReport;
}

/** Which steps are set up, in order, stopping at the first that is not (or that a flag asks to redo). */
export function stepsSetUp(report: DoctorReport, flaggedSteps: ReadonlySet<StepId>): Array<{id: StepId; summary: string}> {
	const done: Array<{id: StepId; summary: string}> = [];
	for (const entry of STEP_CHECKS) {
		if (flaggedSteps.has(entry.step)) break;
		const ok = entry.checks.every((id) => report.checks.find((c) => c.id === id)?.status === 'pass');
		if (!ok) break;
		done.push({id: entry.step, summary: entry.summary(report)});
	}
	return done;
}

export async function resumeFromDoctor(ctx: Context, io: StepIO, steps: readonly Pick<Step, 'id' | 'flags'>[]): Promise<Resume | undefined> {
	if (!existsSync(ctx.paths.awsConfig) && !existsSync(ctx.paths.codexConfig)) return undefined;
	const report = await io.task('Checking the current setup (as doctor does)', () =>
		runDoctor(ctx, {...(typeof ctx.flags['profile'] === 'string' ? {profile: ctx.flags['profile']} : {}), ...(typeof ctx.flags['codex-profile'] === 'string' ? {codexProfile: ctx.flags['codex-profile']} : {})}),
	);
	// A step whose flags were given on the command line is redone: the user asked for a change there.
	const flagged = new Set(steps.filter((step) => step.flags.some((flag) => ctx.flags[flag.name] !== undefined && flag.name !== 'profile')).map((step) => step.id));
	const done = stepsSetUp(report, flagged);
	if (!report.setup.profile) return undefined;
	io.block(
		'Current setup',
		report.checks.filter((c) => c.status !== 'info' && c.id !== 'node').map((c) => `${ICON[c.status]} ${c.title}: ${c.summary}`),
	);
	const {setup} = report;
	const answers: Partial<Answers> = {};
	for (const key of ['profile', 'ssoSession', 'accountId', 'roleName', 'identityArn', 'region', 'model', 'codexProfile'] as const) {
		const value = setup[key];
		if (value) answers[key] = value;
	}
	if (done.length) io.note(`Set up already: ${done.map((d) => d.id).join(', ')}. Going on from the first step that needs work (Esc goes back to any of them).`, 'success');
	return {answers, done, report};
}
