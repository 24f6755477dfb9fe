// Bedrock Mantle, signed with @smithy/signature-v4 (service "bedrock-mantle") and sent with fetch, the way
// the wizard and Codex call it: both route families, the Responses API with and without streaming, Chat
// Completions for gpt-oss, every model mix-up with AWS's message, and authentication (401s, API keys).
import {describe, expect, it} from 'vitest';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import {apiKeyFor, credentialsFor, fakeAws, signRequest, type SignOptions} from '../helpers/fake-aws.js';

const REGION = 'us-east-1';

interface CallOptions {
	body?: unknown;
	/** A raw body string instead of JSON.stringify(body). */
	rawBody?: string;
	region?: string;
	sign?: Partial<SignOptions>;
	/** Use this Bedrock API key instead of SigV4. */
	apiKey?: string;
	/** Base URL instead of the region-prefixed endpoint (what AWS_ENDPOINT_URL_BEDROCK_MANTLE gives). */
	base?: string;
	/** Change the request after it was signed. */
	tamper?: (init: {method: string; headers: Record<string, string>; body?: string}) => void;
	signal?: AbortSignal;
}

async function call(fake: FakeAws, path: string, options: CallOptions = {}) {
	const region = options.region ?? REGION;
	const url = `${options.base ?? fake.endpointFor(region)}${path}`;
	const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
	const method = body === undefined ? 'GET' : 'POST';
	const init = options.apiKey
		? {method, headers: {authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json'}, ...(body === undefined ? {} : {body})}
		: await signRequest(url, {method, ...(body === undefined ? {} : {body}), credentials: credentialsFor(fake), region, ...options.sign});
	options.tamper?.(init);
	const response = await fetch(url, {...init, ...(options.signal ? {signal: options.signal} : {})});
	const text = await response.text();
	return {
		status: response.status,
		type: response.headers.get('x-amzn-errortype'),
		requestId: response.headers.get('x-amzn-requestid'),
		openAiRequestId: response.headers.get('x-request-id'),
		contentType: response.headers.get('content-type'),
		text,
		json: () => JSON.parse(text) as any,
	};
}

/** The AWS message of a Mantle error, checked to be in the OpenAI error envelope. */
function errorOf(answer: Awaited<ReturnType<typeof call>>) {
	const {error} = answer.json();
	expect(error).toEqual({message: expect.any(String), type: expect.any(String), param: null, code: answer.type});
	return {status: answer.status, type: answer.type, message: error.message as string};
}

interface SseEvent {
	event: string;
	data: {type: string; sequence_number: number; delta?: string; response?: any};
}

function parseSse(text: string): SseEvent[] {
	return text
		.split('\n\n')
		.filter(Boolean)
		.map((chunk) => {
			const lines = chunk.split('\n');
			const event = lines.find((l) => l.startsWith('event: '))!.slice(7);
			const data = JSON.parse(lines.find((l) => l.startsWith('data: '))!.slice(6)) as SseEvent['data'];
			return {event, data};
		});
}

describe('GET models', () => {
	it('lists the /v1 models and the /openai/v1 models of the region, in OpenAI list shape', async () => {
		const fake = await fakeAws();
		const v1 = await call(fake, '/v1/models');
		expect(v1.status).toBe(200);
		expect(v1.json()).toEqual({
			object: 'list',
			data: ['openai.gpt-oss-120b', 'openai.gpt-oss-20b', 'openai.gpt-oss-safeguard-120b', 'openai.gpt-oss-safeguard-20b'].map((id) => ({id, object: 'model', created: expect.any(Number), owned_by: 'openai'})),
		});
		const openai = await call(fake, '/openai/v1/models');
		// In-region GPT models only: profiles (global./us.) are Runtime's, and profile-only models are not served here.
		expect(openai.json().data.map((m: {id: string}) => m.id)).toEqual(['openai.gpt-5.6-sol', 'openai.gpt-5.6-terra', 'openai.gpt-5.6-luna', 'openai.gpt-5.5', 'openai.gpt-5.4']);
		const europe = await call(fake, '/openai/v1/models', {region: 'eu-central-1'});
		expect(europe.json()).toEqual({object: 'list', data: []});
		expect(fake.state.log.map((l) => [l.operation, l.region, l.status])).toEqual([
			['MantleListModels', 'us-east-1', 200],
			['MantleListModels', 'us-east-1', 200],
			['MantleListModels', 'eu-central-1', 200],
		]);
	});

	it('answers with Mantle-style request ids, in x-request-id and x-amzn-requestid', async () => {
		const fake = await fakeAws();
		const answer = await call(fake, '/v1/models');
		expect(answer.openAiRequestId).toMatch(/^req_[a-z2-7]{52}$/);
		expect(answer.requestId).toBe(answer.openAiRequestId);
		expect(fake.state.log.at(-1)?.requestId).toBe(answer.requestId);
	});

	it('a region without Mantle is not reachable: 404 saying the host does not exist', async () => {
		const fake = await fakeAws();
		const answer = await call(fake, '/v1/models', {region: 'ca-central-1'});
		expect(errorOf(answer)).toEqual({status: 404, type: 'NotFoundException', message: expect.stringMatching(/^\[fake-aws\] bedrock-mantle\.ca-central-1\.api\.aws does not exist in scenario "happy"/)});
	});
});

describe('POST responses', () => {
	it('answers with a Responses object: reasoning, then the message, and usage that adds up', async () => {
		const fake = await fakeAws();
		const answer = await call(fake, '/openai/v1/responses', {body: {model: 'openai.gpt-5.4', input: 'Reply with the single word: ready', max_output_tokens: 256}});
		expect(answer.status).toBe(200);
		const body = answer.json();
		expect(body).toMatchObject({id: expect.stringMatching(/^resp_/), object: 'response', status: 'completed', model: 'openai.gpt-5.4', incomplete_details: null});
		expect(body.output.map((o: {type: string}) => o.type)).toEqual(['reasoning', 'message']);
		expect(body.output[1]).toMatchObject({role: 'assistant', content: [{type: 'output_text', text: 'ready'}]});
		expect(body.usage.total_tokens).toBe(body.usage.input_tokens + body.usage.output_tokens);
		expect(Math.abs(body.created_at * 1000 - Date.now())).toBeLessThan(5000);
		expect(fake.state.log.at(-1)).toMatchObject({operation: 'MantleResponses', region: REGION, status: 200});
	});

	it('accepts input items, and with a tight max_output_tokens ends incomplete with reasoning only', async () => {
		const fake = await fakeAws();
		const answer = await call(fake, '/v1/responses', {body: {model: 'openai.gpt-oss-20b', input: [{role: 'user', content: [{type: 'input_text', text: 'ready?'}]}], max_output_tokens: 16}});
		expect(answer.json()).toMatchObject({status: 'incomplete', incomplete_details: {reason: 'max_output_tokens'}, output: [{type: 'reasoning'}], usage: {output_tokens: 16}});
	});

	it('streams the Responses events, in order, with the text in deltas and usage at the end', async () => {
		const fake = await fakeAws();
		const answer = await call(fake, '/v1/responses', {body: {model: 'openai.gpt-oss-120b', input: [{role: 'user', content: 'Reply with the single word: ready'}], stream: true}});
		expect(answer.status).toBe(200);
		expect(answer.contentType).toMatch(/^text\/event-stream/);
		const events = parseSse(answer.text);
		expect(events.every((e) => e.event === e.data.type)).toBe(true);
		expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_e, i) => i));
		expect(events.map((e) => e.event)).toEqual([
			'response.created',
			'response.in_progress',
			'response.output_item.added',
			'response.output_item.done',
			'response.output_item.added',
			'response.content_part.added',
			'response.output_text.delta',
			'response.output_text.delta',
			'response.output_text.done',
			'response.content_part.done',
			'response.output_item.done',
			'response.completed',
		]);
		expect(events.filter((e) => e.event === 'response.output_text.delta').map((e) => e.data.delta).join('')).toBe('ready');
		expect(events[0]?.data.response).toMatchObject({status: 'in_progress', usage: null});
		expect(events.at(-1)?.data.response).toMatchObject({status: 'completed', model: 'openai.gpt-oss-120b', usage: {total_tokens: expect.any(Number)}});
	});

	it.each([
		['a Runtime id', '/v1/responses', 'openai.gpt-oss-120b-1:0', 404, 'NotFoundException', "The model 'openai.gpt-oss-120b-1:0' does not exist"],
		['an unknown model', '/openai/v1/responses', 'openai.gpt-9', 404, 'NotFoundException', "The model 'openai.gpt-9' does not exist"],
		['a model this region does not serve', '/openai/v1/responses', 'openai.gpt-5.5', 404, 'NotFoundException', "The model 'openai.gpt-5.5' does not exist"],
		['gpt-oss on /openai/v1', '/openai/v1/responses', 'openai.gpt-oss-120b', 400, 'ValidationException', "model `openai.gpt-oss-120b` isn't supported on this route"],
		['GPT-5.4 on /v1', '/v1/responses', 'openai.gpt-5.4', 400, 'ValidationException', "model `openai.gpt-5.4` isn't supported on this route"],
	])('refuses %s', async (_label, path, model, status, type, message) => {
		const fake = await fakeAws();
		const answer = await call(fake, path, {body: {model, input: 'hi'}, region: 'us-west-2'});
		expect(errorOf(answer)).toEqual({status, type, message});
		expect(answer.json().error.type).toBe('invalid_request_error');
	});

	it.each([
		['no model', {input: 'hi'}, "Missing required parameter: 'model'."],
		['no input', {model: 'openai.gpt-oss-20b'}, "Missing required parameter: 'input'."],
		['an object as input', {model: 'openai.gpt-oss-20b', input: {text: 'hi'}}, "Invalid type for 'input': expected one of a string or an array of input items, but got an object instead."],
		['a string max_output_tokens', {model: 'openai.gpt-oss-20b', input: 'hi', max_output_tokens: '64'}, "Invalid type for 'max_output_tokens': expected an integer, but got a string instead."],
		['max_output_tokens below 16', {model: 'openai.gpt-oss-20b', input: 'hi', max_output_tokens: 8}, "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 8 instead."],
	])('refuses a body with %s (400)', async (_label, body, message) => {
		const fake = await fakeAws();
		expect(errorOf(await call(fake, '/v1/responses', {body}))).toEqual({status: 400, type: 'ValidationException', message});
	});

	it('refuses a body that is not JSON', async () => {
		const fake = await fakeAws();
		expect(errorOf(await call(fake, '/v1/responses', {rawBody: '{"model":'}))).toMatchObject({status: 400, type: 'ValidationException'});
	});
});

