// The readiness record: what a run set up and proved, in Markdown (for a person, a ticket, a wiki) and
// JSON (for a script), written at the end of every run by the summary step to
// ~/.codex-bedrock-setup/readiness-<UTC stamp>.{md,json} (0600, never inside the user's repository).
// Its checks are the steps' own outcomes in this run (the test prompt included), not a second round of
// calls; what no tool can check from here (budgets, CloudTrail, SCPs, policies, a rollback owner) is a
// to-do list. No secret can be in it: it holds names, ARNs and summaries, and passes through redact().
import {scopePhrase} from './bedrock/residency.js';
import path from 'node:path';
import type {Context} from './context.js';
import {utcStamp} from './files.js';
import {redact} from './redact.js';
import {once} from './run-state.js';
import type {Answers, StepId} from './types.js';

export interface ReadinessCheck {
	id: StepId;
	title: string;
	/** The step's status in this run: done, skipped, failed, pending (not reached). */
	status: string;
	summary: string;
}

export interface ReadinessRecord {
	schemaVersion: 1;
	generatedAt: string;
	/** A --dry-run: nothing was written, so the setup described is what a real run would make. */
	dryRun: boolean;
	tool: {name: 'codex-bedrock-setup'; version: string};
	codexVersion: string | null;
	awsCliVersion: string | null;
	setup: {
		profile: string | null;
		identityArn: string | null;
		accountId: string | null;
		roleName: string | null;
		region: string | null;
		endpoint: string | null;
		/** Codex's provider: amazon-bedrock-runtime (Bedrock Runtime) or amazon-bedrock (Mantle). */
		route: 'runtime' | 'mantle' | null;
		provider: string | null;
		model: string | null;
		/** Where prompts may be processed: in-region, geo (us., eu., ...) or global, in words. */
		inferenceScope: string | null;
		codexProfile: string | null;
		/** The command that starts Codex on Bedrock with this setup. */
		command: string | null;
	};
	/** How long the sign-in lasts and what happens when it ends (null: not an SSO profile, or not signed in). */
	session: {lengths: string; whenItEnds: string} | null;
	checks: ReadinessCheck[];
	testPrompt: {status: string; summary: string};
	/**
	 * For the person responsible to tick off. Where this run's role could look (a Bedrock budget, CloudTrail,
	 * invocation logging), `seen` says what it saw: yes, no, or not visible to the role.
	 */
	todo: Array<{id: string; item: string; seen?: {status: 'yes' | 'no' | 'not-visible' | 'unknown'; summary: string}}>;
}

export const READINESS_TODO: ReadonlyArray<{id: string; item: string}> = [
	{id: 'budget.account', item: 'An AWS Budget for the account, with alerts to an owner who reads them.'},
	{id: 'budget.bedrock', item: 'A Bedrock budget (filtered to Amazon Bedrock usage), with alerts at, say, 50 %, 80 % and 100 %.'},
	{id: 'cloudtrail', item: 'CloudTrail records the account\'s API calls (including Bedrock) to a bucket your security team keeps.'},
	{id: 'invocation-logging', item: 'Bedrock model-invocation logging is configured in the region (where the team wants prompts and answers kept).'},
	{id: 'scp', item: 'Service control policies allow Bedrock Runtime (or Mantle) in the chosen region, every Region a cross-Region profile routes to, and only the models you mean to allow.'},
	{id: 'residency', item: 'Where prompts may be processed (the inference scope above) is approved for the data you will send.'},
	{id: 'repository-policy', item: 'Which repositories Codex may be used in is agreed (and written down).'},
	{id: 'sensitive-data', item: 'A policy on sensitive data: what may be sent to the model (secrets, personal data, customer data) and what not.'},
	{id: 'rollback-owner', item: 'A rollback owner: who can undo this setup (the backups listed in the summary, the SSO profile) and revoke access.'},
];

