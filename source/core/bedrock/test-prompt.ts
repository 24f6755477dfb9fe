// One test prompt to Bedrock Mantle on the path Codex uses (POST /openai/v1/responses: Codex 0.169 always
// builds https://bedrock-mantle.{region}.api.aws/openai/v1), with the credentials Codex would use (the step
// decides which, in Codex's observed order: codex/credentials.ts): SigV4 or a Bedrock API key. A fixed, harmless
// prompt; no tools, no repository content, nothing stored (store: false); a small output budget. Failures
// come back as typed StepFailures whose codes the troubleshooting rules match (see MANTLE_CODES).
import type {AwsCredentialIdentity} from '@smithy/types';
import type {Context} from '../context.js';
import {toFailure} from '../errors.js';
import type {StepFailure, StepId} from '../types.js';
import {MantleError, MantleTimeoutError, openMantleRequest, type MantleAuth} from './mantle.js';
import {MANTLE_REGIONS, ROUTE_IAM, modelFacts, parseModelId, type Route} from './models.js';

export const TEST_PROMPT = 'Reply with the single word: ready';
/**
 * The output budget, reasoning included. Small, but well above what a one-word answer needs after a short
 * reasoning pass (Mantle spends the budget on reasoning first: too small a budget ends "incomplete" with
 * no text, the pitfall of claude-code#13709). OpenAI's floor is 16.
 */
export const MAX_OUTPUT_TOKENS = 256;
/**
 * A generous bound on the input tokens: the prompt plus the preamble the model adds to it (about 74 tokens
 * were billed for "Reply with: pong" on gpt-oss, shared/reference/bedrock.md §2).
 */
export const INPUT_TOKENS_BOUND = 200;
/** The route Codex uses for every model. */
export const CODEX_ROUTE = '/openai/v1';
export const DEFAULT_TIMEOUT_MS = 60_000;

export type MantleRoute = '/v1' | '/openai/v1';

/** The failure codes of a test prompt: stable strings the troubleshooting rule table matches. */
export const MANTLE_CODES = {
	iamDenied: 'mantle.iam-denied',
	modelAccessDenied: 'mantle.model-access-denied',
	modelNotOnRoute: 'mantle.model-not-on-route',
	modelNotFound: 'mantle.model-not-found',
	invalidToken: 'mantle.invalid-token',
	expiredToken: 'mantle.expired-token',
	clockSkew: 'mantle.clock-skew',
	throttled: 'mantle.throttled',
	dns: 'mantle.dns',
	timeout: 'mantle.timeout',
	/** Any other signature refusal (wrong secret, wrong scope): not expected from our own signer. */
	badSignature: 'mantle.bad-signature',
	/** Another 400 about the request itself. */
	badRequest: 'mantle.bad-request',
	/** The model started answering and then failed (response.failed, or an error event in the stream). */
	responseFailed: 'mantle.response-failed',
	/** The stream ended before response.completed or response.incomplete. */
	streamCut: 'mantle.stream-cut',
	/** A 200 whose body is not a Responses answer. */
	unreadable: 'mantle.unreadable-answer',
	/** Runtime: the role may not invoke the model or its inference profile (bedrock:InvokeModel*). */
	runtimeIamDenied: 'runtime.iam-denied',
	/** Runtime: "The provided model identifier is invalid." (not served here, or not on Runtime). */
	runtimeModelInvalid: 'runtime.model-invalid',
} as const;

export type TestPromptOptions = MantleAuth & {
	region: string;
	/** Which endpoint, as Codex's provider calls it: Mantle (amazon-bedrock, default) or Runtime (amazon-bedrock-runtime). */
	endpoint?: Route;
	model: string;
	/** Server-sent events, as Codex asks for them; false: one JSON answer. */
	stream: boolean;
	/** Default: /openai/v1, the route Codex uses. /v1 tells "the model works, not on Codex's route". */
	route?: MantleRoute;
	signal?: AbortSignal;
	timeoutMs?: number;
	/** Only for tests of the incomplete outcome; default MAX_OUTPUT_TOKENS. */
	maxOutputTokens?: number;
};

export interface TokenUsage {
	input: number;
	output: number;
	/** Output tokens spent on reasoning, when the answer says. */
	reasoning?: number;
}

