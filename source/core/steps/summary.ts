// Last step: what was set up, which files changed, and what to run next; then the readiness record
// (core/readiness.ts), written to ~/.codex-bedrock-setup/ (or, in a dry run, shown instead).
import {existsSync} from 'node:fs';
import type {Context} from '../context.js';
import {tildify} from '../context.js';
import {applyWrite, planWrite, writeOptions} from '../files.js';
import {awsCliVersionOnce, buildReadinessRecord, readinessMarkdown, readinessPaths} from '../readiness.js';
import {once} from '../run-state.js';
import {titleOf} from './titles.js';
import type {Answers, Step, StepIO, WizardView, WrittenFile} from '../types.js';

const LABELS: Array<[keyof Answers, string]> = [
	['profile', 'AWS profile'],
	['ssoSession', 'SSO session'],
	['accountId', 'Account'],
	['roleName', 'Role'],
	['identityArn', 'Signed in as'],
	['region', 'Region'],
	['model', 'Model'],
	['route', 'Route'],
	['inferenceScope', 'Inference scope'],
	['codexProfile', 'Codex profile'],
];

const ACTION_WORDS: Record<WrittenFile['action'], string> = {
	unchanged: 'Unchanged',
	created: 'Created',
	updated: 'Updated',
	'would-create': 'Would create',
	'would-update': 'Would update',
};

export function summaryLines(answers: Answers, files: WrittenFile[], home: string): string[] {
	const words: Partial<Record<keyof Answers, (value: string) => string>> = {
		route: (value) => (value === 'runtime' ? 'Bedrock Runtime (amazon-bedrock-runtime)' : 'Bedrock Mantle (amazon-bedrock)'),
	};
	const lines = LABELS.filter(([key]) => answers[key]).map(([key, label]) => `${label}: ${words[key]?.(String(answers[key])) ?? answers[key]}`);
	if (files.length === 0) lines.push('Files: nothing was written.');
	for (const file of files) {
		const backup = file.backup ? ` (backup: ${tildify(file.backup, home)})` : '';
		lines.push(`${ACTION_WORDS[file.action]}: ${tildify(file.path, home)}${backup}`);
	}
	return lines;
}

export function nextCommand(answers: Answers, files: readonly WrittenFile[], steps: WizardView['steps'] = []): string | undefined {
	// Configured: written in this run, or found set up (a re-run's Codex config step is done without a write).
	const configured = files.some((file) => file.path.endsWith('config.toml')) || steps.some((step) => step.id === 'codex-config' && step.status === 'done');
	if (!answers.model || !configured) return undefined;
	return answers.codexProfile ? `codex --profile ${answers.codexProfile}` : 'codex';
}

/** Until Codex's config is written by the wizard: the lines that point Codex at this setup. */
export function codexConfigLines(answers: Answers): string[] | undefined {
	if (!answers.model || !answers.profile || !answers.region) return undefined;
	const provider = answers.route === 'runtime' ? 'amazon-bedrock-runtime' : 'amazon-bedrock';
	return [
		`model_provider = "${provider}"`,
		`model = "${answers.model}"`,
		'',
		`[model_providers.${provider}.aws]`,
		`profile = "${answers.profile}"`,
		`region = "${answers.region}"`,
	];
}

/** The sign-in's lengths for the record (the SSO token cache; role credentials are not fetched again). */
async function sessionLine(ctx: Context, answers: Answers): Promise<string | undefined> {
	if (!answers.ssoSession || (answers.credentialSource && answers.credentialSource !== 'sso')) return undefined;
	const {readSessionLengths, summarizeSessionLengths} = await import('../sso/session.js');
	const lengths = await readSessionLengths(ctx, answers.ssoSession);
	return lengths.accessToken.expiresAt === undefined ? undefined : summarizeSessionLengths(lengths, ctx.clock.now());
}

/**
 * Start `codex --version` and `aws --version` in the background (once per run), for the readiness record.
 * Not before the first question is on screen: both start a process, which would slow the first frame.
 */
export function startVersionChecks(ctx: Context): void {
	if (!ctx.run?.eager) return;
	void import('../codex/cli.js').then(({findCodexOnce}) => findCodexOnce(ctx)).catch(() => {});
	void awsCliVersionOnce(ctx);
}

