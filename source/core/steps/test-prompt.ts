// Step 6: prove the setup with one real request, the way Codex will make it: POST /openai/v1/responses on
// Mantle in the chosen region, streamed, with the credential Codex will sign with, in Codex's OBSERVED order
// (codex/credentials.ts, docs/codex-behaviour.md): aws.profile in its config first (what the wizard writes),
// then Bedrock credentials Codex stored in auth.json, then AWS_BEARER_TOKEN_BEDROCK, then AWS_* keys. The cost upper bound is shown and confirmed before anything is sent; the answer,
// latency, token usage, cost and the credentials used are shown after. Running the same prompt through Codex
// itself (codex exec) is a separate piece that plugs in through `runThroughCodex`.
import type {Context} from '../context.js';
import {StepError, UsageError, toFailure} from '../errors.js';
import {registerSecret} from '../redact.js';
import {profileCredentials} from '../sso/portal.js';
import {AWS_TABLE, awsTable, profileFile, stringAt} from '../codex/config.js';
import {codexCredential, readCodexAuth, readStoredBedrockCredentials, sourceLabel} from '../codex/credentials.js';
import {readToml} from '../codex/files.js';
import {
	bearerTokenFrom,
	bearerTokenRegion,
	CODEX_ROUTE,
	costUsd,
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
	/** Whether runThroughCodex will find a Codex it can run: the line confirmed before sending counts its request only then. */
	codexUsable?: (ctx: Context) => Promise<boolean>;
}

