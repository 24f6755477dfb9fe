// Bedrock Mantle (bedrock-mantle.<region>.api.aws), the OpenAI-compatible endpoint Codex talks to.
// SigV4 signing name "bedrock-mantle", or a Bedrock API key as `Authorization: Bearer`. Authentication
// failures are 401 here, not 403 (codex#37246: "unexpected status 401 Unauthorized: The security token
// included in the request is invalid."). Two route families (shared/reference/bedrock.md §3):
//   /v1         gpt-oss and the open models: GET models, POST responses, POST chat/completions
//   /openai/v1  GPT-5.x: GET models, POST responses (Responses API only)
// Errors use the OpenAI envelope {"error":{"message","type","param","code"}}: clients built for OpenAI
// (the AI SDK in anomalyco/opencode#43514, big-AGI#1167) print error.message, which is AWS's text. The
// AWS error type also travels in x-amzn-errortype, as on every other AWS service.
//
// What the real Codex CLI 0.169.0 sends (SEEN through tls-proxy.ts, test/codex/exec-fake.test.ts): one
// POST https://bedrock-mantle.<region>.api.aws/openai/v1/responses per turn, nothing else (no GET models, no
// websocket). Headers: accept: text/event-stream, content-type: application/json, x-amz-date,
// x-amz-security-token, authorization (SigV4, service bedrock-mantle; SignedHeaders=accept;content-type;host;
// session-id;thread-id;x-amz-date;x-amz-security-token;x-amzn-mantle-client-agent;x-client-request-id;
// x-codex-beta-features;x-codex-turn-metadata;x-codex-window-id), x-amzn-mantle-client-agent: codex,
// x-codex-turn-metadata (JSON), originator: codex_exec, user-agent codex_exec/0.169.0, content-length (no
// x-amz-content-sha256). Body: {model, stream: true, input: [developer and user messages of input_text
// parts], tools: [function, custom apply_patch, tool_search, web_search], tool_choice: "auto",
// parallel_tool_calls, reasoning: {effort}, store: false, include: ["reasoning.encrypted_content"],
// prompt_cache_key, text: {verbosity}, client_metadata}; about 38 kB. The events below are enough for it to
// print the answer; a 400 is printed as its raw JSON body and not retried.
import {randomBytes} from 'node:crypto';
import {logCall} from '../respond.js';
import type {FakeRequest, FakeResponse, FakeWorld, Handler, ModelFixture} from '../types.js';
import {gate, type ErrorBuilder, type SignedService} from './signed.js';

type Prefix = '/v1' | '/openai/v1';

interface Route {
	operation: 'MantleListModels' | 'MantleResponses' | 'MantleChatCompletions';
	prefix: Prefix;
}

/** Mantle's request ids look like "req_" and 52 base32 characters (the id quoted in codex#37246). */
function mantleRequestId(): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
	return `req_${Array.from(randomBytes(52), (byte) => alphabet[byte % 32]).join('')}`;
}

export function headers(requestId: string, contentType = 'application/json'): Record<string, string> {
	return {'content-type': contentType, 'x-request-id': requestId, 'x-amzn-requestid': requestId};
}

/** The OpenAI error category for a status; the AWS error type goes in `code` and in x-amzn-errortype. */
function openAiErrorType(status: number): string {
	if (status === 401) return 'authentication_error';
	if (status === 403) return 'permission_error';
	if (status === 429) return 'rate_limit_error';
	if (status >= 500) return 'server_error';
	return 'invalid_request_error';
}

export const mantleError: ErrorBuilder = (world, operation, region, status, type, message) => {
	const requestId = mantleRequestId();
	logCall(world, operation, region, status, requestId);
	return {
		status,
		headers: {...headers(requestId), 'x-amzn-errortype': type},
		body: JSON.stringify({error: {message, type: openAiErrorType(status), param: null, code: type}}),
	};
};

export function mantleJson(world: FakeWorld, operation: string, region: string, body: unknown): FakeResponse {
	const requestId = mantleRequestId();
	logCall(world, operation, region, 200, requestId);
	return {status: 200, headers: headers(requestId), body: JSON.stringify(body)};
}

const MANTLE: SignedService = {
	signingName: 'bedrock-mantle',
	host: (region) => `bedrock-mantle.${region}.api.aws`,
	servedIn: (fixture) => fixture.mantle,
	error: mantleError,
	unreachableType: 'NotFoundException',
	authStatus: 401,
	acceptsApiKeys: true,
};

function routeOf({method, path}: FakeRequest): Route | undefined {
	const m = /^(\/openai)?\/v1\/(models|responses|chat\/completions)$/.exec(path);
	if (!m) return undefined;
	const prefix: Prefix = m[1] ? '/openai/v1' : '/v1';
	if (m[2] === 'models' && method === 'GET') return {operation: 'MantleListModels', prefix};
	if (m[2] === 'responses' && method === 'POST') return {operation: 'MantleResponses', prefix};
	if (m[2] === 'chat/completions' && method === 'POST') return {operation: 'MantleChatCompletions', prefix};
	return undefined;
}

// --- request validation ------------------------------------------------------------------------------

