// Step 6: prove the setup with one real request, the way Codex will make it: POST /openai/v1/responses on
// Mantle in the chosen region, streamed, with the credentials Codex would pick (AWS_BEARER_TOKEN_BEDROCK
// first, else the profile). The cost upper bound is shown and confirmed before anything is sent; the answer,
// latency, token usage, cost and the credentials used are shown after. Running the same prompt through Codex
// itself (codex exec) is a separate piece that plugs in through `runThroughCodex`.
import type {Context} from '../context.js';
import {StepError, UsageError, toFailure} from '../errors.js';
import {registerSecret} from '../redact.js';
import {profileCredentials} from '../sso/portal.js';
import {
	bearerTokenFrom,
	bearerTokenRegion,
	CODEX_ROUTE,
	DEFAULT_TIMEOUT_MS,
	describeBearerToken,
	formatUsd,
	INPUT_TOKENS_BOUND,
	mantleFailure,
	MAX_OUTPUT_TOKENS,
	sendTestPrompt,
	TEST_PROMPT,
	testPromptCostBound,
	type TestPromptResult,
} from '../bedrock/test-prompt.js';
import type {MantleAuth} from '../bedrock/mantle.js';
import type {Step, StepIO, StepOutcome} from '../types.js';
import {titleOf} from './titles.js';


/** What the test through Codex itself is given (it never sees a token or credentials). */
export interface CodexRunRequest {
	profile?: string;
	/** The Codex profile (codex --profile NAME) the Codex config step wrote, if any. */
	codexProfile?: string;
	region: string;
	model: string;
	/** Which credentials the direct request used, so the Codex run can be compared with it. */
	auth: 'sigv4' | 'bearer';
}

/**
 * The seam for the test through Codex (`codex exec`), built separately. Called after the direct request
 * succeeded, unless --skip-codex-exec; its summary is added to the step's. Throw a StepError to fail.
 */
export type RunThroughCodex = (ctx: Context, io: StepIO, request: CodexRunRequest) => Promise<{summary: string}>;

export interface TestPromptStepOptions {
	runThroughCodex?: RunThroughCodex;
}

function seconds(ms: number): string {
	return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** --test-prompt-timeout SECONDS, checked; the default otherwise. */
function timeoutFrom(ctx: Context): number {
	const value = ctx.flags['test-prompt-timeout'];
	if (value === undefined || typeof value === 'boolean') return DEFAULT_TIMEOUT_MS;
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed <= 0 || parsed > 600) throw new UsageError(`--test-prompt-timeout ${value}: give a number of seconds between 0 and 600.`);
	return Math.round(parsed * 1000);
}

/** The line shown (and confirmed) before sending. */
export function costLine(model: string, region: string): string {
	const bound = testPromptCostBound(model);
	const size = `at most about ${INPUT_TOKENS_BOUND} input and ${MAX_OUTPUT_TOKENS} output tokens`;
	return bound === undefined
		? `One request to ${model} in ${region} ("${TEST_PROMPT}"), ${size}. No price is known for ${model}, so there is no cost estimate.`
		: `One request to ${model} in ${region} ("${TEST_PROMPT}"), ${size}: ${formatUsd(bound)} at most (us-east-1 on-demand prices).`;
}

/** The result block, in words. `credentials` says which were used (never their value). */
export function resultLines(result: TestPromptResult, model: string, region: string, credentials: string): string[] {
	const tokens = `${result.usage.input} in, ${result.usage.output} out${result.usage.reasoning !== undefined ? ` (${result.usage.reasoning} of them reasoning)` : ''}`;
	const cost = result.costUpperBoundUsd === undefined ? `unknown (no price is known for ${model})` : `${formatUsd(result.costUpperBoundUsd)} at most (us-east-1 on-demand prices)`;
	const answer = result.text ? `"${result.text.length > 200 ? `${result.text.slice(0, 200)}…` : result.text}"` : result.status === 'incomplete' ? '(none: the answer was cut off)' : '(empty)';
	return [
		`Answer: ${answer}`,
		`Latency: ${seconds(result.latencyMs)}`,
		`Tokens: ${tokens}`,
		`Cost: ${cost}`,
		`Credentials: ${credentials}`,
		`Request: POST ${result.route}/responses in ${region}, streamed${result.requestId ? `, request id ${result.requestId}` : ''}`,
	];
}

/** Why an answer was cut off, and what it means for the setup. */
export function incompleteNote(result: TestPromptResult): string {
	const reason = result.incompleteReason ?? 'no reason given';
	const why =
		reason === 'max_output_tokens'
			? `the model spent the whole ${MAX_OUTPUT_TOKENS}-token budget on reasoning before writing any text`
			: `Mantle says: ${reason}`;
	return `The answer was cut off (${reason}): ${why}. The request itself went through, so the credentials, permissions, model and route work; Codex sets no such small limit.`;
}