export interface TestPromptResult {
	/** completed: the model answered. incomplete: it was cut off (incompleteReason says why). */
	status: 'completed' | 'incomplete';
	incompleteReason?: string;
	text: string;
	latencyMs: number;
	usage: TokenUsage;
	/** input × input price + output × output price (prices.json, us-east-1 on-demand); undefined when the price is unknown. */
	costUpperBoundUsd?: number;
	requestId?: string;
	route: MantleRoute;
	auth: 'sigv4' | 'bearer';
	/** Which endpoint answered (absent: Mantle). */
	endpoint?: Route;
}

// --- cost ------------------------------------------------------------------------------------------------

/** USD for these token counts at the model's known prices, or undefined when its price is unknown. */
export function costUsd(model: string, inputTokens: number, outputTokens: number): number | undefined {
	const facts = modelFacts(model);
	if (facts?.input === undefined || facts.output === undefined) return undefined;
	return (inputTokens * facts.input + outputTokens * facts.output) / 1_000_000;
}

/** The most the test prompt can cost before it is sent: the input bound plus the whole output budget. */
export function testPromptCostBound(model: string, maxOutputTokens = MAX_OUTPUT_TOKENS): number | undefined {
	return costUsd(model, INPUT_TOKENS_BOUND, maxOutputTokens);
}

/** "$0.0042", "$0.000011", "$1.50": two significant digits (at least two decimals), never exponent notation. */
export function formatUsd(usd: number): string {
	if (usd === 0) return '$0';
	const digits = Math.min(10, Math.max(2, 1 - Math.floor(Math.log10(usd))));
	return `$${usd.toFixed(digits)}`;
}

// --- credentials -------------------------------------------------------------------------------------------

/** The Bedrock API key Codex would use first, if one is set (empty counts as unset). */
export function bearerTokenFrom(env: Context['env']): string | undefined {
	const token = env['AWS_BEARER_TOKEN_BEDROCK']?.trim();
	return token ? token : undefined;
}

/**
 * The region a short-term Bedrock API key was made for: the key is "bedrock-api-key-" and the base64 of a
 * presigned URL whose X-Amz-Credential names the region. Undefined for long-term keys and anything else.
 */
export function bearerTokenRegion(token: string): string | undefined {
	if (!token.startsWith('bedrock-api-key-')) return undefined;
	const decoded = Buffer.from(token.slice('bedrock-api-key-'.length), 'base64').toString('utf8');
	const credential = /[?&]X-Amz-Credential=([^&]+)/.exec(decoded)?.[1];
	if (!credential) return undefined;
	try {
		return decodeURIComponent(credential).split('/')[2] || undefined;
	} catch {
		return undefined;
	}
}

/** What kind of key it is, in words, without any of its characters. */
export function describeBearerToken(token: string): string {
	if (token.startsWith('bedrock-api-key-')) {
		const region = bearerTokenRegion(token);
		return region ? `a short-term Bedrock API key for ${region}` : 'a short-term Bedrock API key';
	}
	if (token.startsWith('ABSK')) return 'a long-term Bedrock API key';
	return 'a token that does not look like a Bedrock API key';
}

// --- the request -------------------------------------------------------------------------------------------

/** The Responses request body: the fixed prompt, no tools, nothing stored, little reasoning. */
export function testPromptBody(model: string, stream: boolean, maxOutputTokens = MAX_OUTPUT_TOKENS) {
	return {
		model,
		input: [{role: 'user', content: [{type: 'input_text', text: TEST_PROMPT}]}],
		max_output_tokens: maxOutputTokens,
		// Codex sends a reasoning effort too; "low" keeps a one-word answer well inside the budget.
		reasoning: {effort: 'low'},
		store: false,
		stream,
	};
}

interface ResponseObject {
	status?: string;
	incomplete_details?: {reason?: string} | null;
	error?: {code?: string; message?: string} | null;
	output?: Array<{type?: string; content?: Array<{type?: string; text?: string}>}>;
	usage?: {input_tokens?: number; output_tokens?: number; output_tokens_details?: {reasoning_tokens?: number}} | null;
}

/** The text of the message items of a Responses answer. */
function outputText(response: ResponseObject): string {
	const parts: string[] = [];
	for (const item of response.output ?? []) {
		if (item.type !== 'message') continue;
		for (const part of item.content ?? []) if (part.type === 'output_text' && typeof part.text === 'string') parts.push(part.text);
	}
	return parts.join('');
}

