// The Bedrock control plane through the real BedrockClient: every operation the wizard uses, each error
// parsed by the SDK into its own exception (name, status, request id, message), retries, and signatures.
import {
	BedrockClient,
	CreateFoundationModelAgreementCommand,
	GetFoundationModelAvailabilityCommand,
	GetFoundationModelCommand,
	ListFoundationModelAgreementOffersCommand,
	ListFoundationModelsCommand,
	type BedrockClientConfig,
	type ListFoundationModelsCommandInput,
} from '@aws-sdk/client-bedrock';
import {NodeHttpHandler} from '@smithy/node-http-handler';
import type {HttpRequest} from '@smithy/protocol-http';
import {describe, expect, it, vi} from 'vitest';
import {toFailure} from '../../source/core/errors.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import type {ModelFixture} from '../../source/fake-aws/types.js';
import {credentialsFor, fakeAws} from '../helpers/fake-aws.js';

const GPT_OSS = 'openai.gpt-oss-120b-1:0';
const NOT_FOUND = 'Could not resolve the foundation model from the provided model identifier.';
const MISMATCH = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function client(fake: FakeAws, region = 'us-east-1', extra: Partial<BedrockClientConfig> = {}) {
	return new BedrockClient({region, endpoint: fake.endpointFor(region), credentials: credentialsFor(fake), maxAttempts: 1, ...extra});
}

type SdkError = Error & {$fault?: string; $metadata: {httpStatusCode?: number; requestId?: string; attempts?: number}};

function refused(promise: Promise<unknown>): Promise<SdkError> {
	return promise.then(
		() => expect.fail('the call should have been refused'),
		(error: unknown) => error as SdkError,
	);
}

/** The error as the SDK parsed it, checked against what the fake logged for the same request. */
async function failure(fake: FakeAws, promise: Promise<unknown>): Promise<SdkError> {
	const error = await refused(promise);
	expect(error.$metadata.requestId).toBe(fake.state.log.at(-1)?.requestId);
	return error;
}

async function listIds(fake: FakeAws, region: string, input: ListFoundationModelsCommandInput = {}) {
	const answer = await client(fake, region).send(new ListFoundationModelsCommand(input));
	return (answer.modelSummaries ?? []).map((m) => m.modelId);
}

/** Run with the SDK's default retry strategy, its random back-off pinned to zero so nothing waits. */
async function withoutBackoff<T>(work: () => Promise<T>): Promise<T> {
	const random = vi.spyOn(Math, 'random').mockReturnValue(0);
	try {
		return await work();
	} finally {
		random.mockRestore();
	}
}