type Body = Record<string, unknown>;

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Parse the JSON body, or say what is wrong with it in OpenAI's words. */
export function parseBody(request: FakeRequest): Body | string {
	let body: unknown;
	try {
		body = JSON.parse(request.body.toString('utf8'));
	} catch {
		return 'We could not parse the JSON body of your request. The API expects a JSON payload.';
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return `Invalid type for the request body: expected an object, but got ${typeName(body)} instead.`;
	return body as Body;
}

export function requireModel(body: Body): string | undefined {
	if (body['model'] === undefined) return "Missing required parameter: 'model'.";
	if (typeof body['model'] !== 'string') return `Invalid type for 'model': expected a string, but got ${typeName(body['model'])} instead.`;
	return undefined;
}

/** Problems with a Responses request body, as OpenAI words them (inferred for Mantle). */
export function responsesProblem(body: Body): string | undefined {
	const input = body['input'];
	const max = body['max_output_tokens'];
	if (input === undefined) return "Missing required parameter: 'input'.";
	if (typeof input !== 'string' && !Array.isArray(input)) return `Invalid type for 'input': expected one of a string or an array of input items, but got ${typeName(input)} instead.`;
	if (max !== undefined && !Number.isInteger(max)) return `Invalid type for 'max_output_tokens': expected an integer, but got ${typeName(max)} instead.`;
	// OpenAI's floor for max_output_tokens; assumed to hold on Mantle, so callers never rely on less.
	if (typeof max === 'number' && max < 16) return `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${max} instead.`;
	if (body['stream'] !== undefined && typeof body['stream'] !== 'boolean') return `Invalid type for 'stream': expected a boolean, but got ${typeName(body['stream'])} instead.`;
	return undefined;
}

/** The text of a Responses `input`: a string, or input items whose content is text or text parts. */
export function inputText(input: string | unknown[]): string {
	if (typeof input === 'string') return input;
	const parts: string[] = [];
	for (const item of input) {
		const content = (item as {content?: unknown} | null)?.content;
		if (typeof content === 'string') parts.push(content);
		else if (Array.isArray(content)) for (const part of content) if (typeof (part as {text?: unknown})?.text === 'string') parts.push((part as {text: string}).text);
	}
	return parts.join('\n');
}

// --- answers -----------------------------------------------------------------------------------------

const ANSWER = 'ready';
/** Long enough that a tight max_output_tokens ends in reasoning only, the pitfall of claude-code#13709. */
const REASONING = 'The user wants a one-word reply to confirm the connection works. I should answer with exactly the word they asked for and nothing else.';

/** A deterministic stand-in for a tokenizer: about four characters a token. */
function tokens(text: string): number {
	return Math.max(1, Math.ceil(text.length / 4));
}

function itemId(prefix: string): string {
	return `${prefix}_${randomBytes(12).toString('hex')}`;
}

export function responseObject(model: ModelFixture, prompt: string, maxOutput: number | undefined, now: number, modelId = model.mantleId) {
	const reasoningTokens = tokens(REASONING);
	const needed = reasoningTokens + tokens(ANSWER);
	// The reasoning is spent first: with too small a budget the answer never comes and the status says why.
	const truncated = maxOutput !== undefined && maxOutput < needed;
	const outputTokens = truncated ? maxOutput : needed;
	// gpt-oss and GPT-5.x both add a system preamble to the prompt (about 74 tokens were billed for "pong").
	const inputTokens = 70 + tokens(prompt);
	const reasoning = {type: 'reasoning', id: itemId('rs'), summary: [], content: [{type: 'reasoning_text', text: REASONING}]};
	const message = {type: 'message', id: itemId('msg'), status: 'completed', role: 'assistant', content: [{type: 'output_text', text: ANSWER, annotations: []}]};
	return {
		id: `resp_${randomBytes(16).toString('hex')}`,
		object: 'response',
		created_at: Math.floor(now / 1000),
		status: truncated ? 'incomplete' : 'completed',
		incomplete_details: truncated ? {reason: 'max_output_tokens'} : null,
		error: null,
		model: modelId,
		max_output_tokens: maxOutput ?? null,
		output: truncated ? [reasoning] : [reasoning, message],
		usage: {
			input_tokens: inputTokens,
			input_tokens_details: {cached_tokens: 0},
			output_tokens: outputTokens,
			output_tokens_details: {reasoning_tokens: Math.min(reasoningTokens, outputTokens)},
			total_tokens: inputTokens + outputTokens,
		},
	};
}

type ResponseObject = ReturnType<typeof responseObject>;

/** The Responses API's server-sent events for one answer, in the order OpenAI documents them. */
export async function* responseEvents(response: ResponseObject): AsyncIterable<string> {
	let sequence = 0;
	const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({type, sequence_number: sequence++, ...data})}\n\n`;
	const pending = {...response, status: 'in_progress', incomplete_details: null, output: [], usage: null};
	yield event('response.created', {response: pending});
	yield event('response.in_progress', {response: pending});
	for (const [index, item] of response.output.entries()) {
		if (item.type === 'message' && 'role' in item) {
			yield event('response.output_item.added', {output_index: index, item: {...item, status: 'in_progress', content: []}});
			yield event('response.content_part.added', {item_id: item.id, output_index: index, content_index: 0, part: {type: 'output_text', text: '', annotations: []}});
			for (const delta of [ANSWER.slice(0, 2), ANSWER.slice(2)]) {
				yield event('response.output_text.delta', {item_id: item.id, output_index: index, content_index: 0, delta});
			}
			yield event('response.output_text.done', {item_id: item.id, output_index: index, content_index: 0, text: ANSWER});
			yield event('response.content_part.done', {item_id: item.id, output_index: index, content_index: 0, part: item.content[0]});
		} else {
			yield event('response.output_item.added', {output_index: index, item});
		}
		yield event('response.output_item.done', {output_index: index, item});
	}
	yield event(response.status === 'completed' ? 'response.completed' : 'response.incomplete', {response});
}

type Operation = (request: FakeRequest, world: FakeWorld, region: string, route: Route, served: ModelFixture[]) => FakeResponse;

const listModels: Operation = (_request, world, region, {operation, prefix}, served) => {
	const listed = served.filter((m) => m.mantleRoute === prefix);
	const data = listed.map((m) => ({id: m.mantleId, object: 'model', created: 1_754_352_000, owned_by: m.provider.toLowerCase()}));
	return mantleJson(world, operation, region, {object: 'list', data});
};

/** The model named in a request, or the error Mantle gives for it (bedrock.md §6 item 9). */
function lookUp(world: FakeWorld, region: string, operation: string, served: ModelFixture[], id: string): ModelFixture | FakeResponse {
	return served.find((m) => m.mantleId === id) ?? mantleError(world, operation, region, 404, 'NotFoundException', `The model '${id}' does not exist`);
}

const wrongRoute = (world: FakeWorld, operation: string, region: string, model: ModelFixture) =>
	mantleError(world, operation, region, 400, 'ValidationException', `model \`${model.mantleId}\` isn't supported on this route`);