function usageOf(response: ResponseObject): TokenUsage {
	const usage = response.usage ?? {};
	const reasoning = usage.output_tokens_details?.reasoning_tokens;
	return {input: usage.input_tokens ?? 0, output: usage.output_tokens ?? 0, ...(typeof reasoning === 'number' ? {reasoning} : {})};
}

/** A typed failure raised while reading a 200 answer (the HTTP part went well). */
export class TestPromptError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly requestId?: string,
	) {
		super(message);
		this.name = 'TestPromptError';
	}
}

export interface SseEvent {
	event: string;
	data: string;
}

/**
 * Server-sent events from a byte stream: "event:" and "data:" lines, a blank line ends an event; several
 * data lines are joined with newlines, comments (":") and unknown fields are ignored, CRLF is accepted.
 */
export async function* parseSse(chunks: AsyncIterable<Buffer | string>): AsyncIterable<SseEvent> {
	const decoder = new TextDecoder();
	let buffer = '';
	let event = '';
	let data: string[] = [];
	const flush = function* (): Iterable<SseEvent> {
		if (data.length > 0) yield {event: event || 'message', data: data.join('\n')};
		event = '';
		data = [];
	};
	const line = function* (text: string): Iterable<SseEvent> {
		if (text === '') return yield* flush();
		if (text.startsWith(':')) return;
		const colon = text.indexOf(':');
		const field = colon === -1 ? text : text.slice(0, colon);
		let value = colon === -1 ? '' : text.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		if (field === 'event') event = value;
		else if (field === 'data') data.push(value);
	};
	for await (const chunk of chunks) {
		buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, {stream: true});
		let end: number;
		while ((end = buffer.search(/\r\n|\r|\n/)) !== -1) {
			// A CR at the very end may be the first half of a CRLF split across chunks: wait for the next one.
			if (buffer[end] === '\r' && end === buffer.length - 1) break;
			const text = buffer.slice(0, end);
			buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
			yield* line(text);
		}
	}
	buffer += decoder.decode();
	if (buffer) yield* line(buffer);
	yield* flush();
}

function parseJson<T>(text: string, requestId: string | undefined): T {
	try {
		return JSON.parse(text) as T;
	} catch {
		throw new TestPromptError(MANTLE_CODES.unreadable, `Mantle answered 200 with something that is not JSON: ${text.slice(0, 80)}`, requestId);
	}
}

/** What a finished Responses object says; a failed one is raised. */
function finish(response: ResponseObject, text: string | undefined, requestId: string | undefined) {
	if (response.status === 'failed') {
		throw new TestPromptError(MANTLE_CODES.responseFailed, `The model failed to answer: ${response.error?.message ?? response.error?.code ?? 'no reason given'}`, requestId);
	}
	const status: 'completed' | 'incomplete' = response.status === 'incomplete' ? 'incomplete' : 'completed';
	const reason = response.incomplete_details?.reason;
	return {status, ...(status === 'incomplete' && reason ? {incompleteReason: reason} : {}), text: text ?? outputText(response), usage: usageOf(response)};
}

/** Read the streamed answer: text from output_text deltas, status and usage from the terminal event. */
async function readStream(chunks: AsyncIterable<Buffer>, requestId: string | undefined) {
	let text = '';
	for await (const {event, data} of parseSse(chunks)) {
		if (data === '[DONE]') continue;
		const payload = parseJson<{type?: string; delta?: string; response?: ResponseObject; code?: string; message?: string}>(data, requestId);
		const type = payload.type ?? event;
		if (type === 'response.output_text.delta' && typeof payload.delta === 'string') text += payload.delta;
		else if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
			const response = payload.response ?? {};
			return finish(response, text || outputText(response), requestId);
		} else if (type === 'error') {
			throw new TestPromptError(MANTLE_CODES.responseFailed, `The answer stream reported an error: ${payload.message ?? payload.code ?? 'no reason given'}`, requestId);
		}
	}
	throw new TestPromptError(MANTLE_CODES.streamCut, 'The answer stream ended before the response was complete.', requestId);
}

/**
 * Send the one test prompt. Resolves with the answer (completed, or incomplete with the reason); rejects
 * with a MantleError (an HTTP error answer), a TestPromptError (a 200 that went wrong), a time-out or a
 * network error; mantleFailure() turns any of them into a typed StepFailure.
 */
