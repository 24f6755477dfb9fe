// Bedrock Runtime's OpenAI-compatible Responses API in the simulated AWS, signed with @smithy/signature-v4
// (service "bedrock", as Codex's amazon-bedrock-runtime provider signs it: SEEN in test/codex/routes.test.ts),
// through the wizard's own request path (openMantleRequest with route: 'runtime'): in-region models,
// profiles, and the refusals AWS gives.
import {describe, expect, it} from 'vitest';
import {prefixedEndpoints} from '../../source/core/context.js';
import {mantleRequest} from '../../source/core/bedrock/mantle.js';
import {credentialsFor, fakeAws, signRequest} from '../helpers/fake-aws.js';
import {testContext} from '../helpers/context.js';

async function ask(scenario: string, region: string, model: string, service = 'bedrock') {
	const fake = await fakeAws({scenario});
	const url = `${fake.endpointFor(region)}/openai/v1/responses`;
	const body = JSON.stringify({model, input: 'Reply with the single word: ready', stream: false});
	const init = await signRequest(url, {method: 'POST', body, credentials: credentialsFor(fake), region, service});
	const response = await fetch(url, init);
	const text = await response.text();
	return {fake, status: response.status, type: response.headers.get('x-amzn-errortype'), json: JSON.parse(text) as any};
}

describe('Bedrock Runtime Responses API (simulated)', () => {
	it.each([
		['ca-central-1', 'global.openai.gpt-6.1-sol'],
		['us-east-1', 'us.openai.gpt-6-sol'],
		['us-east-1', 'openai.gpt-5.6-sol'],
	])('%s serves %s', async (region, model) => {
		const {fake, status, json} = await ask('happy', region, model);
		expect(status).toBe(200);
		expect(json).toMatchObject({object: 'response', status: 'completed', model});
		expect(fake.state.log.at(-1)).toMatchObject({operation: 'RuntimeResponses', region, status: 200});
	});

	it.each([
		['happy', 'ca-central-1', 'openai.gpt-6.1-sol', 400, 'ValidationException', 'The provided model identifier is invalid.'],
		['happy', 'ca-central-1', 'us.openai.gpt-6-sol', 400, 'ValidationException', 'The provided model identifier is invalid.'],
		['happy', 'us-east-1', 'openai.gpt-5.5', 400, 'ValidationException', 'The provided model identifier is invalid.'],
		['happy', 'us-east-1', 'openai.gpt-oss-120b-1:0', 400, 'ValidationException', "doesn't support the Responses API on bedrock-runtime"],
		['runtime-profile-denied', 'ca-central-1', 'global.openai.gpt-6.1-sol', 403, 'AccessDeniedException', 'is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:ca-central-1:111122223333:inference-profile/global.openai.gpt-6.1-sol'],
		['mantle-only-model', 'us-east-1', 'openai.gpt-5.6-sol', 400, 'ValidationException', 'The provided model identifier is invalid.'],
		['ca-no-openai', 'ca-central-1', 'global.openai.gpt-6.1-sol', 400, 'ValidationException', 'The provided model identifier is invalid.'],
	])('%s: %s %s is refused (%i %s)', async (scenario, region, model, status, type, message) => {
		const answer = await ask(scenario, region, model);
		expect([answer.status, answer.type]).toEqual([status, type]);
		expect(answer.json.error.message).toContain(message);
	});

	it('a request signed for bedrock-mantle goes to Mantle, one signed for bedrock to Runtime; the wizard\'s request path signs for the route', async () => {
		const mantle = await ask('happy', 'ca-central-1', 'global.openai.gpt-6.1-sol', 'bedrock-mantle');
		expect(mantle.status).toBe(404);
		expect(mantle.json.error.message).toContain('bedrock-mantle.ca-central-1.api.aws does not exist');
		const base = testContext();
		const fake = await fakeAws({now: base.clock.now});
		const ctx = {...base, endpoints: prefixedEndpoints(fake.url)};
		const answer = await mantleRequest(ctx, {route: 'runtime', region: 'ca-central-1', credentials: credentialsFor(fake, {now: base.clock.now()}), method: 'POST', path: '/openai/v1/responses', body: {model: 'global.openai.gpt-5.6-luna', input: 'hi'}});
		expect(answer.status).toBe(200);
		expect(fake.state.log.at(-1)).toMatchObject({operation: 'RuntimeResponses', region: 'ca-central-1'});
	});
});
