import {
	BedrockClient,
	CreateFoundationModelAgreementCommand,
	GetFoundationModelAvailabilityCommand,
	GetFoundationModelCommand,
	ListFoundationModelAgreementOffersCommand,
	ListFoundationModelsCommand,
	type BedrockClientConfig,
} from '@aws-sdk/client-bedrock';
import {ConfiguredRetryStrategy} from '@smithy/core/retry';
import {NodeHttpHandler} from '@smithy/node-http-handler';
import {describe, expect, it} from 'vitest';
import {toFailure} from '../../source/core/errors.js';
import {getScenario, SCENARIO_NAMES} from '../../source/fake-aws/scenarios.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import {credentialsFor, fakeAws} from '../helpers/fake-aws.js';

function client(fake: FakeAws, region: string, extra: Partial<BedrockClientConfig> = {}) {
	return new BedrockClient({region, endpoint: fake.endpointFor(region), credentials: credentialsFor(fake), maxAttempts: 1, ...extra});
}

const GPT_OSS = 'openai.gpt-oss-120b-1:0';

describe('simulated Bedrock control plane through the real BedrockClient', () => {
	it('lists each region its own OpenAI models, with the filters AWS has', async () => {
		const fake = await fakeAws();
		const ids = async (region: string) =>
			((await client(fake, region).send(new ListFoundationModelsCommand({byProvider: 'OpenAI', byOutputModality: 'TEXT', byInferenceType: 'ON_DEMAND'}))).modelSummaries ?? []).map((m) => m.modelId);
		expect(await ids('us-east-1')).toEqual([GPT_OSS, 'openai.gpt-oss-20b-1:0', 'openai.gpt-oss-safeguard-120b-1:0', 'openai.gpt-oss-safeguard-20b-1:0', 'openai.gpt-5.5', 'openai.gpt-5.4']);
		expect(await ids('eu-central-1')).toEqual([GPT_OSS, 'openai.gpt-oss-20b-1:0']);
		expect(await ids('ca-central-1')).toEqual([]);
		const [first] = (await client(fake, 'eu-west-1').send(new ListFoundationModelsCommand({}))).modelSummaries ?? [];
		expect(first).toMatchObject({modelArn: `arn:aws:bedrock:eu-west-1::foundation-model/${GPT_OSS}`, providerName: 'OpenAI', modelLifecycle: {status: 'ACTIVE'}, inferenceTypesSupported: ['ON_DEMAND']});
		expect(fake.state.log.map((l) => l.operation)).toEqual(Array(4).fill('ListFoundationModels'));
	});

	it('rejects a filter value outside the enum with a ValidationException', async () => {
		const fake = await fakeAws();
		const error = await client(fake, 'us-east-1').send(new ListFoundationModelsCommand({byOutputModality: 'VIDEO' as never})).catch((e: unknown) => e);
		expect(error).toMatchObject({name: 'ValidationException', $fault: 'client', $metadata: {httpStatusCode: 400}});
	});

	it('GetFoundationModel finds a model by its (percent-encoded) id, and 404s an unknown one', async () => {
		const fake = await fakeAws();
		const found = await client(fake, 'us-east-1').send(new GetFoundationModelCommand({modelIdentifier: GPT_OSS}));
		expect(found.modelDetails?.modelId).toBe(GPT_OSS);
		const error = await client(fake, 'us-east-1').send(new GetFoundationModelCommand({modelIdentifier: 'openai.gpt-oss-120b'})).catch((e: unknown) => e);
		expect(error).toMatchObject({name: 'ResourceNotFoundException', $metadata: {httpStatusCode: 404}});
	});

	it.each([
		['happy', {authorizationStatus: 'AUTHORIZED', entitlementAvailability: 'AVAILABLE', regionAvailability: 'AVAILABLE', agreementAvailability: {status: 'AVAILABLE'}}],
		['no-model-access', {authorizationStatus: 'NOT_AUTHORIZED', agreementAvailability: {status: 'NOT_AVAILABLE'}}],
		['agreement-needed', {entitlementAvailability: 'NOT_AVAILABLE', agreementAvailability: {status: 'NOT_AVAILABLE'}}],
		['marketplace-denied', {agreementAvailability: {status: 'ERROR', errorMessage: expect.any(String)}}],
	])('GetFoundationModelAvailability in scenario %s', async (scenario, expected) => {
		const fake = await fakeAws({scenario});
		const answer = await client(fake, 'us-east-1').send(new GetFoundationModelAvailabilityCommand({modelId: GPT_OSS}));
		expect(answer).toMatchObject({modelId: GPT_OSS, ...expected});
	});

	it('offers, then creates an agreement (202), after which the model is available; twice is a conflict', async () => {
		const fake = await fakeAws({scenario: 'agreement-needed'});
		const bedrock = client(fake, 'us-east-1');
		const offers = await bedrock.send(new ListFoundationModelAgreementOffersCommand({modelId: GPT_OSS, offerType: 'PUBLIC'}));
		const offer = offers.offers?.[0];
		expect(offer?.termDetails?.legalTerm?.url).toMatch(/^https:\/\//);
		const created = await bedrock.send(new CreateFoundationModelAgreementCommand({modelId: GPT_OSS, offerToken: offer!.offerToken!}));
		expect(created.$metadata.httpStatusCode).toBe(202);
		expect(created.modelId).toBe(GPT_OSS);
		const after = await bedrock.send(new GetFoundationModelAvailabilityCommand({modelId: GPT_OSS}));
		expect(after.agreementAvailability?.status).toBe('AVAILABLE');
		await expect(bedrock.send(new CreateFoundationModelAgreementCommand({modelId: GPT_OSS, offerToken: offer!.offerToken!}))).rejects.toMatchObject({name: 'ConflictException'});
		await expect(bedrock.send(new CreateFoundationModelAgreementCommand({modelId: GPT_OSS, offerToken: 'forged'}))).rejects.toMatchObject({name: 'ValidationException'});
	});

	it('marketplace-denied: creating the agreement is an AccessDeniedException naming the Marketplace actions', async () => {
		const fake = await fakeAws({scenario: 'marketplace-denied'});
		const bedrock = client(fake, 'us-east-1');
		const offer = (await bedrock.send(new ListFoundationModelAgreementOffersCommand({modelId: GPT_OSS}))).offers![0]!;
		const error = await bedrock.send(new CreateFoundationModelAgreementCommand({modelId: GPT_OSS, offerToken: offer.offerToken!})).catch((e: unknown) => e);
		expect(error).toMatchObject({name: 'AccessDeniedException', $metadata: {httpStatusCode: 403}, message: expect.stringContaining('aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe')});
		expect(toFailure(error)).toMatchObject({code: 'aws.AccessDeniedException', httpStatus: 403, requestId: expect.any(String)});
	});

	it('bedrock-iam-denied: the control plane itself is an AccessDeniedException', async () => {
		const fake = await fakeAws({scenario: 'bedrock-iam-denied'});
		await expect(client(fake, 'us-east-1').send(new ListFoundationModelsCommand({}))).rejects.toMatchObject({name: 'AccessDeniedException', message: expect.stringContaining('bedrock:ListFoundationModels')});
	});

	it('throttled: the SDK retries ThrottlingException (429) by itself; with one attempt the error surfaces', async () => {
		const fake = await fakeAws({scenario: 'throttled'});
		// The SDK's own retry loop with its back-off set to zero: no real waiting in tests.
		const retried = await client(fake, 'us-east-1', {retryStrategy: new ConfiguredRetryStrategy(3, () => 0)}).send(new ListFoundationModelsCommand({byProvider: 'OpenAI'}));
		expect(retried.modelSummaries?.length).toBeGreaterThan(0);
		expect(fake.state.log.map((l) => l.status)).toEqual([429, 429, 200]);
		const fresh = await fakeAws({scenario: 'throttled'});
		await expect(client(fresh, 'us-east-1').send(new ListFoundationModelsCommand({}))).rejects.toMatchObject({name: 'ThrottlingException', $metadata: {httpStatusCode: 429}});
	});

	it('refuses a request signed for another service, region, or with a tampered secret', async () => {
		const fake = await fakeAws();
		const error = (config: Partial<BedrockClientConfig>) => client(fake, 'us-east-1', config).send(new ListFoundationModelsCommand({})).catch((e: unknown) => e);
		expect(await error({signingName: 'bedrock-mantle'} as Partial<BedrockClientConfig>)).toMatchObject({name: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'bedrock'. "});
		expect(await error({region: 'eu-west-1', endpoint: fake.endpointFor('us-east-1')})).toMatchObject({name: 'InvalidSignatureException', message: 'Credential should be scoped to a valid region. ', $metadata: {httpStatusCode: 403}});
		expect(await error({credentials: {...credentialsFor(fake), secretAccessKey: 'nope'}})).toMatchObject({name: 'InvalidSignatureException', message: expect.stringContaining('does not match')});
		expect(await error({credentials: credentialsFor(fake, {ttlSeconds: -1})})).toMatchObject({name: 'ExpiredTokenException', $metadata: {httpStatusCode: 403}});
		expect(await error({credentials: {accessKeyId: 'AKIDFAKE', secretAccessKey: 'x'}})).toMatchObject({name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.'});
	});

	it('region-timeout: a region that never answers is a time-out, not an empty list', async () => {
		const fake = await fakeAws({scenario: 'region-timeout'});
		const error = await client(fake, 'eu-central-1', {requestHandler: new NodeHttpHandler({requestTimeout: 50, throwOnRequestTimeout: true})}).send(new ListFoundationModelsCommand({byProvider: 'OpenAI'})).catch((e: unknown) => e);
		expect(error).toMatchObject({name: 'TimeoutError'});
		expect(toFailure(error).code).toBe('node.ETIMEDOUT');
	});

	it('every named scenario builds', () => {
		for (const name of SCENARIO_NAMES) expect(getScenario(name).name).toBe(name);
		expect(() => getScenario('nope')).toThrow('Unknown scenario "nope"');
	});
});