export async function sendTestPrompt(ctx: Context, options: TestPromptOptions): Promise<TestPromptResult> {
	const route = options.route ?? CODEX_ROUTE;
	const auth: TestPromptResult['auth'] = options.bearerToken !== undefined ? 'bearer' : 'sigv4';
	const credentials: MantleAuth = options.bearerToken !== undefined ? {bearerToken: options.bearerToken} : {credentials: options.credentials as AwsCredentialIdentity};
	const started = ctx.clock.now();
	const endpoint = options.endpoint ?? 'mantle';
	const answer = await openMantleRequest(ctx, {
		...credentials,
		route: endpoint,
		region: options.region,
		method: 'POST',
		path: `${route}/responses`,
		body: testPromptBody(options.model, options.stream, options.maxOutputTokens),
		accept: options.stream ? 'text/event-stream' : 'application/json',
		timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		...(options.signal ? {signal: options.signal} : {}),
	});
	try {
		if (answer.status !== 200) {
			const body = await answer.text();
			throw new MantleError({status: answer.status, body, ...(answer.requestId ? {requestId: answer.requestId} : {}), ...(answer.errorType ? {errorType: answer.errorType} : {}), ...(answer.date ? {date: answer.date} : {})});
		}
		// A server may answer a stream request with one JSON document: read whatever came.
		const streamed = options.stream && !/json/i.test(answer.contentType ?? '');
		const outcome = streamed ? await readStream(answer.body, answer.requestId) : finish(parseJson<ResponseObject>(await answer.text(), answer.requestId), undefined, answer.requestId);
		const cost = costUsd(options.model, outcome.usage.input, outcome.usage.output);
		return {
			...outcome,
			text: outcome.text.trim(),
			latencyMs: ctx.clock.now() - started,
			...(cost === undefined ? {} : {costUpperBoundUsd: cost}),
			...(answer.requestId ? {requestId: answer.requestId} : {}),
			route,
			auth,
			endpoint,
		};
	} finally {
		answer.close();
	}
}

// --- failures ----------------------------------------------------------------------------------------------

export interface FailureContext {
	auth: 'sigv4' | 'bearer';
	region: string;
	model: string;
	route: MantleRoute;
	/** Which endpoint the request went to (default Mantle). */
	endpoint?: Route;
	profile?: string;
	/** When the request was signed (ctx.clock), to measure a clock skew against the server's Date. */
	sentAt?: number;
	timeoutMs?: number;
	/** The Mantle host the request went to, for the DNS message. */
	host?: string;
}

const IAM_FIX =
	'Attach the managed policy AmazonBedrockMantleInferenceAccess to the permission set (or allow bedrock-mantle:CreateInference on arn:aws:bedrock-mantle:*:*:project/*); bedrock:InvokeModel does not cover Mantle. Check session policies and SCPs too.';

function isGptOss(model: string): boolean {
	return /^openai\.gpt-oss/.test(model);
}

/** "12 min behind AWS" from the server's Date and the time the request was signed. */
function describeSkew(serverTime: number | undefined, sentAt: number | undefined): string | undefined {
	if (serverTime === undefined || sentAt === undefined) return undefined;
	const minutes = Math.round((serverTime - sentAt) / 60_000);
	if (minutes === 0) return undefined;
	return `This computer's clock is about ${Math.abs(minutes)} min ${minutes > 0 ? 'behind' : 'ahead of'} AWS's`;
}