/** The Mantle endpoint Codex's amazon-bedrock provider calls in a region. */
export function mantleEndpoint(region: string): string {
	return `https://bedrock-mantle.${region}.api.aws/openai/v1`;
}

/** The endpoint Codex's provider for a route calls (SEEN: test/codex/routes.test.ts). */
export function routeEndpoint(region: string, route: 'runtime' | 'mantle' | undefined): string {
	return route === 'runtime' ? `https://bedrock-runtime.${region}.amazonaws.com/openai/v1` : mantleEndpoint(region);
}

/**
 * `aws --version` ("aws-cli/2.22.4 Python/3.12.6 ..." -> "2.22.4"), or null when the AWS CLI is not installed.
 * It can take seconds (Python start-up; 4-6 s measured on a loaded machine): ask through awsCliVersionOnce.
 */
export async function awsCliVersion(ctx: Context): Promise<string | null> {
	const {execa} = await import('execa');
	const result = await execa('aws', ['--version'], {env: {...ctx.env}, extendEnv: false, reject: false, timeout: 15_000, stdin: 'ignore', cancelSignal: ctx.signal});
	if (result.failed || result.exitCode !== 0) return null;
	const text = `${String(result.stdout)} ${String(result.stderr)}`;
	return /aws-cli\/(\S+)/.exec(text)?.[1] ?? null;
}

/** `aws --version` once per run (started early by the summary step's prefetch). */
export function awsCliVersionOnce(ctx: Context): Promise<string | null> {
	return once(ctx, 'aws --version', () => awsCliVersion(ctx).catch(() => null));
}

/** Where this run's record goes: ~/.codex-bedrock-setup/readiness-20261123T090000Z.{md,json}. */
export function readinessPaths(ctx: Context, suffix = ''): {markdown: string; json: string} {
	const base = path.join(ctx.paths.records, `readiness-${utcStamp(ctx.clock.now())}${suffix}`);
	return {markdown: `${base}.md`, json: `${base}.json`};
}

/** Every string in a value through redact() (the record is built from values that are already safe; this is the belt). */
export function redactDeep<T>(value: T): T {
	if (typeof value === 'string') return redact(value) as T;
	if (Array.isArray(value)) return value.map(redactDeep) as T;
	if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
	return value;
}

export interface RecordInput {
	answers: Answers;
	steps: ReadonlyArray<{id: StepId; title: string; status: string; summary?: string}>;
	/** The summary step's own command line ("codex --profile bedrock"), when Codex is configured. */
	command?: string;
	versions: {codex: string | null; awsCli: string | null};
	/** What the role could see of the lead's side of the account (team/visibility.ts). */
	visibility?: ReadonlyArray<{id: string; seen: 'yes' | 'no' | 'not-visible' | 'unknown'; summary: string}>;
	/** One line on the sign-in's lengths (sso/session.ts), when known. */
	session?: string;
}