describe('ListFoundationModels', () => {
	it("lists each region's own catalogue, with AWS's summary fields", async () => {
		const fake = await fakeAws();
		const PROFILED = ['openai.gpt-6.1-sol', 'openai.gpt-6-astra', 'openai.gpt-6.1-terra', 'openai.gpt-6-sol', 'openai.gpt-6-luna', 'openai.gpt-5.6-sol', 'openai.gpt-5.6-terra', 'openai.gpt-5.6-luna'];
		expect(await listIds(fake, 'us-east-1', {byProvider: 'OpenAI'})).toEqual([GPT_OSS, 'openai.gpt-oss-20b-1:0', 'openai.gpt-oss-safeguard-120b-1:0', 'openai.gpt-oss-safeguard-20b-1:0', ...PROFILED, 'openai.gpt-5.5', 'openai.gpt-5.4']);
		expect(await listIds(fake, 'eu-central-1')).toEqual([GPT_OSS, 'openai.gpt-oss-20b-1:0', ...PROFILED]);
		// No OpenAI model in-region in ca-central-1: the ones listed are reached only through inference profiles.
		expect(await listIds(fake, 'ca-central-1')).toEqual(PROFILED);
		const ca = (await client(fake, 'ca-central-1').send(new ListFoundationModelsCommand({}))).modelSummaries ?? [];
		expect(ca.every((m) => String(m.inferenceTypesSupported) === 'INFERENCE_PROFILE')).toBe(true);
		const [first] = (await client(fake, 'eu-west-1').send(new ListFoundationModelsCommand({}))).modelSummaries ?? [];
		expect(first).toEqual({
			modelArn: `arn:aws:bedrock:eu-west-1::foundation-model/${GPT_OSS}`,
			modelId: GPT_OSS,
			modelName: 'gpt-oss-120b',
			providerName: 'OpenAI',
			inputModalities: ['TEXT'],
			outputModalities: ['TEXT'],
			responseStreamingSupported: true,
			customizationsSupported: [],
			inferenceTypesSupported: ['ON_DEMAND'],
			modelLifecycle: {status: 'ACTIVE'},
		});
		expect(fake.state.log.map((l) => [l.operation, l.region, l.status])).toEqual([
			['ListFoundationModels', 'us-east-1', 200],
			['ListFoundationModels', 'eu-central-1', 200],
			['ListFoundationModels', 'ca-central-1', 200],
			['ListFoundationModels', 'ca-central-1', 200],
			['ListFoundationModels', 'eu-west-1', 200],
		]);
	});

	it.each<[ListFoundationModelsCommandInput, number]>([
		// Runtime serves these in-region (ON_DEMAND): the 4 gpt-oss (their Responses API is Mantle's /v1) and the 3 GPT-5.6.
		[{byProvider: 'openai', byOutputModality: 'TEXT', byInferenceType: 'ON_DEMAND'}, 7],
		[{byProvider: 'Meta'}, 0],
		[{byOutputModality: 'IMAGE'}, 0],
		[{byInferenceType: 'PROVISIONED'}, 0],
		[{byCustomizationType: 'FINE_TUNING'}, 0],
	])('filters %j to %i models', async (input, count) => {
		const fake = await fakeAws();
		expect(await listIds(fake, 'us-east-1', input)).toHaveLength(count);
	});

	it('refuses a filter outside its enum or pattern with ValidationException (400), every problem named', async () => {
		const fake = await fakeAws();
		const one = await failure(fake, client(fake).send(new ListFoundationModelsCommand({byOutputModality: 'VIDEO' as never})));
		expect(one).toMatchObject({
			name: 'ValidationException',
			$fault: 'client',
			$metadata: {httpStatusCode: 400},
			message: "1 validation error detected: Value 'VIDEO' at 'byOutputModality' failed to satisfy constraint: Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]",
		});
		const two = await failure(fake, client(fake).send(new ListFoundationModelsCommand({byProvider: 'Open_AI!', byInferenceType: 'SPOT' as never})));
		expect(two.message).toBe(
			"2 validation errors detected: Value 'Open_AI!' at 'byProvider' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[A-Za-z0-9- ]{1,63}$; Value 'SPOT' at 'byInferenceType' failed to satisfy constraint: Member must satisfy enum value set: [ON_DEMAND, PROVISIONED]",
		);
	});
});