/** The failures only Bedrock Runtime gives, or words that differ there; undefined: the shared handling applies. */
function runtimeFailure(base: StepFailure, about: FailureContext, result: (code: string, hint?: string, fixStep?: StepId, overrides?: Partial<StepFailure>) => StepFailure): StepFailure | undefined {
	const {message, httpStatus: status, errorName: name} = base;
	const profile = parseModelId(about.model)?.prefix ? about.model : undefined;
	if (base.nodeCode === 'ENOTFOUND' || base.nodeCode === 'EAI_AGAIN') {
		const host = about.host ?? `bedrock-runtime.${about.region}.amazonaws.com`;
		return result(MANTLE_CODES.dns, 'bedrock-runtime exists in every Bedrock region, so this is the network: check DNS, VPN and proxy settings.', undefined, {message: `The Bedrock Runtime host ${host} could not be found (${base.nodeCode}).`});
	}
	if ((status === 403 || name === 'AccessDeniedException') && /is not authorized to perform:|explicit deny/i.test(message)) {
		const what = profile ? `the inference profile ${profile} (arn:aws:bedrock:${about.region}:<account>:inference-profile/${profile}) and the foundation model in every Region it routes to` : `the foundation model ${about.model} (arn:aws:bedrock:${about.region}::foundation-model/${about.model})`;
		return result(MANTLE_CODES.runtimeIamDenied, `Your role may not invoke ${what}. Allow ${ROUTE_IAM.runtime}. Check session policies and SCPs (a Region deny blocks profiles that route elsewhere) too.`);
	}
	if (status === 400 && /provided model identifier is invalid/i.test(message)) {
		return result(
			MANTLE_CODES.runtimeModelInvalid,
			`Bedrock Runtime in ${about.region} does not serve ${about.model} to this account: use an ID the region step listed for Runtime (an in-region openai.* ID, or a us./eu./global. profile offered in ${about.region}), or the Mantle route for a Mantle-only model.`,
			'model-access',
		);
	}
	if (status === 400 && /doesn't support the Responses API on bedrock-runtime/i.test(message)) {
		return result(MANTLE_CODES.modelNotOnRoute, `${about.model} is served for the Responses API only on Bedrock Mantle's /v1 route, and Codex calls /openai/v1 on both routes: choose a GPT model.`, 'model-access');
	}
	if (base.code === 'node.ETIMEDOUT' || base.code === 'node.TimeoutError' || name === 'TimeoutError') {
		return result(MANTLE_CODES.timeout, 'Check the network and any proxy (HTTPS_PROXY, NO_PROXY), then retry; --test-prompt-timeout gives Runtime longer.', undefined, {message: `Bedrock Runtime in ${about.region} did not answer within ${(about.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s.`, nodeCode: base.nodeCode ?? 'ETIMEDOUT'});
	}
	return undefined;
}

/**
 * Any error from sendTestPrompt() as a typed, redacted StepFailure with a hint. errorName, httpStatus,
 * requestId and nodeCode are kept (toFailure), and no token or secret is ever put in a message.
 */
