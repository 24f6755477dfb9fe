// The test prompt through the real request path (openMantleRequest: @smithy/signature-v4 or a Bedrock API
// key, the shared request handler, HTTP to the simulated Mantle on 127.0.0.1): both answer forms, the
// incomplete outcome, every failure the troubleshooting rules match on, and no secret in any failure.
import {describe, expect, it} from 'vitest';
import {prefixedEndpoints, realEndpoints} from '../../source/core/context.js';
import {
	bearerTokenRegion,
	costUsd,
	describeBearerToken,
	formatUsd,
	INPUT_TOKENS_BOUND,
	mantleFailure,
	MAX_OUTPUT_TOKENS,
	parseSse,
	sendTestPrompt,
	testPromptBody,
	testPromptCostBound,
	type FailureContext,
	type TestPromptOptions,
} from '../../source/core/bedrock/test-prompt.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import type {Scenario} from '../../source/fake-aws/types.js';
import {fakeClock, testContext} from '../helpers/context.js';
import {apiKeyFor, credentialsFor, fakeAws} from '../helpers/fake-aws.js';

const REGION = 'us-east-1';
const GPT = 'openai.gpt-5.4';

/** A simulated AWS and a context whose clock both share (the clock only moves when a test says so). */
async function world(scenario: string | Scenario = 'happy') {
	const clock = fakeClock(Date.now());
	const fake = await fakeAws({scenario, now: clock.now});
	const ctx = {...testContext({clock}), endpoints: prefixedEndpoints(fake.url)};
	return {fake, clock, ctx};
}

type Ctx = Awaited<ReturnType<typeof world>>['ctx'];

function send(ctx: Ctx, fake: FakeAws, options: Partial<TestPromptOptions> = {}) {
	const auth = options.bearerToken ? {bearerToken: options.bearerToken} : {credentials: options.credentials ?? credentialsFor(fake, {now: ctx.clock.now()})};
	return sendTestPrompt(ctx, {region: REGION, model: GPT, stream: true, ...options, ...auth} as TestPromptOptions);
}

/** The failure of a test prompt that must fail, as the step would report it. */
async function failureOf(ctx: Ctx, fake: FakeAws, options: Partial<TestPromptOptions> = {}, about: Partial<FailureContext> = {}) {
	const sentAt = ctx.clock.now();
	const error = await send(ctx, fake, options).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error, 'the test prompt should have failed').toBeDefined();
	return mantleFailure(error, {
		auth: options.bearerToken ? 'bearer' : 'sigv4',
		region: options.region ?? REGION,
		model: options.model ?? GPT,
		route: options.route ?? '/openai/v1',
		profile: 'codex-bedrock',
		sentAt,
		...about,
	});
}

describe('the request', () => {
	it('asks once, on the route Codex uses, with the fixed prompt, no tools, nothing stored', () => {
		expect(testPromptBody(GPT, true)).toEqual({
			model: GPT,
			input: [{role: 'user', content: [{type: 'input_text', text: 'Reply with the single word: ready'}]}],
			max_output_tokens: MAX_OUTPUT_TOKENS,
			reasoning: {effort: 'low'},
			store: false,
			stream: true,
		});
		expect(MAX_OUTPUT_TOKENS).toBeGreaterThanOrEqual(64);
	});
});

