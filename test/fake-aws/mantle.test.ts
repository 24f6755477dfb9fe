import {describe, expect, it} from 'vitest';
import {credentialsFor, fakeAws, signedFetch} from '../helpers/fake-aws.js';

const region = 'us-east-1';

async function call(scenario: string, path: string, options: {body?: object; service?: string; signRegion?: string; signingDate?: Date; ttlSeconds?: number} = {}) {
	const fake = await fakeAws({scenario});
	const response = await signedFetch(`${fake.endpointFor(region)}${path}`, {
		method: options.body ? 'POST' : 'GET',
		...(options.body ? {body: JSON.stringify(options.body)} : {}),
		credentials: credentialsFor(fake, {ttlSeconds: options.ttlSeconds ?? 3600}),
		region: options.signRegion ?? region,
		...(options.service ? {service: options.service} : {}),
		...(options.signingDate ? {signingDate: options.signingDate} : {}),
	});
	const text = await response.text();
	return {status: response.status, type: response.headers.get('x-amzn-errortype'), requestId: response.headers.get('x-amzn-requestid'), text, json: () => JSON.parse(text) as any, fake};
}

describe('simulated Bedrock Mantle, SigV4-signed with @smithy/signature-v4', () => {
	it('lists the /v1 models and the /openai/v1 models of the region', async () => {
		const v1 = await call('happy', '/v1/models');
		expect(v1.status).toBe(200);
		expect(v1.json().data.map((m: {id: string}) => m.id)).toEqual(['openai.gpt-oss-120b', 'openai.gpt-oss-20b', 'openai.gpt-oss-safeguard-120b', 'openai.gpt-oss-safeguard-20b']);
		const openai = await call('happy', '/openai/v1/models');
		expect(openai.json()).toMatchObject({object: 'list', data: [{id: 'openai.gpt-5.5', object: 'model'}, {id: 'openai.gpt-5.4'}]});
	});

	it('answers a Responses request with text and usage', async () => {
		const answer = await call('happy', '/openai/v1/responses', {body: {model: 'openai.gpt-5.4', input: 'Reply with the single word: ready', max_output_tokens: 64}});
		expect(answer.status).toBe(200);
		const body = answer.json();
		expect(body).toMatchObject({object: 'response', status: 'completed', model: 'openai.gpt-5.4'});
		expect(body.output.find((o: {type: string}) => o.type === 'message').content[0].text).toBe('ready');
		expect(body.usage.total_tokens).toBe(body.usage.input_tokens + body.usage.output_tokens);
	});

	it('streams a Responses answer as server-sent events', async () => {
		const answer = await call('happy', '/v1/responses', {body: {model: 'openai.gpt-oss-120b', input: [{role: 'user', content: 'Reply with the single word: ready'}], stream: true}});
		expect(answer.status).toBe(200);
		const events = answer.text.split('\n\n').filter(Boolean).map((chunk) => JSON.parse(chunk.split('\n').find((l) => l.startsWith('data: '))!.slice(6)) as {type: string; delta?: string; response?: {usage?: object}});
		expect(events[0]?.type).toBe('response.created');
		expect(events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('')).toBe('ready');
		expect(events.at(-1)).toMatchObject({type: 'response.completed', response: {usage: {total_tokens: expect.any(Number)}}});
	});

	it('a Runtime id, an unknown model and the wrong route are refused with AWS-style messages', async () => {
		const runtime = await call('happy', '/v1/responses', {body: {model: 'openai.gpt-oss-120b-1:0', input: 'hi'}});
		expect([runtime.status, runtime.type, runtime.json().error.message]).toEqual([404, 'NotFoundException', "The model 'openai.gpt-oss-120b-1:0' does not exist"]);
		const route = await call('happy', '/openai/v1/responses', {body: {model: 'openai.gpt-oss-120b', input: 'hi'}});
		expect([route.status, route.json().error.message]).toEqual([400, 'model `openai.gpt-oss-120b` isn\'t supported on this route']);
		const chat = await call('happy', '/openai/v1/chat/completions', {body: {model: 'openai.gpt-5.4', messages: []}});
		expect(chat.json().error.message).toBe("The model 'openai.gpt-5.4' does not support the '/v1/chat/completions' API");
		const missing = await call('happy', '/v1/responses', {body: {input: 'hi'}});
		expect(missing.status).toBe(400);
	});

	it('refuses a request signed for the wrong service or region, an old signature and expired credentials (401)', async () => {
		const service = await call('happy', '/v1/models', {service: 'bedrock'});
		expect([service.status, service.type, service.json().error.message]).toEqual([401, 'InvalidSignatureException', "Credential should be scoped to correct service: 'bedrock-mantle'. "]);
		const wrongRegion = await call('happy', '/v1/models', {signRegion: 'eu-west-1'});
		expect([wrongRegion.status, wrongRegion.json().error.message]).toEqual([401, 'Credential should be scoped to a valid region. ']);
		const old = await call('happy', '/v1/models', {signingDate: new Date(Date.now() - 20 * 60_000)});
		expect([old.status, old.json().error.message]).toEqual([401, expect.stringMatching(/^Signature expired: /)]);
		const expired = await call('happy', '/v1/models', {ttlSeconds: -5});
		expect([expired.status, expired.type]).toEqual([401, 'ExpiredTokenException']);
		const fake = await fakeAws();
		const unsigned = await fetch(`${fake.endpointFor(region)}/v1/models`);
		expect(unsigned.status).toBe(401);
	});

	it('mantle-iam-denied and no-model-access: CreateInference is an AccessDeniedException', async () => {
		const iam = await call('mantle-iam-denied', '/openai/v1/responses', {body: {model: 'openai.gpt-5.4', input: 'hi'}});
		expect([iam.status, iam.type]).toEqual([403, 'AccessDeniedException']);
		expect(iam.json().error.message).toContain('bedrock-mantle:CreateInference');
		const access = await call('no-model-access', '/v1/responses', {body: {model: 'openai.gpt-oss-20b', input: 'hi'}});
		expect(access.json().error.message).toBe("You don't have access to the model with the specified model ID.");
	});

	it('throttled: the first Responses call is a 429 ThrottlingException, the next succeeds', async () => {
		const fake = await fakeAws({scenario: 'throttled'});
		const send = () => signedFetch(`${fake.endpointFor(region)}/openai/v1/responses`, {method: 'POST', body: JSON.stringify({model: 'openai.gpt-5.4', input: 'hi'}), credentials: credentialsFor(fake), region});
		const first = await send();
		expect([first.status, first.headers.get('x-amzn-errortype')]).toEqual([429, 'ThrottlingException']);
		expect((await send()).status).toBe(200);
	});
});