const responses: Operation = (request, world, region, {operation, prefix}, served) => {
	const body = parseBody(request);
	if (typeof body === 'string') return mantleError(world, operation, region, 400, 'ValidationException', body);
	const problem = requireModel(body) ?? responsesProblem(body);
	if (problem) return mantleError(world, operation, region, 400, 'ValidationException', problem);
	const model = lookUp(world, region, operation, served, body['model'] as string);
	if ('status' in model) return model;
	if (model.mantleRoute !== prefix) return wrongRoute(world, operation, region, model);
	const answer = responseObject(model, inputText(body['input'] as string | unknown[]), body['max_output_tokens'] as number | undefined, world.now());
	if (body['stream'] !== true) return mantleJson(world, operation, region, answer);
	const requestId = mantleRequestId();
	logCall(world, operation, region, 200, requestId);
	return {status: 200, headers: {...headers(requestId, 'text/event-stream; charset=utf-8'), 'cache-control': 'no-cache'}, stream: responseEvents(answer)};
};

const chatCompletions: Operation = (request, world, region, {operation, prefix}, served) => {
	const body = parseBody(request);
	if (typeof body === 'string') return mantleError(world, operation, region, 400, 'ValidationException', body);
	const problem = requireModel(body) ?? (Array.isArray(body['messages']) ? undefined : "Missing required parameter: 'messages'.");
	if (problem) return mantleError(world, operation, region, 400, 'ValidationException', problem);
	const model = lookUp(world, region, operation, served, body['model'] as string);
	if ('status' in model) return model;
	// GPT-5.x implement only the Responses API, whichever prefix is used (big-AGI#1167).
	if (model.mantleRoute === '/openai/v1') {
		return mantleError(world, operation, region, 400, 'ValidationException', `The model '${model.mantleId}' does not support the '/v1/chat/completions' API`);
	}
	if (prefix !== model.mantleRoute) return wrongRoute(world, operation, region, model);
	if (body['stream'] === true) return mantleError(world, operation, region, 400, 'ValidationException', '[fake-aws] streaming Chat Completions are not simulated; use the Responses API.');
	const promptTokens = 70 + tokens(JSON.stringify(body['messages']));
	const completionTokens = tokens(REASONING) + tokens(ANSWER);
	return mantleJson(world, operation, region, {
		id: `chatcmpl-${randomBytes(12).toString('hex')}`,
		object: 'chat.completion',
		created: Math.floor(world.now() / 1000),
		model: model.mantleId,
		choices: [{index: 0, message: {role: 'assistant', content: ANSWER, reasoning_content: REASONING}, finish_reason: 'stop'}],
		usage: {prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens},
	});
};

const OPERATIONS: Record<Route['operation'], Operation> = {
	MantleListModels: listModels,
	MantleResponses: responses,
	MantleChatCompletions: chatCompletions,
};

export const mantle: Handler = (request, world) => {
	const route = routeOf(request);
	if (!route) return undefined;
	const checked = gate(request, world, route.operation, MANTLE);
	if (checked.response) return checked.response;
	const served = checked.fixture.models.filter((m) => m.mantleId);
	return OPERATIONS[route.operation](request, world, checked.region, route, served);
};