describe('answers through the simulated Mantle', () => {
	it.each([true, false])('stream: %s — the answer, usage, cost, request id, route and auth', async (stream) => {
		const {fake, ctx} = await world();
		const result = await send(ctx, fake, {stream});
		expect(result).toEqual({
			status: 'completed',
			text: 'ready',
			latencyMs: 0,
			usage: {input: expect.any(Number), output: expect.any(Number), reasoning: expect.any(Number)},
			costUpperBoundUsd: (result.usage.input * 2.75 + result.usage.output * 16.5) / 1_000_000,
			requestId: expect.stringMatching(/^req_[a-z2-7]{52}$/),
			route: '/openai/v1',
			auth: 'sigv4',
			endpoint: 'mantle',
		});
		expect(result.usage.output).toBeGreaterThan(result.usage.reasoning!);
		expect(fake.state.log).toEqual([{operation: 'MantleResponses', region: REGION, status: 200, requestId: result.requestId}]);
	});

	it('latency comes from ctx.clock', async () => {
		const clock = fakeClock(Date.now());
		// The simulated Mantle "takes" 1.25 s: the shared clock moves on while it answers.
		const fake = await fakeAws({now: clock.now, log: () => clock.advance(1250)});
		const ctx = {...testContext({clock}), endpoints: prefixedEndpoints(fake.url)};
		expect((await send(ctx, fake)).latencyMs).toBe(1250);
	});

	it('with a Bedrock API key: Authorization Bearer, auth "bearer"', async () => {
		const {fake, ctx} = await world();
		const result = await send(ctx, fake, {bearerToken: apiKeyFor(fake, REGION, {now: ctx.clock.now()})});
		expect(result).toMatchObject({status: 'completed', text: 'ready', auth: 'bearer'});
	});

	it('gpt-oss on /v1 (where Mantle serves it) answers; its price is known', async () => {
		const {fake, ctx} = await world();
		const result = await send(ctx, fake, {model: 'openai.gpt-oss-120b', route: '/v1'});
		expect(result).toMatchObject({text: 'ready', route: '/v1'});
		expect(result.costUpperBoundUsd).toBeCloseTo((result.usage.input * 0.15 + result.usage.output * 0.6) / 1e6, 12);
	});

	it('a model with no known price: the cost is undefined', async () => {
		const scenario = getScenario('happy');
		scenario.regions[REGION]!.models.push({mantleId: 'openai.gpt-9', name: 'GPT-9', provider: 'OpenAI', mantleRoute: '/openai/v1', availability: scenario.regions[REGION]!.models[0]!.availability});
		const {fake, ctx} = await world(scenario);
		const result = await send(ctx, fake, {model: 'openai.gpt-9'});
		expect(result.text).toBe('ready');
		expect(result).not.toHaveProperty('costUpperBoundUsd');
		expect(testPromptCostBound('openai.gpt-9')).toBeUndefined();
	});

	it.each([true, false])('stream: %s — a budget spent on reasoning ends "incomplete" with the reason and no text', async (stream) => {
		const {fake, ctx} = await world();
		const result = await send(ctx, fake, {stream, maxOutputTokens: 16});
		expect(result).toMatchObject({status: 'incomplete', incompleteReason: 'max_output_tokens', text: '', usage: {output: 16, reasoning: 16}});
	});
});