describe('POST chat/completions', () => {
	it('answers gpt-oss on /v1; GPT-5.x and the wrong route are refused', async () => {
		const fake = await fakeAws();
		const ok = await call(fake, '/v1/chat/completions', {body: {model: 'openai.gpt-oss-120b', messages: [{role: 'user', content: 'ready?'}]}});
		expect(ok.json()).toMatchObject({object: 'chat.completion', model: 'openai.gpt-oss-120b', choices: [{message: {role: 'assistant', content: 'ready'}, finish_reason: 'stop'}]});
		for (const path of ['/v1/chat/completions', '/openai/v1/chat/completions']) {
			const frontier = await call(fake, path, {body: {model: 'openai.gpt-5.4', messages: [{role: 'user', content: 'hi'}]}});
			expect(errorOf(frontier)).toEqual({status: 400, type: 'ValidationException', message: "The model 'openai.gpt-5.4' does not support the '/v1/chat/completions' API"});
		}
		const route = await call(fake, '/openai/v1/chat/completions', {body: {model: 'openai.gpt-oss-120b', messages: []}});
		expect(errorOf(route).message).toBe("model `openai.gpt-oss-120b` isn't supported on this route");
		expect(fake.state.log.map((l) => l.operation)).toEqual(Array(4).fill('MantleChatCompletions'));
	});
});

