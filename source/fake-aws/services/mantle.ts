// Bedrock Mantle (bedrock-mantle.<region>.api.aws), the OpenAI-compatible endpoint Codex uses. SigV4
// service "bedrock-mantle" (auth failures are 401 here, not 403). Routes: /v1 serves gpt-oss and the
// open models, /openai/v1 serves the GPT-5.x Responses models; GET models lists each route's models.
import {randomUUID} from 'node:crypto';
import {json, logCall} from '../respond.js';
import type {FakeRequest, FakeResponse, FakeWorld, Handler, ModelFixture} from '../types.js';
import {gate} from './signed.js';

function mantleError(world: FakeWorld, operation: string, region: string, status: number, type: string, message: string): FakeResponse {
	const requestId = world.requestId();
	logCall(world, operation, region, status, requestId);
	return {
		status,
		headers: {'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': requestId},
		body: JSON.stringify({error: {message, type, param: null, code: null}}),
	};
}

function routeOf(request: FakeRequest): {operation: string; prefix: '/v1' | '/openai/v1'} | undefined {
	const m = /^(\/openai)?\/v1\/(models|responses|chat\/completions)$/.exec(request.path);
	if (!m) return undefined;
	const prefix = m[1] ? '/openai/v1' : '/v1';
	if (m[2] === 'models' && request.method === 'GET') return {operation: 'MantleListModels', prefix};
	if (m[2] === 'responses' && request.method === 'POST') return {operation: 'MantleResponses', prefix};
	if (m[2] === 'chat/completions' && request.method === 'POST') return {operation: 'MantleChatCompletions', prefix};
	return undefined;
}

/** Rough token count, deterministic: enough for usage figures and cost bounds. */
function tokens(text: string): number {
	return Math.max(1, Math.ceil(text.length / 4));
}

function inputText(input: unknown): string | undefined {
	if (typeof input === 'string') return input;
	if (!Array.isArray(input)) return undefined;
	const parts: string[] = [];
	for (const item of input) {
		const content = (item as {content?: unknown})?.content;
		if (typeof content === 'string') parts.push(content);
		else if (Array.isArray(content)) for (const c of content) if (typeof (c as {text?: unknown}).text === 'string') parts.push((c as {text: string}).text);
	}
	return parts.join('\n');
}

const ANSWER = 'ready';

function responseObject(model: ModelFixture, prompt: string, maxOutput: number | undefined, now: number) {
	const reasoning = 'The user asks for one word.';
	const outputTokens = Math.min(maxOutput ?? 1024, tokens(reasoning) + tokens(ANSWER));
	const truncated = maxOutput !== undefined && maxOutput < tokens(reasoning) + tokens(ANSWER);
	const inputTokens = 64 + tokens(prompt);
	return {
		id: `resp_${randomUUID().replace(/-/g, '')}`,
		object: 'response',
		created_at: Math.floor(now / 1000),
		status: truncated ? 'incomplete' : 'completed',
		...(truncated ? {incomplete_details: {reason: 'max_output_tokens'}} : {}),
		model: model.mantleId,
		output: [
			{type: 'reasoning', id: `rs_${randomUUID().slice(0, 8)}`, summary: [], content: [{type: 'reasoning_text', text: reasoning}]},
			...(truncated ? [] : [{type: 'message', id: `msg_${randomUUID().slice(0, 8)}`, role: 'assistant', status: 'completed', content: [{type: 'output_text', text: ANSWER, annotations: []}]}]),
		],
		usage: {input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens, output_tokens_details: {reasoning_tokens: tokens(reasoning)}},
	};
}