/** The aws.profile Codex's config names now (the profile file over config.toml), if any. */
async function configuredAwsProfile(ctx: Context, codexProfile: string | undefined, route?: 'mantle' | 'runtime'): Promise<string | undefined> {
	const base = await readToml(ctx.paths.codexConfig).catch(() => undefined);
	const layer = codexProfile ? await readToml(profileFile(ctx.paths.codexHome, codexProfile)).catch(() => undefined) : undefined;
	const table = route ? awsTable(route) : AWS_TABLE;
	return stringAt(layer?.data, [...table, 'profile']) ?? stringAt(base?.data, [...table, 'profile']);
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

/**
 * The Codex turn (codex exec) sends Codex's own instructions, context and tool definitions with the
 * prompt: 38,084 bytes from Codex 0.169.0 (measured at the simulated Mantle: input 27,686, tools 8,892).
 * At three to four characters a token that is 10,000 to 13,000 input tokens; Codex sets no output limit,
 * and a one-word answer with its reasoning stays well under 1,000. An estimate, not a bound.
 */
export const CODEX_TURN_INPUT_TOKENS = 13_000;
export const CODEX_TURN_OUTPUT_TOKENS = 1_000;

/** The estimate for the Codex turn, or undefined when no price is known. */
export function codexTurnCost(model: string): number | undefined {
	return costUsd(model, CODEX_TURN_INPUT_TOKENS, CODEX_TURN_OUTPUT_TOKENS);
}

/** The line shown (and confirmed) before sending: the direct request, and the Codex turn when it follows. */
export function costLine(model: string, region: string, throughCodex = false): string {
	const bound = testPromptCostBound(model);
	const size = `at most about ${INPUT_TOKENS_BOUND} input and ${MAX_OUTPUT_TOKENS} output tokens`;
	if (bound === undefined) {
		return `${throughCodex ? 'Two requests' : 'One request'} to ${model} in ${region} ("${TEST_PROMPT}"${throughCodex ? ', directly and then through Codex' : ''}), ${size}${throughCodex ? ' for the first' : ''}. No price is known for ${model}, so there is no cost estimate.`;
	}
	if (!throughCodex) return `One request to ${model} in ${region} ("${TEST_PROMPT}"), ${size}: ${formatUsd(bound)} at most (us-east-1 on-demand prices).`;
	const codex = codexTurnCost(model)!;
	return (
		`Two requests to ${model} in ${region} ("${TEST_PROMPT}"): directly, ${size}: ${formatUsd(bound)} at most; then through Codex, which adds its instructions and tools ` +
		`(about ${CODEX_TURN_INPUT_TOKENS.toLocaleString('en-US')} input and up to ${CODEX_TURN_OUTPUT_TOKENS.toLocaleString('en-US')} output tokens): about ${formatUsd(codex)}. ` +
		`Both: about ${formatUsd(bound + codex)} (us-east-1 on-demand prices).`
	);
}

/** The result block, in words. `credentials` says which were used (never their value). */
export function resultLines(result: TestPromptResult, model: string, region: string, credentials: string): string[] {
	const tokens = `${result.usage.input} in, ${result.usage.output} out${result.usage.reasoning !== undefined ? ` (${result.usage.reasoning} of them reasoning)` : ''}`;
	// From the usage Mantle reported: what this request cost, not a bound.
	const cost = result.costUpperBoundUsd === undefined ? `unknown (no price is known for ${model})` : `${formatUsd(result.costUpperBoundUsd)} (the tokens above at us-east-1 on-demand prices)`;
	const answer = result.text ? `"${result.text.length > 200 ? `${result.text.slice(0, 200)}…` : result.text}"` : result.status === 'incomplete' ? '(none: the answer was cut off)' : '(empty)';
	return [
		`Answer: ${answer}`,
		`Latency: ${seconds(result.latencyMs)}`,
		`Tokens: ${tokens}`,
		`Cost: ${cost}`,
		`Credentials: ${credentials}`,
		`Request: POST ${result.route}/responses on ${result.endpoint === 'runtime' ? `bedrock-runtime.${region}.amazonaws.com` : `bedrock-mantle.${region}.api.aws`}, streamed${result.requestId ? `, request id ${result.requestId}` : ''}`,
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

			// The credential Codex will sign with for this setup: the aws.profile its config names (the one the
			// Codex config step wrote, else the profile chosen here), else what comes next in Codex's order.
			const configProfile = (await configuredAwsProfile(ctx, answers.codexProfile, answers.route)) ?? profile;
			const stored = await readCodexAuth(ctx.paths.codexHome);
			const codexUses = codexCredential({configProfile, auth: stored, env: ctx.env});
			const ignored = codexUses.shadowed.map((source) => sourceLabel(source, {configProfile, auth: stored, env: ctx.env}));
			let auth: MantleAuth;
			let used: string;
			let bearerToken: string | undefined;
			let sendRegion = region;
			if (codexUses.source === 'env-bearer' || codexUses.source === 'codex-api-key') {
				const storedKey = codexUses.source === 'codex-api-key' ? await readStoredBedrockCredentials(ctx.paths.codexHome) : undefined;
				bearerToken = storedKey?.kind === 'api-key' ? storedKey.apiKey : bearerTokenFrom(ctx.env);
				if (!bearerToken) return {status: 'failed', failure: {code: 'test-prompt.no-profile', message: `Codex would use ${codexUses.label}, which could not be read.`, fixStep: 'sso-profile'}};
				registerSecret(bearerToken);
				auth = {bearerToken};
				// A stored key brings its own region, over aws.region (observed).
				if (storedKey?.kind === 'api-key' && storedKey.region && storedKey.region !== region) {
					io.note(`Codex sends its requests to ${storedKey.region}, the region stored with that key, not ${region}: so does this test.`, 'warning');
					sendRegion = storedKey.region;
				}
				used = `${codexUses.label} (${describeBearerToken(bearerToken)}), as Codex will`;
				const keyRegion = bearerTokenRegion(bearerToken);
				if (keyRegion && keyRegion !== sendRegion) {
					io.note(`That key was made for ${keyRegion}, and a short-term key works only in its own region: Mantle in ${sendRegion} will refuse it.`, 'warning');
				}
			} else if (codexUses.source === 'env-keys' || codexUses.source === 'codex-access-keys') {
				const storedKeys = codexUses.source === 'codex-access-keys' ? await readStoredBedrockCredentials(ctx.paths.codexHome) : undefined;
				const keyId = storedKeys?.kind === 'access-keys' ? storedKeys.accessKeyId : ctx.env['AWS_ACCESS_KEY_ID'];
				const secret = storedKeys?.kind === 'access-keys' ? storedKeys.secretAccessKey : ctx.env['AWS_SECRET_ACCESS_KEY'];
				const token = storedKeys?.kind === 'access-keys' ? storedKeys.sessionToken : ctx.env['AWS_SESSION_TOKEN'];
				if (!keyId || !secret) return {status: 'failed', failure: {code: 'test-prompt.no-profile', message: `Codex would use ${codexUses.label}, which could not be read.`, fixStep: 'sso-profile'}};
				registerSecret(secret);
				registerSecret(token);
				auth = {credentials: {accessKeyId: keyId, secretAccessKey: secret, ...(token ? {sessionToken: token} : {})}};
				used = `${codexUses.label}, SigV4, as Codex will`;
			} else {
				// aws.profile (what the wizard writes); or, with nothing else set, the SDK chain's AWS_PROFILE.
				const signWith = codexUses.source === 'sdk-chain' ? (ctx.env['AWS_PROFILE'] ?? 'default') : configProfile;
				if (!signWith || codexUses.source === 'credential-export') return {status: 'failed', failure: {code: 'test-prompt.no-profile', message: codexUses.source === 'credential-export' ? 'Codex signs with aws.credential_export, which this test cannot run: choose an AWS profile.' : 'Choose an AWS profile first.', fixStep: 'sso-profile'}};
				const credentials = await io.task(`Getting credentials for profile ${signWith}`, () => profileCredentials(ctx, signWith)).catch((error: unknown) => {
					if (ctx.signal.aborted) throw error;
					const failure = toFailure(error);
					throw new StepError({...failure, hint: failure.hint ?? `Sign in again (npx codex-bedrock-setup login --profile ${signWith}, or aws sso login --profile ${signWith}), or go back to the profile step.`, fixStep: 'sso-profile'});
				});
				auth = {credentials};
				used = `profile ${signWith}, SigV4${answers.identityArn && signWith === profile ? ` as ${answers.identityArn}` : ''}`;
			}
			io.note(`Codex will sign with ${codexUses.label}; so does this test.${ignored.length ? ` Codex ignores ${ignored.join(' and ')} (they come later in its order).` : ''}`);

			const throughCodex = Boolean(options.runThroughCodex) && !ctx.flags['skip-codex-exec'] && ((await options.codexUsable?.(ctx)) ?? true);
			const bound = testPromptCostBound(model);
			const codexCost = throughCodex ? codexTurnCost(model) : 0;
			io.note(costLine(model, region, throughCodex));
			const price = bound === undefined || codexCost === undefined ? '' : throughCodex ? ` (about ${formatUsd(bound + codexCost)} with the Codex turn)` : ` (${formatUsd(bound)} at most)`;
			const send = await io.ask({kind: 'confirm', id: 'send-test-prompt', message: `Send the test prompt now${price}?`, default: true});
			if (!send) return {status: 'skipped', summary: 'not sent: the setup is unproven'};

			const endpoint = answers.route ?? 'mantle';
			const host = (() => {
				try {
					return new URL(endpoint === 'runtime' ? ctx.endpoints.runtime(sendRegion) : ctx.endpoints.mantle(sendRegion)).host;
				} catch {
					return undefined;
				}
			})();
			const sentAt = ctx.clock.now();
			const result = await io
				.task(`Sending the test prompt to ${model} (POST ${CODEX_ROUTE}/responses on ${endpoint === 'runtime' ? 'Bedrock Runtime' : 'Mantle'} in ${sendRegion}, waiting up to ${Math.round(timeoutMs / 1000)} s)`, (signal) => sendTestPrompt(ctx, {...auth, endpoint, region: sendRegion, model, stream: true, signal, timeoutMs}))
				.catch((error: unknown) => {
					if (ctx.signal.aborted) throw error;
					throw new StepError(
						mantleFailure(error, {auth: bearerToken ? 'bearer' : 'sigv4', endpoint, region: sendRegion, model, route: CODEX_ROUTE, sentAt, timeoutMs, ...(profile ? {profile} : {}), ...(host ? {host} : {})}),
					);
				});

			io.block(`Test prompt: ${model} in ${sendRegion}`, resultLines(result, model, sendRegion, used));
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
	codexUsable: async (ctx) => {
		const {codexUsable} = await import('../codex/exec.js');
		return codexUsable(ctx);
	},
});