describe('authentication (401 on Mantle)', () => {
	const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

	it.each<[string, (fake: FakeAws) => CallOptions, string, string | RegExp]>([
		['signed for the service "bedrock"', () => ({sign: {service: 'bedrock'}}), 'InvalidSignatureException', "Credential should be scoped to correct service: 'bedrock-mantle'. "],
		['signed for another region', () => ({sign: {region: 'eu-west-1'}}), 'InvalidSignatureException', "Credential should be scoped to a valid region, not 'eu-west-1'. "],
		['signed 20 minutes ago', () => ({sign: {signingDate: new Date(Date.now() - 20 * 60_000)}}), 'InvalidSignatureException', /^Signature expired: \d{8}T\d{6}Z is now earlier than /],
		['signed 20 minutes ahead', () => ({sign: {signingDate: new Date(Date.now() + 20 * 60_000)}}), 'InvalidSignatureException', /^Signature not yet current: /],
		['with a body changed after signing', () => ({tamper: (init) => void (init.body = init.body!.replace('ready', 'READY'))}), 'InvalidSignatureException', MISMATCH],
		['with a wrong secret', (fake) => ({sign: {credentials: {...credentialsFor(fake), secretAccessKey: 'wrong'}}}), 'InvalidSignatureException', MISMATCH],
		['with an unknown key', () => ({sign: {credentials: {accessKeyId: 'AKIDFAKEUNKNOWN', secretAccessKey: 'x'}}}), 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
		['with expired credentials', (fake) => ({sign: {credentials: credentialsFor(fake, {ttlSeconds: -5})}}), 'ExpiredTokenException', 'The security token included in the request is expired'],
	])('refuses a request %s', async (_label, options, type, message) => {
		const fake = await fakeAws();
		const answer = await call(fake, '/v1/responses', {body: {model: 'openai.gpt-oss-120b', input: 'ready'}, ...options(fake)});
		const error = errorOf(answer);
		expect([error.status, error.type]).toEqual([401, type]);
		expect(error.message).toMatch(message instanceof RegExp ? message : new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
		expect(answer.json().error.type).toBe('authentication_error');
		expect(fake.state.log.at(-1)).toMatchObject({operation: 'MantleResponses', status: 401, requestId: answer.requestId});
	});

	it('refuses a request with no Authorization header', async () => {
		const fake = await fakeAws();
		const answer = await fetch(`${fake.endpointFor(REGION)}/v1/models`);
		expect([answer.status, answer.headers.get('x-amzn-errortype')]).toEqual([401, 'MissingAuthenticationTokenException']);
		expect(((await answer.json()) as {error: {message: string}}).error.message).toBe('Missing Authentication Token');
	});

	it('accepts a Bedrock API key for the region; refuses one for another region, an unknown one, an expired one', async () => {
		const fake = await fakeAws();
		expect((await call(fake, '/openai/v1/models', {apiKey: apiKeyFor(fake, REGION)})).status).toBe(200);
		const elsewhere = await call(fake, '/openai/v1/models', {apiKey: apiKeyFor(fake, 'eu-west-1')});
		expect(errorOf(elsewhere)).toEqual({status: 401, type: 'UnrecognizedClientException', message: 'Authentication failed: Please make sure your API Key is valid.'});
		expect(errorOf(await call(fake, '/openai/v1/models', {apiKey: 'bedrock-api-key-bm9wZQ=='})).status).toBe(401);
		expect(errorOf(await call(fake, '/openai/v1/models', {apiKey: apiKeyFor(fake, REGION, {ttlSeconds: -1})}))).toMatchObject({status: 401, type: 'ExpiredTokenException'});
	});

	it('without a region in the URL (AWS_ENDPOINT_URL_BEDROCK_MANTLE), takes it from the signature or the API key', async () => {
		const fake = await fakeAws();
		const base = fake.env()['AWS_ENDPOINT_URL_BEDROCK_MANTLE'];
		const signed = await call(fake, '/v1/models', {base, region: 'eu-central-1'});
		expect(signed.json().data.map((m: {id: string}) => m.id)).toEqual(['openai.gpt-oss-120b', 'openai.gpt-oss-20b']);
		const keyed = await call(fake, '/openai/v1/models', {base, apiKey: apiKeyFor(fake, 'us-east-2')});
		expect(keyed.json().data.map((m: {id: string}) => m.id)).toEqual(['openai.gpt-5.6-sol', 'openai.gpt-5.6-terra', 'openai.gpt-5.6-luna', 'openai.gpt-5.5', 'openai.gpt-5.4']);
		expect(fake.state.log.map((l) => l.region)).toEqual(['eu-central-1', 'us-east-2']);
	});
});

describe('scenarios on Mantle', () => {
	it.each([
		['mantle-iam-denied', 'openai.gpt-5.4', '/openai/v1/responses', /is not authorized to perform: bedrock-mantle:CreateInference on resource: arn:aws:bedrock-mantle:us-east-1:111122223333:project\/default/],
		['no-model-access', 'openai.gpt-oss-20b', '/v1/responses', /^You don't have access to the model with the specified model ID\.$/],
		['marketplace-denied', 'openai.gpt-oss-20b', '/v1/responses', /^Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions/],
	])('%s: CreateInference is an AccessDeniedException (403); listing still works', async (scenario, model, path, message) => {
		const fake = await fakeAws({scenario});
		const answer = await call(fake, path, {body: {model, input: 'hi'}});
		const error = errorOf(answer);
		expect([error.status, error.type]).toEqual([403, 'AccessDeniedException']);
		expect(error.message).toMatch(message);
		expect(answer.json().error.type).toBe('permission_error');
		expect((await call(fake, '/v1/models')).status).toBe(200);
	});

	it('throttled: the first Responses call is a 429 ThrottlingException, the next succeeds', async () => {
		const fake = await fakeAws({scenario: 'throttled'});
		const first = await call(fake, '/openai/v1/responses', {body: {model: 'openai.gpt-5.4', input: 'hi'}});
		expect(errorOf(first)).toEqual({status: 429, type: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.'});
		expect(first.json().error.type).toBe('rate_limit_error');
		expect((await call(fake, '/openai/v1/responses', {body: {model: 'openai.gpt-5.4', input: 'hi'}})).status).toBe(200);
	});

	it('region-timeout: listing in eu-central-1 never answers, which the caller sees as a time-out', async () => {
		const fake = await fakeAws({scenario: 'region-timeout'});
		const error = await call(fake, '/v1/models', {region: 'eu-central-1', signal: AbortSignal.timeout(50)}).catch((e: unknown) => e as Error);
		expect(error).toMatchObject({name: 'TimeoutError'});
		expect(fake.state.log).toEqual([{operation: 'MantleListModels', region: 'eu-central-1', status: 0, requestId: expect.any(String)}]);
		expect((await call(fake, '/v1/models', {region: 'eu-west-1'})).status).toBe(200);
	});

	it('expired-token: credentials issued with the scenario lifetime are refused as expired (401)', async () => {
		const fake = await fakeAws({scenario: 'expired-token'});
		const credentials = credentialsFor(fake, {ttlSeconds: getScenario('expired-token').sso.roleCredentialsTtlSeconds});
		expect(errorOf(await call(fake, '/v1/models', {sign: {credentials}}))).toMatchObject({status: 401, type: 'ExpiredTokenException'});
	});
});