describe('GetFoundationModel', () => {
	it('finds a model by its percent-encoded id or by its ARN in this region', async () => {
		const fake = await fakeAws();
		const byId = await client(fake).send(new GetFoundationModelCommand({modelIdentifier: GPT_OSS}));
		expect(byId.modelDetails).toMatchObject({modelId: GPT_OSS, modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${GPT_OSS}`, providerName: 'OpenAI'});
		const byArn = await client(fake).send(new GetFoundationModelCommand({modelIdentifier: `arn:aws:bedrock:us-east-1::foundation-model/${GPT_OSS}`}));
		expect(byArn.modelDetails?.modelId).toBe(GPT_OSS);
	});

	it.each([
		['a Mantle id', 'openai.gpt-oss-120b', 'us-east-1'],
		['an unknown id', 'openai.gpt-9', 'us-east-1'],
		['a model not offered in the region', 'openai.gpt-5.5', 'eu-central-1'],
		["another region's ARN", `arn:aws:bedrock:eu-west-1::foundation-model/${GPT_OSS}`, 'us-east-1'],
	])('404s %s with ResourceNotFoundException', async (_label, modelIdentifier, region) => {
		const fake = await fakeAws();
		const error = await failure(fake, client(fake, region).send(new GetFoundationModelCommand({modelIdentifier})));
		expect(error).toMatchObject({name: 'ResourceNotFoundException', $fault: 'client', $metadata: {httpStatusCode: 404}, message: NOT_FOUND});
	});
});

describe('GetFoundationModelAvailability', () => {
	const pendingAndOutOfRegion = () => {
		const scenario = getScenario('happy');
		const models = scenario.regions['us-east-1']!.models;
		const find = (id: string) => models.find((m) => m.runtimeId === id)!;
		find(GPT_OSS).availability = {...find(GPT_OSS).availability, agreement: 'PENDING'};
		const twenty: ModelFixture = find('openai.gpt-oss-20b-1:0');
		twenty.availability = {...twenty.availability, region: 'NOT_AVAILABLE'};
		return scenario;
	};

	it.each([
		['happy', GPT_OSS, {authorizationStatus: 'AUTHORIZED', entitlementAvailability: 'AVAILABLE', regionAvailability: 'AVAILABLE', agreementAvailability: {status: 'AVAILABLE'}}],
		['no-model-access', GPT_OSS, {authorizationStatus: 'NOT_AUTHORIZED', entitlementAvailability: 'AVAILABLE', agreementAvailability: {status: 'NOT_AVAILABLE'}}],
		['agreement-needed', GPT_OSS, {authorizationStatus: 'AUTHORIZED', entitlementAvailability: 'NOT_AVAILABLE', agreementAvailability: {status: 'NOT_AVAILABLE'}}],
		['marketplace-denied', GPT_OSS, {entitlementAvailability: 'NOT_AVAILABLE', agreementAvailability: {status: 'ERROR', errorMessage: expect.stringContaining('aws-marketplace')}}],
		['a pending agreement', GPT_OSS, {agreementAvailability: {status: 'PENDING'}}],
		['a model not available in the region', 'openai.gpt-oss-20b-1:0', {regionAvailability: 'NOT_AVAILABLE'}],
	])('%s', async (scenario, modelId, expected) => {
		const fake = await fakeAws({scenario: scenario.includes(' ') ? pendingAndOutOfRegion() : scenario});
		const answer = await client(fake).send(new GetFoundationModelAvailabilityCommand({modelId}));
		expect(answer).toMatchObject({modelId, ...expected});
		expect(answer.agreementAvailability?.errorMessage === undefined).toBe(answer.agreementAvailability?.status !== 'ERROR');
	});

	it('404s a model the region does not offer', async () => {
		const fake = await fakeAws({scenario: 'region-without-openai'});
		const error = await failure(fake, client(fake).send(new GetFoundationModelAvailabilityCommand({modelId: GPT_OSS})));
		expect(error).toMatchObject({name: 'ResourceNotFoundException', $metadata: {httpStatusCode: 404}, message: NOT_FOUND});
		expect((await client(fake, 'eu-west-1').send(new GetFoundationModelAvailabilityCommand({modelId: GPT_OSS}))).regionAvailability).toBe('AVAILABLE');
	});
});

describe('agreements', () => {
	it('agreement-needed: offers, then CreateFoundationModelAgreement (202), after which the model is available in that region only', async () => {
		const fake = await fakeAws({scenario: 'agreement-needed'});
		const bedrock = client(fake);
		const offers = await bedrock.send(new ListFoundationModelAgreementOffersCommand({modelId: GPT_OSS, offerType: 'PUBLIC'}));
		expect(offers.modelId).toBe(GPT_OSS);
		const [offer] = offers.offers ?? [];
		expect(offer).toMatchObject({
			offerToken: expect.any(String),
			termDetails: {usageBasedPricingTerm: {rateCard: [{dimension: 'Input tokens', price: '0.15', unit: 'USD'}, {dimension: 'Output tokens', price: '0.60'}]}, legalTerm: {url: expect.stringMatching(/^https:\/\//)}},
		});
		const created = await bedrock.send(new CreateFoundationModelAgreementCommand({modelId: GPT_OSS, offerToken: offer!.offerToken!}));
		expect(created).toMatchObject({modelId: GPT_OSS, $metadata: {httpStatusCode: 202}});
		expect(fake.state.agreements).toEqual(new Set([`us-east-1|${GPT_OSS}`]));
		const after = await bedrock.send(new GetFoundationModelAvailabilityCommand({modelId: GPT_OSS}));
		expect(after).toMatchObject({agreementAvailability: {status: 'AVAILABLE'}, entitlementAvailability: 'AVAILABLE'});
		const elsewhere = await client(fake, 'us-west-2').send(new GetFoundationModelAvailabilityCommand({modelId: GPT_OSS}));
		expect(elsewhere.agreementAvailability?.status).toBe('NOT_AVAILABLE');
	});

	it('agreement-pending: a new agreement is PENDING with no entitlement for a while, a second create is refused, then it is active', async () => {
		let now = Date.now();
		const fake = await fakeAws({scenario: 'agreement-pending', now: () => now});
		const bedrock = client(fake);
		const token = (await bedrock.send(new ListFoundationModelAgreementOffersCommand({modelId: GPT_OSS}))).offers![0]!.offerToken!;
		await bedrock.send(new CreateFoundationModelAgreementCommand({modelId: GPT_OSS, offerToken: token}));
		expect(await bedrock.send(new GetFoundationModelAvailabilityCommand({modelId: GPT_OSS}))).toMatchObject({agreementAvailability: {status: 'PENDING'}, entitlementAvailability: 'NOT_AVAILABLE'});
		expect(await failure(fake, bedrock.send(new CreateFoundationModelAgreementCommand({modelId: GPT_OSS, offerToken: token})))).toMatchObject({name: 'ConflictException'});
		now += 45_000;
		expect(await bedrock.send(new GetFoundationModelAvailabilityCommand({modelId: GPT_OSS}))).toMatchObject({agreementAvailability: {status: 'AVAILABLE'}, entitlementAvailability: 'AVAILABLE'});
	});

	it('refuses a forged token, a token for another region, a missing field, a second agreement, an unknown model', async () => {
		const fake = await fakeAws({scenario: 'agreement-needed'});
		const bedrock = client(fake);
		const tokenFor = async (region: string) => (await client(fake, region).send(new ListFoundationModelAgreementOffersCommand({modelId: GPT_OSS}))).offers![0]!.offerToken!;
		const create = (input: {modelId: string; offerToken: string}) => failure(fake, bedrock.send(new CreateFoundationModelAgreementCommand(input)));
		expect(await create({modelId: GPT_OSS, offerToken: 'forged'})).toMatchObject({name: 'ValidationException', $metadata: {httpStatusCode: 400}, message: 'The provided offer token is not valid for this model.'});
		expect(await create({modelId: GPT_OSS, offerToken: await tokenFor('eu-west-1')})).toMatchObject({name: 'ValidationException'});
		expect(await create({modelId: GPT_OSS, offerToken: ''})).toMatchObject({name: 'ValidationException', message: "1 validation error detected: Value null at 'offerToken' failed to satisfy constraint: Member must not be null"});
		expect(await create({modelId: 'openai.gpt-9', offerToken: 'x'})).toMatchObject({name: 'ResourceNotFoundException', $metadata: {httpStatusCode: 404}});
		await bedrock.send(new CreateFoundationModelAgreementCommand({modelId: GPT_OSS, offerToken: await tokenFor('us-east-1')}));
		expect(await create({modelId: GPT_OSS, offerToken: await tokenFor('us-east-1')})).toMatchObject({name: 'ConflictException', $fault: 'client', $metadata: {httpStatusCode: 400}});
	});

	it('refuses an offerType outside ALL|PUBLIC, and offers for an unknown model', async () => {
		const fake = await fakeAws();
		const error = await failure(fake, client(fake).send(new ListFoundationModelAgreementOffersCommand({modelId: GPT_OSS, offerType: 'PRIVATE' as never})));
		expect(error).toMatchObject({name: 'ValidationException', message: "1 validation error detected: Value 'PRIVATE' at 'offerType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, PUBLIC]"});
		expect(await failure(fake, client(fake).send(new ListFoundationModelAgreementOffersCommand({modelId: 'nope.nope'})))).toMatchObject({name: 'ResourceNotFoundException'});
	});

	it('marketplace-denied: CreateFoundationModelAgreement is an AccessDeniedException naming the Marketplace actions', async () => {
		const fake = await fakeAws({scenario: 'marketplace-denied'});
		const bedrock = client(fake);
		const offer = (await bedrock.send(new ListFoundationModelAgreementOffersCommand({modelId: GPT_OSS}))).offers![0]!;
		const error = await failure(fake, bedrock.send(new CreateFoundationModelAgreementCommand({modelId: GPT_OSS, offerToken: offer.offerToken!})));
		expect(error).toMatchObject({name: 'AccessDeniedException', $fault: 'client', $metadata: {httpStatusCode: 403}, message: expect.stringContaining('(aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe)')});
		expect(toFailure(error)).toMatchObject({code: 'aws.AccessDeniedException', httpStatus: 403, requestId: error.$metadata.requestId});
		expect(fake.state.agreements.size).toBe(0);
	});
});

describe('scenarios on the control plane', () => {
	it('bedrock-iam-denied: listing and availability are AccessDeniedException naming the missing action', async () => {
		const fake = await fakeAws({scenario: 'bedrock-iam-denied'});
		const list = await failure(fake, client(fake).send(new ListFoundationModelsCommand({})));
		expect(list).toMatchObject({name: 'AccessDeniedException', $metadata: {httpStatusCode: 403}, message: expect.stringContaining('is not authorized to perform: bedrock:ListFoundationModels because no identity-based policy allows')});
		const availability = await failure(fake, client(fake).send(new GetFoundationModelAvailabilityCommand({modelId: GPT_OSS})));
		expect(availability.message).toContain('bedrock:GetFoundationModelAvailability');
	});

	it('region-without-openai: us-east-1 lists nothing, other regions are unchanged', async () => {
		const fake = await fakeAws({scenario: 'region-without-openai'});
		expect(await listIds(fake, 'us-east-1', {byProvider: 'OpenAI'})).toEqual([]);
		expect(await listIds(fake, 'us-east-2', {byProvider: 'OpenAI'})).toContain(GPT_OSS);
	});

	it('expired-token: credentials issued with the scenario lifetime are refused as expired', async () => {
		const fake = await fakeAws({scenario: 'expired-token'});
		const credentials = credentialsFor(fake, {ttlSeconds: fake.scenario.sso.roleCredentialsTtlSeconds});
		const error = await failure(fake, client(fake, 'us-east-1', {credentials}).send(new ListFoundationModelsCommand({})));
		expect(error).toMatchObject({name: 'ExpiredTokenException', $metadata: {httpStatusCode: 403}, message: 'The security token included in the request is expired'});
	});

	it('throttled: the default retry strategy retries ThrottlingException (429) twice and succeeds', async () => {
		const fake = await fakeAws({scenario: 'throttled'});
		const bedrock = new BedrockClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), credentials: credentialsFor(fake)});
		const answer = await withoutBackoff(() => bedrock.send(new ListFoundationModelsCommand({byProvider: 'OpenAI'})));
		expect(answer.modelSummaries?.length).toBeGreaterThan(0);
		expect(answer.$metadata.attempts).toBe(3);
		expect(fake.state.log.map((l) => l.status)).toEqual([429, 429, 200]);
	});

	it('throttled: with maxAttempts 1 the ThrottlingException surfaces, and only the first two calls are throttled', async () => {
		const fake = await fakeAws({scenario: 'throttled'});
		const error = await failure(fake, client(fake).send(new ListFoundationModelsCommand({})));
		expect(error).toMatchObject({name: 'ThrottlingException', $fault: 'client', $metadata: {httpStatusCode: 429, attempts: 1}, message: 'Too many requests, please wait before trying again.'});
		await refused(client(fake).send(new ListFoundationModelsCommand({})));
		await expect(client(fake).send(new ListFoundationModelsCommand({}))).resolves.toMatchObject({$metadata: {httpStatusCode: 200}});
	});

	it('region-timeout: eu-central-1 never answers, which is a time-out; close() still ends promptly', async () => {
		const fake = await fakeAws({scenario: 'region-timeout'});
		const requestHandler = new NodeHttpHandler({requestTimeout: 50, throwOnRequestTimeout: true});
		const error = await refused(client(fake, 'eu-central-1', {requestHandler}).send(new ListFoundationModelsCommand({byProvider: 'OpenAI'})));
		expect(error.name).toBe('TimeoutError');
		expect(toFailure(error).code).toBe('node.ETIMEDOUT');
		expect(fake.state.log).toEqual([{operation: 'ListFoundationModels', region: 'eu-central-1', status: 0, requestId: expect.any(String)}]);
		expect(await listIds(fake, 'eu-west-1')).toContain(GPT_OSS);
		await fake.close();
	});
});

describe('endpoints and regions', () => {
	it('AWS_ENDPOINT_URL_BEDROCK from env() is enough: the region comes from the signature', async () => {
		const fake = await fakeAws();
		process.env['AWS_ENDPOINT_URL_BEDROCK'] = fake.env()['AWS_ENDPOINT_URL_BEDROCK'];
		try {
			const bedrock = new BedrockClient({region: 'eu-central-1', credentials: credentialsFor(fake), maxAttempts: 1});
			expect((await bedrock.send(new ListFoundationModelsCommand({}))).modelSummaries?.map((m) => m.modelId).slice(0, 2)).toEqual([GPT_OSS, 'openai.gpt-oss-20b-1:0']);
		} finally {
			delete process.env['AWS_ENDPOINT_URL_BEDROCK'];
		}
		expect(fake.state.log.at(-1)).toMatchObject({region: 'eu-central-1', status: 200});
	});

	it('a region the scenario does not have is an endpoint that does not exist, said loudly', async () => {
		const fake = await fakeAws();
		const error = await failure(fake, client(fake, 'ap-east-1').send(new ListFoundationModelsCommand({})));
		expect(error).toMatchObject({name: 'UnknownOperationException', $metadata: {httpStatusCode: 404}, message: expect.stringMatching(/^\[fake-aws\] bedrock\.ap-east-1\.amazonaws\.com does not exist in scenario "happy"/)});
	});

	it('the Date header follows the simulated clock, so the SDK corrects its skew and retries by itself', async () => {
		const hourAhead = () => Date.now() + 3600_000;
		const fake = await fakeAws({now: hourAhead});
		const bedrock = new BedrockClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), credentials: credentialsFor(fake, {now: hourAhead()})});
		const answer = await withoutBackoff(() => bedrock.send(new ListFoundationModelsCommand({})));
		expect(answer.$metadata.attempts).toBe(2);
		expect(fake.state.log.map((l) => l.status)).toEqual([403, 200]);
	});
});

describe('signatures the control plane refuses', () => {
	/** A request handler that changes the body after the SDK signed it, keeping its length. */
	class Tampering extends NodeHttpHandler {
		override handle(request: HttpRequest, options?: Parameters<NodeHttpHandler['handle']>[1]) {
			const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
			if (!body.includes('gpt-oss-120b')) throw new Error(`nothing to tamper with in ${body}`);
			request.body = body.replace('gpt-oss-120b', 'gpt-oss-020b');
			return super.handle(request, options);
		}
	}

	it.each<[string, (fake: FakeAws) => Partial<BedrockClientConfig>, string, number, string | RegExp]>([
		['signed for another service', () => ({signingName: 'bedrock-mantle'}) as Partial<BedrockClientConfig>, 'InvalidSignatureException', 403, "Credential should be scoped to correct service: 'bedrock'. "],
		['signed for another region', (fake) => ({region: 'eu-west-1', endpoint: fake.endpointFor('us-east-1')}), 'InvalidSignatureException', 403, "Credential should be scoped to a valid region, not 'eu-west-1'. "],
		['signed 20 minutes ago', () => ({systemClockOffset: -20 * 60_000}), 'InvalidSignatureException', 403, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/],
		['signed 20 minutes ahead', () => ({systemClockOffset: 20 * 60_000}), 'InvalidSignatureException', 403, /^Signature not yet current: /],
		['signed with a wrong secret', (fake) => ({credentials: {...credentialsFor(fake), secretAccessKey: 'wrong'}}), 'InvalidSignatureException', 403, MISMATCH],
		['with a body changed after signing', () => ({requestHandler: new Tampering()}), 'InvalidSignatureException', 403, MISMATCH],
		['with an unknown key', () => ({credentials: {accessKeyId: 'AKIDFAKEUNKNOWN', secretAccessKey: 'x'}}), 'UnrecognizedClientException', 403, 'The security token included in the request is invalid.'],
		['without its session token', (fake) => ({credentials: {...credentialsFor(fake), sessionToken: undefined}}) as Partial<BedrockClientConfig>, 'UnrecognizedClientException', 403, 'The security token included in the request is invalid.'],
		["with another key's session token", (fake) => ({credentials: {...credentialsFor(fake), sessionToken: credentialsFor(fake).sessionToken}}), 'UnrecognizedClientException', 403, 'The security token included in the request is invalid.'],
		['with expired credentials', (fake) => ({credentials: credentialsFor(fake, {ttlSeconds: -1})}), 'ExpiredTokenException', 403, 'The security token included in the request is expired'],
	])('a request %s is refused', async (_label, config, name, status, message) => {
		const fake = await fakeAws({scenario: 'agreement-needed'});
		const bedrock = client(fake, 'us-east-1', config(fake));
		const error = await failure(fake, bedrock.send(new CreateFoundationModelAgreementCommand({modelId: GPT_OSS, offerToken: 'token'})));
		expect(error).toMatchObject({name, $metadata: {httpStatusCode: status}});
		expect(error.message).toMatch(message instanceof RegExp ? message : new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
		expect(fake.state.agreements.size).toBe(0);
	});

	it('a request with no signature at all: MissingAuthenticationTokenException', async () => {
		const fake = await fakeAws();
		const response = await fetch(`${fake.endpointFor('us-east-1')}/foundation-models`);
		expect(response.status).toBe(403);
		expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
		expect(response.headers.get('x-amzn-requestid')).toBe(fake.state.log.at(-1)?.requestId);
		expect(await response.json()).toEqual({message: 'Missing Authentication Token'});
	});
});

describe('ListInferenceProfiles and Runtime (the shapes of @aws-sdk/client-bedrock and the requests Codex sends)', () => {
	it('lists a region\'s system-defined profiles through the real client, paged, with AWS\'s fields', async () => {
		const {ListInferenceProfilesCommand, paginateListInferenceProfiles} = await import('@aws-sdk/client-bedrock');
		const fake = await fakeAws();
		const us = client(fake, 'us-east-1');
		const pages: string[][] = [];
		for await (const page of paginateListInferenceProfiles({client: us, pageSize: 5}, {typeEquals: 'SYSTEM_DEFINED'})) pages.push((page.inferenceProfileSummaries ?? []).map((p) => p.inferenceProfileId!));
		expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 1]);
		expect(pages.flat().filter((id) => id.startsWith('us.'))).toHaveLength(8);
		const [first] = (await us.send(new ListInferenceProfilesCommand({maxResults: 1}))).inferenceProfileSummaries ?? [];
		expect(first).toEqual({
			inferenceProfileName: 'Global GPT-6.1 Sol',
			description: expect.stringContaining('Routes requests to Global GPT-6.1 Sol'),
			inferenceProfileArn: 'arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.openai.gpt-6.1-sol',
			models: expect.arrayContaining([{modelArn: 'arn:aws:bedrock:ca-central-1::foundation-model/openai.gpt-6.1-sol'}]),
			inferenceProfileId: 'global.openai.gpt-6.1-sol',
			status: 'ACTIVE',
			type: 'SYSTEM_DEFINED',
		});
		const ca = (await client(fake, 'ca-central-1').send(new ListInferenceProfilesCommand({}))).inferenceProfileSummaries ?? [];
		expect(ca.map((p) => p.inferenceProfileId).every((id) => id!.startsWith('global.'))).toBe(true);
		expect((await client(fake, 'us-east-1').send(new ListInferenceProfilesCommand({typeEquals: 'APPLICATION'}))).inferenceProfileSummaries).toEqual([]);
		const bad = await failure(fake, us.send(new ListInferenceProfilesCommand({maxResults: 5000})));
		expect(bad).toMatchObject({name: 'ValidationException', $metadata: {httpStatusCode: 400}});
	});
});