/**
 * What this run's role can see of budgets, CloudTrail and invocation logging (three read-only calls),
 * asked once per run for this profile, account and region: the prefetch starts it as soon as the region
 * is chosen, so the record at the end does not wait a round trip and two handshakes for it.
 */
function visibilityOnce(ctx: Context, answers: Answers) {
	return once(ctx, `team visibility ${answers.profile} ${answers.accountId} ${answers.region}`, async () => {
		const {teamVisibilityFor} = await import('../team/visibility.js');
		return teamVisibilityFor(ctx, answers);
	});
}

/** Write the readiness record (Markdown and JSON, 0600); in a dry run, show it and write nothing. */
async function writeReadinessRecord(ctx: Context, io: StepIO, answers: Answers, wizard: WizardView, command: string | undefined): Promise<WrittenFile[]> {
	const {findCodexOnce} = await import('../codex/cli.js');
	// Asked once per run, and started early (prefetch), so the record does not wait for them at the end.
	const [codex, awsCli, visibility] = await io.task('Writing the readiness record (Codex and AWS CLI versions, what your role sees of budgets and logging)', () =>
		Promise.all([findCodexOnce(ctx).catch(() => undefined), awsCliVersionOnce(ctx), visibilityOnce(ctx, answers).catch(() => undefined)]),
	);
	const session = await sessionLine(ctx, answers);
	const record = buildReadinessRecord(ctx, {answers, steps: wizard.steps ?? [], ...(command ? {command} : {}), versions: {codex: codex?.version ?? null, awsCli}, ...(session ? {session} : {}), ...(visibility ? {visibility} : {})});
	const markdown = readinessMarkdown(record);
	let paths = readinessPaths(ctx);
	for (let n = 2; existsSync(paths.markdown) || existsSync(paths.json); n++) paths = readinessPaths(ctx, `-${n}`);
	const files: WrittenFile[] = [];
	for (const [file, text] of [[paths.markdown, markdown], [paths.json, `${JSON.stringify(record, null, 2)}\n`]] as const) {
		files.push(await applyWrite(planWrite(file, undefined, text, 0o600), writeOptions(ctx, {directoryMode: 0o700})));
	}
	const shown = `${tildify(paths.markdown, ctx.paths.home)} (and .json)`;
	if (ctx.dryRun) {
		io.block(`Readiness record (dry run: not written; a real run writes ${shown})`, markdown.trimEnd().split('\n'));
	} else {
		io.note(`Readiness record: ${shown}`, 'success');
	}
	return files;
}

export const summary: Step = {
	id: 'summary',
	title: titleOf('summary'),
	flags: [],
	// The versions the record names, asked as soon as the profile works (or earlier, during the sign-in
	// wait: startVersionChecks): `aws --version` alone can take seconds, which the end of a run must not wait for.
	prefetch(ctx, answers, wizard) {
		if (wizard.steps?.some((s) => s.id === 'sso-profile' && s.status === 'done')) startVersionChecks(ctx);
		if (ctx.run?.eager && answers.profile && answers.accountId && answers.region && wizard.steps?.some((s) => s.id === 'region' && s.status === 'done')) {
			void visibilityOnce(ctx, answers).catch(() => {});
		}
	},
	async run(ctx, io, answers, wizard) {
		io.block(ctx.dryRun ? 'What a real run would set up (dry run: nothing was written)' : 'What is set up', summaryLines(answers, [...wizard.files], ctx.paths.home));
		const next = nextCommand(answers, wizard.files, wizard.steps);
		const lines = codexConfigLines(answers);
		if (next) io.note(ctx.dryRun ? `After a real run (without --dry-run), start Codex on Bedrock with: ${next}` : `Start Codex on Bedrock with: ${next}`, 'success');
		else if (lines) io.block(`Codex is not configured yet: add these lines to ${tildify(ctx.paths.codexConfig, ctx.paths.home)}`, lines);
		const records = await writeReadinessRecord(ctx, io, answers, wizard, next);
		const written = wizard.files.filter((file) => file.action === 'created' || file.action === 'updated').length;
		const wouldBe = wizard.files.filter((file) => file.action === 'would-create' || file.action === 'would-update').length;
		const plural = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
		const summaryText = ctx.dryRun ? `dry run: ${wouldBe ? `${plural(wouldBe)} would be written` : 'nothing would change'}, nothing written` : written ? `${plural(written)} written` : 'nothing written';
		return {status: 'done', summary: summaryText, files: records};
	},
};