async function* sse(response: ReturnType<typeof responseObject>): AsyncIterable<string> {
	const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({type, ...data})}\n\n`;
	const inProgress = {...response, status: 'in_progress', output: [], usage: null};
	yield event('response.created', {response: inProgress});
	yield event('response.in_progress', {response: inProgress});
	const message = response.output.find((o) => o.type === 'message');
	if (message) {
		yield event('response.output_item.added', {output_index: 1, item: {...message, content: [], status: 'in_progress'}});
		for (const piece of [ANSWER.slice(0, 2), ANSWER.slice(2)]) {
			yield event('response.output_text.delta', {item_id: message.id, output_index: 1, content_index: 0, delta: piece});
		}
		yield event('response.output_text.done', {item_id: message.id, output_index: 1, content_index: 0, text: ANSWER});
		yield event('response.output_item.done', {output_index: 1, item: message});
	}
	yield event(response.status === 'completed' ? 'response.completed' : 'response.incomplete', {response});
}

export const mantle: Handler = (request, world) => {
	const route = routeOf(request);
	if (!route) return undefined;
	const {operation, prefix} = route;
	const checked = gate(request, world, operation, 'bedrock-mantle', 401, mantleError);
	if (checked.response) return checked.response;
	const {region, fixture} = checked;
	if (!fixture.mantle) return mantleError(world, operation, region, 404, 'NotFoundException', `[fake-aws] bedrock-mantle.${region}.api.aws does not exist (no Mantle endpoint in ${region})`);
	const served = fixture.models.filter((m) => m.mantleId);

	if (operation === 'MantleListModels') {
		const listed = served.filter((m) => m.mantleRoute === prefix);
		return json(world, operation, region, 200, {object: 'list', data: listed.map((m) => ({id: m.mantleId, object: 'model', created: 1_754_352_000, owned_by: 'openai'}))});
	}

	let body: {model?: unknown; input?: unknown; messages?: unknown; max_output_tokens?: unknown; stream?: unknown};
	try {
		body = JSON.parse(request.body.toString('utf8')) as typeof body;
	} catch {
		return mantleError(world, operation, region, 400, 'ValidationException', 'Request body is not valid JSON.');
	}
	if (typeof body.model !== 'string' || !body.model) return mantleError(world, operation, region, 400, 'ValidationException', "Missing required parameter: 'model'.");
	const model = served.find((m) => m.mantleId === body.model);
	if (!model) return mantleError(world, operation, region, 404, 'NotFoundException', `The model '${body.model}' does not exist`);

	if (operation === 'MantleChatCompletions') {
		if (model.mantleRoute === '/openai/v1') return mantleError(world, operation, region, 400, 'ValidationException', `The model '${model.mantleId}' does not support the '/v1/chat/completions' API`);
		if (prefix !== model.mantleRoute) return mantleError(world, operation, region, 400, 'ValidationException', `model \`${model.mantleId}\` isn't supported on this route`);
		const now = world.now();
		return json(world, operation, region, 200, {id: `chatcmpl-${randomUUID()}`, object: 'chat.completion', created: Math.floor(now / 1000), model: model.mantleId, choices: [{index: 0, message: {role: 'assistant', content: ANSWER}, finish_reason: 'stop'}], usage: {prompt_tokens: 70, completion_tokens: 2, total_tokens: 72}});
	}

	if (prefix !== model.mantleRoute) return mantleError(world, operation, region, 400, 'ValidationException', `model \`${model.mantleId}\` isn't supported on this route`);
	const prompt = inputText(body.input);
	if (prompt === undefined) return mantleError(world, operation, region, 400, 'ValidationException', "Invalid 'input': expected a string or an array of input items.");
	if (body.max_output_tokens !== undefined && (!Number.isInteger(body.max_output_tokens) || (body.max_output_tokens as number) < 16)) {
		return mantleError(world, operation, region, 400, 'ValidationException', "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16.");
	}
	const response = responseObject(model, prompt, body.max_output_tokens as number | undefined, world.now());
	if (body.stream === true) {
		const requestId = world.requestId();
		logCall(world, operation, region, 200, requestId);
		return {status: 200, headers: {'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-amzn-requestid': requestId}, stream: sse(response)};
	}
	return json(world, operation, region, 200, response);
};