export function mantleFailure(error: unknown, about: FailureContext): StepFailure {
	const base = toFailure(error);
	const name = base.errorName ?? '';
	const status = base.httpStatus;
	const message = base.message;
	const gptOssOnCodexRoute = isGptOss(about.model) && about.route === '/openai/v1';
	const result = (code: string, hint?: string, fixStep?: StepId, overrides: Partial<StepFailure> = {}): StepFailure => ({
		...base,
		code,
		...(hint ? {hint} : {}),
		...(fixStep ? {fixStep} : {}),
		...overrides,
	});

	if (error instanceof TestPromptError) {
		return {code: error.code, message, ...(error.requestId ? {requestId: error.requestId} : {})};
	}
	if (about.endpoint === 'runtime') {
		const runtime = runtimeFailure(base, about, result);
		if (runtime) return runtime;
	}
	if (error instanceof MantleTimeoutError || base.code === 'node.ETIMEDOUT' || base.code === 'node.TimeoutError' || name === 'TimeoutError') {
		const seconds = (error instanceof MantleTimeoutError ? error.timeoutMs : about.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000;
		return result(MANTLE_CODES.timeout, 'Check the network and any proxy (HTTPS_PROXY, NO_PROXY), then retry; --test-prompt-timeout gives Mantle longer.', undefined, {
			message: `Bedrock Mantle in ${about.region} did not answer within ${seconds} s.`,
			nodeCode: base.nodeCode ?? 'ETIMEDOUT',
		});
	}
	if (base.nodeCode === 'ENOTFOUND' || base.nodeCode === 'EAI_AGAIN') {
		const host = about.host ?? `bedrock-mantle.${about.region}.api.aws`;
		const mantleRegion = MANTLE_REGIONS.includes(about.region);
		const hint = mantleRegion
			? `${about.region} has a Mantle endpoint, so this is the network: check DNS, VPN and proxy settings.`
			: `${about.region} has no Mantle endpoint (Codex refuses it too). Mantle exists in: ${MANTLE_REGIONS.join(', ')}.`;
		return result(MANTLE_CODES.dns, hint, mantleRegion ? undefined : 'region', {message: `The Mantle host ${host} could not be found (${base.nodeCode}).`});
	}
	if (status === 429 || name === 'ThrottlingException') {
		return result(MANTLE_CODES.throttled, 'Bedrock is throttling this account (a quota; new accounts have low ones). Codex retries by itself; wait a minute and retry, or ask for a higher quota in Service Quotas.');
	}
	if (/^Signature (expired|not yet current):/.test(message)) {
		const skew = describeSkew(error instanceof MantleError ? error.serverTime : undefined, about.sentAt);
		const hint = `${skew ? `${skew}; ` : ''}AWS accepts 5 minutes either way, and Codex signs with this clock too. Turn on automatic time (NTP) and retry.`;
		return result(MANTLE_CODES.clockSkew, hint);
	}
	if (name === 'ExpiredTokenException' || /token included in the request is expired/i.test(message)) {
		const hint =
			about.auth === 'bearer'
				? 'The Bedrock API key in AWS_BEARER_TOKEN_BEDROCK has expired (short-term keys last up to 12 hours). Make a new one, export it, and restart Codex: it does not refresh the key.'
				: `The role credentials of profile ${about.profile ?? '(unknown)'} have expired: sign in again (npx codex-bedrock-setup login --profile ${about.profile ?? 'NAME'}, or aws sso login --profile ${about.profile ?? 'NAME'}).`;
		return result(MANTLE_CODES.expiredToken, hint, about.auth === 'bearer' ? undefined : 'sso-profile');
	}
	if (name === 'UnrecognizedClientException' || /security token included in the request is invalid|API Key is valid/i.test(message)) {
		const route = gptOssOnCodexRoute ? ` Also, real AWS has answered exactly this 401 for ${about.model} on /openai/v1, the route Codex uses (codex#37246): choose a GPT-5.x model for Codex.` : '';
		const hint =
			about.auth === 'bearer'
				? `AWS_BEARER_TOKEN_BEDROCK is not a Bedrock API key Mantle accepts in ${about.region} (a short-term key works only in the region it was made in). Codex uses it when its config names no aws.profile: fix it or unset it.${route}`
				: `The credentials were not recognised. Stale AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN variables can override the profile; check with: aws sts get-caller-identity --profile ${about.profile ?? 'NAME'}.${route}`;
		return result(MANTLE_CODES.invalidToken, hint, about.auth === 'bearer' ? undefined : 'sso-profile');
	}
	if (status === 403 || name === 'AccessDeniedException') {
		if (/Marketplace|don't have access to the model/i.test(message)) {
			return result(
				MANTLE_CODES.modelAccessDenied,
				`The account has no access to ${about.model} yet. A Marketplace subscription needs aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions and a valid payment method; after a fix, wait up to 15 minutes and retry.`,
				'model-access',
			);
		}
		if (/is not authorized to perform:|explicit deny/i.test(message)) return result(MANTLE_CODES.iamDenied, `Your role may not call bedrock-mantle:CreateInference. ${IAM_FIX}`);
		return result(MANTLE_CODES.modelAccessDenied, `Access to ${about.model} was refused: check the model's access in the "Model access" step, and the role's Mantle permissions (${IAM_FIX})`, 'model-access');
	}
	if (/isn't supported on this route|does not support the '[^']*' API/.test(message)) {
		const hint = gptOssOnCodexRoute
			? `Codex 0.169 sends every model to /openai/v1, which serves GPT-5.x; ${about.model} is served on /v1. (Real AWS has answered 401 "security token ... invalid" for gpt-oss on /openai/v1, codex#37246.) Choose a GPT-5.x model for Codex.`
			: `${about.model} is not served on ${about.route}. Codex uses /openai/v1 for every model: choose a model listed there.`;
		return result(MANTLE_CODES.modelNotOnRoute, hint, 'model-access');
	}
	if (status === 404 && /^The model '.*' does not exist/.test(message)) {
		return result(
			MANTLE_CODES.modelNotFound,
			`Mantle in ${about.region} does not serve ${about.model} to this account. Use a Mantle ID (no "-1:0" suffix, no "us."/"global." prefix) from the models Mantle lists in ${about.region}.`,
			'model-access',
		);
	}
	if (name === 'InvalidSignatureException' || name === 'IncompleteSignatureException' || name === 'MissingAuthenticationTokenException') {
		return result(MANTLE_CODES.badSignature, `Mantle refused the signature. Check that no other AWS_* credential variables are mixed with profile ${about.profile ?? '(unknown)'}.`, about.auth === 'sigv4' ? 'sso-profile' : undefined);
	}
	if (status === 400) return result(MANTLE_CODES.badRequest);
	return base;
}