export function buildReadinessRecord(ctx: Context, input: RecordInput): ReadinessRecord {
	const {answers} = input;
	const checks = input.steps
		.filter((step) => step.id !== 'summary')
		.map((step) => ({id: step.id, title: step.title, status: step.status, summary: step.summary ?? (step.status === 'pending' ? 'not reached' : '')}));
	const test = checks.find((check) => check.id === 'test-prompt');
	return redactDeep({
		schemaVersion: 1 as const,
		generatedAt: new Date(ctx.clock.now()).toISOString(),
		dryRun: Boolean(ctx.dryRun),
		tool: {name: 'codex-bedrock-setup' as const, version: ctx.version},
		codexVersion: input.versions.codex,
		awsCliVersion: input.versions.awsCli,
		setup: {
			profile: answers.profile ?? null,
			identityArn: answers.identityArn ?? null,
			accountId: answers.accountId ?? null,
			roleName: answers.roleName ?? null,
			region: answers.region ?? null,
			endpoint: answers.region ? routeEndpoint(answers.region, answers.route) : null,
			route: answers.model ? (answers.route ?? 'mantle') : null,
			provider: answers.model ? (answers.route === 'runtime' ? 'amazon-bedrock-runtime' : 'amazon-bedrock') : null,
			model: answers.model ?? null,
			inferenceScope: answers.model && answers.region ? scopePhrase(answers.model, answers.region) : null,
			codexProfile: answers.codexProfile ?? null,
			command: input.command ?? null,
		},
		session: input.session
			? {
					lengths: input.session,
					whenItEnds: answers.authRefresh
						? `Codex runs ${answers.authRefresh} by itself and carries on.`
						: `Run npx codex-bedrock-setup login --profile ${answers.profile ?? 'NAME'}, then restart Codex.`,
				}
			: null,
		checks,
		testPrompt: test ? {status: test.status, summary: test.summary} : {status: 'pending', summary: 'not reached'},
		todo: READINESS_TODO.map((entry) => {
			const seen = input.visibility?.find((v) => v.id === entry.id);
			return seen ? {...entry, seen: {status: seen.seen, summary: seen.summary}} : {...entry};
		}),
	});
}

const ICON: Record<string, string> = {done: '✔', skipped: '↷', failed: '✖', pending: '○', running: '…'};

export function readinessMarkdown(record: ReadinessRecord): string {
	// What is unknown says why, in words: never a bare "not set".
	const value = (v: string | null, missing = 'not chosen in this run') => (v === null ? `_${missing}_` : `\`${v}\``);
	const {setup} = record;
	const lines = [
		`# Codex on Amazon Bedrock: readiness record`,
		'',
		...(record.dryRun ? ['> **Dry run**: nothing was written and no test prompt was sent. This is what a real run would set up.', ''] : []),
		`- Date: ${record.generatedAt}`,
		`- Tool: ${record.tool.name} ${record.tool.version}`,
		`- Codex CLI: ${record.codexVersion ?? 'not installed'}`,
		`- AWS CLI: ${record.awsCliVersion ?? 'not installed'}`,
		'',
		'## Setup',
		'',
		`- AWS profile: ${value(setup.profile)}`,
		`- Signed in as: ${value(setup.identityArn, 'not signed in during this run')}`,
		`- Account and role: ${value(setup.accountId)} / ${value(setup.roleName)}`,
		`- Region: ${value(setup.region)}`,
		`- Endpoint: ${value(setup.endpoint, 'none (no region chosen)')}`,
		`- Codex provider: ${value(setup.provider)}`,
		`- Model: ${value(setup.model)}`,
		`- Inference scope: ${value(setup.inferenceScope)}`,
		`- Codex profile: ${setup.codexProfile === null ? '_none (Bedrock is the default)_' : value(setup.codexProfile)}`,
		`- Start Codex with: ${value(setup.command, 'Codex is not configured yet: add the lines the summary shows to config.toml')}`,
		...(record.session ? [`- Sign-in: ${record.session.lengths}`, `- When the sign-in ends: ${record.session.whenItEnds}`] : []),
		'',
		'## Checks (this run)',
		'',
		'| | Step | Result |',
		'|---|---|---|',
		...record.checks.map((check) => `| ${ICON[check.status] ?? check.status} | ${check.title} | ${check.status}${check.summary ? `: ${check.summary.replace(/\|/g, '\\|')}` : ''} |`),
		'',
		`Test prompt: **${record.testPrompt.status}**${record.testPrompt.summary ? ` (${record.testPrompt.summary})` : ''}.`,
		'',
		'## To do: not checked by this tool',
		'',
		...record.todo.map((entry) => `- [${entry.seen?.status === 'yes' ? 'x' : ' '}] ${entry.item}${entry.seen ? ` Seen from this role: ${entry.seen.summary}.` : ''}`),
		'',
	];
	return redact(lines.join('\n'));
}