export function createTestPromptStep(options: TestPromptStepOptions = {}): Step {
	return {
		id: 'test-prompt',
		title: titleOf('test-prompt'),
		flags: [
			{name: 'skip-test-prompt', type: 'boolean', description: 'Send no test prompt (the setup then stays unproven).'},
			{name: 'skip-codex-exec', type: 'boolean', description: 'Send the test prompt directly to Mantle only, not also through Codex (codex exec).'},
			{name: 'test-prompt-timeout', type: 'string', valueName: 'SECONDS', description: `How long to wait for the test answer (default ${DEFAULT_TIMEOUT_MS / 1000}).`},
		],
		async run(ctx, io, answers): Promise<StepOutcome> {
			if (ctx.flags['skip-test-prompt']) return {status: 'skipped', summary: 'skipped (--skip-test-prompt): the setup is unproven'};
			// A dry run sends nothing that costs money or needs the files it did not write (codex exec reads them).
			if (ctx.dryRun) {
				io.note('Dry run: no test prompt is sent (it is a real, billed request, and Codex would read files this run did not write). Run again without --dry-run to prove the setup.');
				return {status: 'skipped', summary: 'skipped (--dry-run): the setup is unproven'};
			}
			const timeoutMs = timeoutFrom(ctx);
			const {profile, region, model} = answers;
			if (!region || !model) {
				return {status: 'failed', failure: {code: 'test-prompt.no-model', message: 'Choose a region and a model first.', fixStep: region ? 'model-access' : 'region'}};
			}

			// Codex uses AWS_BEARER_TOKEN_BEDROCK first, before any profile: so does this test.
			const bearerToken = bearerTokenFrom(ctx.env);
			let auth: MantleAuth;
			let used: string;
			if (bearerToken) {
				registerSecret(bearerToken);
				auth = {bearerToken};
				used = `AWS_BEARER_TOKEN_BEDROCK (${describeBearerToken(bearerToken)}), which Codex uses before any profile${profile ? `; profile ${profile} was not used` : ''}`;
				io.note(`Using AWS_BEARER_TOKEN_BEDROCK, ${describeBearerToken(bearerToken)}: Codex uses it before any profile.`);
				const keyRegion = bearerTokenRegion(bearerToken);
				if (keyRegion && keyRegion !== region) {
					io.note(`That key was made for ${keyRegion}, and a short-term key works only in its own region: Mantle in ${region} will refuse it.`, 'warning');
				}
			} else {
				if (!profile) return {status: 'failed', failure: {code: 'test-prompt.no-profile', message: 'Choose an AWS profile first.', fixStep: 'sso-profile'}};
				if (ctx.env['AWS_ACCESS_KEY_ID']) {
					io.note('AWS_ACCESS_KEY_ID is set in this shell. This test uses the profile; an SDK that reads the environment first would use those keys instead.', 'warning');
				}
				const credentials = await io.task(`Getting credentials for profile ${profile}`, () => profileCredentials(ctx, profile)).catch((error: unknown) => {
					if (ctx.signal.aborted) throw error;
					const failure = toFailure(error);
					throw new StepError({...failure, hint: failure.hint ?? `Sign in again (npx codex-bedrock-setup login --profile ${profile}, or aws sso login --profile ${profile}), or go back to the profile step.`, fixStep: 'sso-profile'});
				});
				auth = {credentials};
				used = `profile ${profile}, SigV4${answers.identityArn ? ` as ${answers.identityArn}` : ''}`;
			}

			const bound = testPromptCostBound(model);
			io.note(costLine(model, region));
			const send = await io.ask({kind: 'confirm', id: 'send-test-prompt', message: `Send the test prompt now${bound === undefined ? '' : ` (${formatUsd(bound)} at most)`}?`, default: true});
			if (!send) return {status: 'skipped', summary: 'not sent: the setup is unproven'};

			const host = (() => {
				try {
					return new URL(ctx.endpoints.mantle(region)).host;
				} catch {
					return undefined;
				}
			})();
			const sentAt = ctx.clock.now();
			const result = await io
				.task(`Sending the test prompt to ${model} (POST ${CODEX_ROUTE}/responses in ${region})`, (signal) => sendTestPrompt(ctx, {...auth, region, model, stream: true, signal, timeoutMs}))
				.catch((error: unknown) => {
					if (ctx.signal.aborted) throw error;
					throw new StepError(
						mantleFailure(error, {auth: bearerToken ? 'bearer' : 'sigv4', region, model, route: CODEX_ROUTE, sentAt, timeoutMs, ...(profile ? {profile} : {}), ...(host ? {host} : {})}),
					);
				});

			io.block(`Test prompt: ${model} in ${region}`, resultLines(result, model, region, used));
			let summary: string;
			if (result.status === 'incomplete') {
				io.note(incompleteNote(result), 'warning');
				summary = `${model} reached, answer cut off (${result.incompleteReason ?? 'incomplete'})`;
			} else {
				if (!/^\W*ready\W*$/i.test(result.text)) io.note('The model did not answer exactly "ready"; that is fine: the request worked end to end.');
				summary = `${model} answered in ${seconds(result.latencyMs)}${result.auth === 'bearer' ? ' (Bedrock API key)' : ''}`;
			}

			if (options.runThroughCodex && !ctx.flags['skip-codex-exec']) {
				const codex = await options.runThroughCodex(ctx, io, {...(profile ? {profile} : {}), ...(answers.codexProfile ? {codexProfile: answers.codexProfile} : {}), region, model, auth: result.auth});
				summary += `; through Codex: ${codex.summary}`;
			}
			return {status: 'done', summary};
		},
	};
}

/** The step as the wizard uses it: the direct request, then the same prompt through `codex exec`. */
export const testPrompt: Step = createTestPromptStep({
	runThroughCodex: async (ctx, io, request) => {
		const {testThroughCodex} = await import('../codex/exec.js');
		return testThroughCodex(ctx, io, {...(request.codexProfile ? {codexProfile: request.codexProfile} : {}), model: request.model});
	},
});