describe('failures, typed for the troubleshooting rules', () => {
	it.each<[string, string | Scenario, Partial<TestPromptOptions>, Record<string, unknown>]>([
		['mantle-iam-denied', 'mantle-iam-denied', {}, {code: 'mantle.iam-denied', httpStatus: 403, errorName: 'AccessDeniedException', hint: expect.stringContaining('AmazonBedrockMantleInferenceAccess')}],
		['no-model-access', 'no-model-access', {}, {code: 'mantle.model-access-denied', httpStatus: 403, fixStep: 'model-access'}],
		['marketplace-denied', 'marketplace-denied', {}, {code: 'mantle.model-access-denied', message: expect.stringMatching(/^Model access is denied/), hint: expect.stringContaining('aws-marketplace:Subscribe')}],
		['gpt-oss on /openai/v1', 'happy', {model: 'openai.gpt-oss-120b'}, {code: 'mantle.model-not-on-route', httpStatus: 400, message: "model `openai.gpt-oss-120b` isn't supported on this route", hint: expect.stringContaining('codex#37246')}],
		['a model this region does not serve', 'happy', {model: 'openai.gpt-5.5', region: 'us-west-2'}, {code: 'mantle.model-not-found', httpStatus: 404, message: "The model 'openai.gpt-5.5' does not exist"}],
		['a Runtime id', 'happy', {model: 'openai.gpt-oss-120b-1:0', route: '/v1'}, {code: 'mantle.model-not-found', errorName: 'NotFoundException'}],
		['mantle-invalid-token', 'mantle-invalid-token', {}, {code: 'mantle.invalid-token', httpStatus: 401, errorName: 'UnrecognizedClientException', fixStep: 'sso-profile'}],
		['mantle-expired-token', 'mantle-expired-token', {}, {code: 'mantle.expired-token', httpStatus: 401, errorName: 'ExpiredTokenException', fixStep: 'sso-profile'}],
		['throttled', 'throttled', {}, {code: 'mantle.throttled', httpStatus: 429, errorName: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.'}],
	])('%s', async (_label, scenario, options, expected) => {
		const {fake, ctx} = await world(scenario);
		const failure = await failureOf(ctx, fake, options);
		expect(failure).toMatchObject({requestId: expect.stringMatching(/^req_/), ...expected});
		expect(fake.state.log.filter((l) => l.operation === 'MantleResponses')).toHaveLength(1);
	});

	it('credentials that really expired (not a fault): mantle.expired-token', async () => {
		const {fake, ctx} = await world();
		const failure = await failureOf(ctx, fake, {credentials: credentialsFor(fake, {now: ctx.clock.now(), ttlSeconds: -5})});
		expect(failure).toMatchObject({code: 'mantle.expired-token', message: 'The security token included in the request is expired'});
	});

	it('clock-skew: AWS 12 minutes ahead, "Signature expired", and by how much', async () => {
		const {fake, ctx} = await world('clock-skew');
		const failure = await failureOf(ctx, fake);
		expect(failure).toMatchObject({code: 'mantle.clock-skew', httpStatus: 401, errorName: 'InvalidSignatureException', message: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than /)});
		expect(failure.hint).toMatch(/^This computer's clock is about 12 min behind AWS's; AWS accepts 5 minutes either way/);
	});

	it('a clock ahead of AWS: "Signature not yet current" is clock skew too', async () => {
		const {fake, ctx, clock} = await world();
		const ahead = {...ctx, clock: {...clock, now: () => clock.now() + 20 * 60_000}};
		const failure = await failureOf(ahead, fake, {credentials: credentialsFor(fake, {now: clock.now()})});
		expect(failure).toMatchObject({code: 'mantle.clock-skew', message: expect.stringMatching(/^Signature not yet current: /), hint: expect.stringMatching(/about 20 min ahead of AWS's/)});
	});

	it('bearer tokens: another region, unknown, expired; never in the failure', async () => {
		const {fake, ctx} = await world();
		const elsewhere = apiKeyFor(fake, 'eu-west-1', {now: ctx.clock.now()});
		const expired = apiKeyFor(fake, REGION, {now: ctx.clock.now(), ttlSeconds: -1});
		const unknown = 'bedrock-api-key-bm9wZSBub3BlIG5vcGU=';
		const failures = [
			await failureOf(ctx, fake, {bearerToken: elsewhere}),
			await failureOf(ctx, fake, {bearerToken: unknown}),
			await failureOf(ctx, fake, {bearerToken: expired}),
		];
		expect(failures.map((f) => f.code)).toEqual(['mantle.invalid-token', 'mantle.invalid-token', 'mantle.expired-token']);
		expect(failures[0]).toMatchObject({httpStatus: 401, message: 'Authentication failed: Please make sure your API Key is valid.', hint: expect.stringContaining('AWS_BEARER_TOKEN_BEDROCK')});
		expect(failures[0]).not.toHaveProperty('fixStep');
		const text = JSON.stringify(failures);
		for (const token of [elsewhere, expired, unknown]) expect(text).not.toContain(token.slice(16, 40));
	});

	it('a signature for the wrong service or region is refused with AWS\'s words (our signer never makes one)', async () => {
		// The fake's own tests cover the refusals (test/fake-aws/mantle.test.ts, "authentication"); here: how they are typed.
		const {fake, ctx} = await world();
		const wrong = {...ctx, endpoints: {...ctx.endpoints, mantle: () => fake.endpointFor('eu-west-1')}};
		const failure = await failureOf(wrong, fake);
		expect(failure).toMatchObject({code: 'mantle.bad-signature', httpStatus: 401, errorName: 'InvalidSignatureException', message: "Credential should be scoped to a valid region, not 'us-east-1'."});
	});

	it('mantle-timeout: no answer within the deadline is mantle.timeout, not a hang', async () => {
		const {fake, ctx} = await world('mantle-timeout');
		const failure = await failureOf(ctx, fake, {timeoutMs: 150}, {timeoutMs: 150});
		expect(failure).toMatchObject({code: 'mantle.timeout', nodeCode: 'ETIMEDOUT', message: 'Bedrock Mantle in us-east-1 did not answer within 0.15 s.'});
	});

	it('a deadline that passes while the stream is arriving is a time-out too', async () => {
		const {fake, ctx} = await world();
		// Not the simulated Mantle: a server that sends the headers and the first event, then nothing.
		const stalling = await stallAfterHeaders();
		try {
			const failure = await failureOf({...ctx, endpoints: {...ctx.endpoints, mantle: () => stalling.url}}, fake, {timeoutMs: 150}, {timeoutMs: 150});
			expect(failure).toMatchObject({code: 'mantle.timeout', message: 'Bedrock Mantle in us-east-1 did not answer within 0.15 s.'});
		} finally {
			await stalling.close();
		}
	});

	it('a host that does not resolve is mantle.dns, pointing at the region when it has no Mantle', async () => {
		const ctx = {...testContext({env: {AWS_ENDPOINT_URL_BEDROCK_MANTLE: 'http://bedrock-mantle.invalid'}}), endpoints: realEndpoints({AWS_ENDPOINT_URL_BEDROCK_MANTLE: 'http://bedrock-mantle.invalid'})};
		const credentials = {accessKeyId: 'fake-access-key-id-dns-test', secretAccessKey: 'fakesecret/dns', sessionToken: 'fakesession/dns'};
		for (const [region, fixStep] of [['us-west-1', 'region'], ['us-east-1', undefined]] as const) {
			const error = await sendTestPrompt(ctx, {region, model: GPT, stream: true, credentials}).catch((e: unknown) => e);
			const failure = mantleFailure(error, {auth: 'sigv4', region, model: GPT, route: '/openai/v1', host: 'bedrock-mantle.invalid'});
			expect(failure).toMatchObject({code: 'mantle.dns', nodeCode: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/), message: expect.stringMatching(/^The Mantle host bedrock-mantle\.invalid could not be found/)});
			expect(failure.fixStep).toBe(fixStep);
		}
	});
});

describe('pieces', () => {
	it('server-sent events: split chunks, CRLF, several data lines, comments', async () => {
		async function* chunks() {
			yield 'event: a\r\nda';
			yield 'ta: {"x":1}\r';
			yield '\n\r';
			yield '\n: a comment\n';
			yield Buffer.from('data: line one\r');
			yield Buffer.from('\ndata: line two\n\nevent: last\ndata: end');
		}
		const events = [];
		for await (const event of parseSse(chunks())) events.push(event);
		expect(events).toEqual([
			{event: 'a', data: '{"x":1}'},
			{event: 'message', data: 'line one\nline two'},
			{event: 'last', data: 'end'},
		]);
	});

	it('cost: known prices, the bound before sending, formatting', () => {
		expect(costUsd('openai.gpt-oss-20b', 74, 17)).toBeCloseTo(1.028e-5, 12);
		expect(testPromptCostBound(GPT)).toBeCloseTo((INPUT_TOKENS_BOUND * 2.75 + MAX_OUTPUT_TOKENS * 16.5) / 1e6, 12);
		expect(costUsd('openai.unknown', 1, 1)).toBeUndefined();
		expect([0.0042, 0.000011, 0.017, 1.5, 0].map(formatUsd)).toEqual(['$0.0042', '$0.000011', '$0.017', '$1.50', '$0']);
	});

	it('Bedrock API keys are described without any of their characters', async () => {
		const {fake, ctx} = await world();
		const key = apiKeyFor(fake, 'eu-west-2', {now: ctx.clock.now()});
		expect(bearerTokenRegion(key)).toBe('eu-west-2');
		expect(describeBearerToken(key)).toBe('a short-term Bedrock API key for eu-west-2');
		expect(describeBearerToken('ABSKQmVkcm9ja0FQSUtleS1mYWtl')).toBe('a long-term Bedrock API key');
		expect(describeBearerToken('something')).toBe('a token that does not look like a Bedrock API key');
	});
});

/** A server that sends 200 and the first event of a stream, then nothing: a stall in the middle of the body. */
async function stallAfterHeaders(): Promise<{url: string; close(): Promise<void>}> {
	const http = await import('node:http');
	const sockets = new Set<import('node:net').Socket>();
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			res.writeHead(200, {'content-type': 'text/event-stream', 'x-amzn-requestid': 'req_stall'});
			res.write('event: response.created\ndata: {"type":"response.created","response":{"status":"in_progress"}}\n\n');
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as import('node:net').AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
