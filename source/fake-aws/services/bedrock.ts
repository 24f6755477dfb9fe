// The Bedrock control plane (bedrock.<region>.amazonaws.com): restJson1, SigV4 signing name "bedrock".
// ListFoundationModels (with its four filters), GetFoundationModel, GetFoundationModelAvailability,
// ListFoundationModelAgreementOffers, CreateFoundationModelAgreement and ListInferenceProfiles (the
// region's system-defined cross-Region profiles; wire shape from the client-bedrock schema:
// GET /inference-profiles?maxResults&nextToken&type), over the scenario's per-region
// catalogue. Wire shapes and error statuses follow the client-bedrock schema (shared/reference/bedrock.md §1).
import {json, jsonError} from '../respond.js';
import type {FakeRequest, FakeResponse, FakeWorld, Handler, ModelFixture} from '../types.js';
import {gate, type ErrorBuilder, type SignedService} from './signed.js';

const restJsonError: ErrorBuilder = (world, operation, region, status, type, message) => jsonError(world, status, type, message, {operation, region});

const CONTROL_PLANE: SignedService = {
	signingName: 'bedrock',
	host: (region) => `bedrock.${region}.amazonaws.com`,
	// Every region in a scenario has the control plane; only its catalogue differs.
	servedIn: () => true,
	error: restJsonError,
	unreachableType: 'UnknownOperationException',
};

/** Enum members of the ListFoundationModels filters, in the order AWS lists them in its messages. */
const FILTER_ENUMS: Record<string, readonly string[]> = {
	byCustomizationType: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'],
	byOutputModality: ['TEXT', 'IMAGE', 'EMBEDDING'],
	byInferenceType: ['ON_DEMAND', 'PROVISIONED'],
};
/** byProvider's pattern in the API reference (API_ListFoundationModels). */
const PROVIDER_PATTERN = '^[A-Za-z0-9- ]{1,63}$';

/**
 * The message for an identifier the region does not know. Inferred: the text Bedrock gives for an
 * unresolvable model identifier (aws-samples/Serverless-Retrieval-Augmented-Generation-RAG-on-AWS#28).
 */
const NOT_FOUND = 'Could not resolve the foundation model from the provided model identifier.';

interface Route {
	operation: string;
	modelId?: string;
}

function decodeSegment(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

function routeOf({method, path}: FakeRequest): Route | undefined {
	if (method === 'GET' && path === '/foundation-models') return {operation: 'ListFoundationModels'};
	if (method === 'GET' && path === '/inference-profiles') return {operation: 'ListInferenceProfiles'};
	if (method === 'POST' && path === '/create-foundation-model-agreement') return {operation: 'CreateFoundationModelAgreement'};
	if (method === 'GET' && path === '/logging/modelinvocations') return {operation: 'GetModelInvocationLoggingConfiguration'};
	const labelled: Array<[RegExp, string]> = [
		[/^\/foundation-models\/([^/]+)$/, 'GetFoundationModel'],
		[/^\/foundation-model-availability\/([^/]+)$/, 'GetFoundationModelAvailability'],
		[/^\/list-foundation-model-agreement-offers\/([^/]+)$/, 'ListFoundationModelAgreementOffers'],
	];
	if (method !== 'GET') return undefined;
	for (const [pattern, operation] of labelled) {
		const m = pattern.exec(path);
		if (m) return {operation, modelId: decodeSegment(m[1]!)};
	}
	return undefined;
}

/** "N validation error(s) detected: ...", AWS's wording for failed input constraints. */
function validationMessage(problems: string[]): string {
	return `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`;
}

function filterProblems(query: URLSearchParams): string[] {
	const problems: string[] = [];
	const provider = query.get('byProvider');
	if (provider !== null && !new RegExp(PROVIDER_PATTERN).test(provider)) {
		problems.push(`Value '${provider}' at 'byProvider' failed to satisfy constraint: Member must satisfy regular expression pattern: ${PROVIDER_PATTERN}`);
	}
	for (const [name, members] of Object.entries(FILTER_ENUMS)) {
		const value = query.get(name);
		if (value !== null && !members.includes(value)) {
			problems.push(`Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${members.join(', ')}]`);
		}
	}
	return problems;
}

/** The fake's models are text-in, text-out, on-demand only, and support no customization. */
function matchesFilters(model: ModelFixture, query: URLSearchParams): boolean {
	// byInferenceType=ON_DEMAND keeps the models Runtime serves in-region (inferenceTypes below).
	const provider = query.get('byProvider');
	const output = query.get('byOutputModality');
	const inference = query.get('byInferenceType');
	return (
		(provider === null || model.provider.toLowerCase() === provider.toLowerCase()) &&
		(output === null || output === 'TEXT') &&
		(inference === null || (inference === 'ON_DEMAND' && model.runtime === true)) &&
		query.get('byCustomizationType') === null
	);
}

function modelArn(region: string, modelId: string): string {
	return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

/**
 * How a model can be invoked from this region: ON_DEMAND when Runtime serves it in-region,
 * INFERENCE_PROFILE when only a cross-Region profile reaches it (as AWS lists profile-only models), none for
 * a model only Mantle serves. (Inferred: AWS's model cards say per endpoint; the control plane has no field
 * naming Mantle.)
 */
function inferenceTypes(world: FakeWorld, region: string, model: ModelFixture): string[] {
	if (model.runtime) return ['ON_DEMAND'];
	if ((world.scenario.regions[region]?.profiles ?? []).some((p) => p.modelId === model.runtimeId)) return ['INFERENCE_PROFILE'];
	return [];
}

/** FoundationModelSummary, which FoundationModelDetails repeats field for field. */
function summary(world: FakeWorld, region: string, model: ModelFixture) {
	return {
		modelArn: modelArn(region, model.runtimeId!),
		modelId: model.runtimeId,
		modelName: model.name,
		providerName: model.provider,
		inputModalities: ['TEXT'],
		outputModalities: ['TEXT'],
		responseStreamingSupported: true,
		customizationsSupported: [],
		inferenceTypesSupported: inferenceTypes(world, region, model),
		modelLifecycle: {status: model.lifecycle ?? 'ACTIVE'},
	};
}

/** The control plane lists a model by its Runtime id; Mantle-only fixtures (no runtimeId) are not here. */
function catalogue(world: FakeWorld, region: string): ModelFixture[] {
	return (world.scenario.regions[region]?.models ?? []).filter((m) => m.runtimeId);
}

/** Find a model by id or by its foundation-model ARN (which must name this region). */
function findModel(world: FakeWorld, region: string, identifier: string | undefined): ModelFixture | undefined {
	if (!identifier) return undefined;
	const arn = /^arn:aws:bedrock:([a-z0-9-]+)::foundation-model\/(.+)$/.exec(identifier);
	if (arn && arn[1] !== region) return undefined;
	const id = arn ? arn[2] : identifier;
	return catalogue(world, region).find((m) => m.runtimeId === id);
}

const agreementKey = (region: string, model: ModelFixture) => `${region}|${model.runtimeId}`;

function agreementStatus(world: FakeWorld, region: string, model: ModelFixture): ModelFixture['availability']['agreement'] {
	const key = agreementKey(region, model);
	if (!world.state.agreements.has(key)) return model.availability.agreement;
	// A new agreement is PENDING for a while before it is active (AWS: the subscription takes minutes).
	const created = world.state.agreementsCreatedAt?.get(key);
	const activation = world.scenario.agreementActivationMs ?? 0;
	return created !== undefined && world.now() < created + activation ? 'PENDING' : 'AVAILABLE';
}

function availability(world: FakeWorld, region: string, model: ModelFixture) {
	const agreed = agreementStatus(world, region, model) === 'AVAILABLE' && world.state.agreements.has(agreementKey(region, model));
	const status = agreementStatus(world, region, model);
	return {
		modelId: model.runtimeId,
		agreementAvailability: {
			status,
			...(status === 'ERROR' ? {errorMessage: 'The AWS Marketplace subscription for this model could not be completed. Check the aws-marketplace permissions of the caller.'} : {}),
		},
		authorizationStatus: model.availability.authorization,
		// The Marketplace entitlement comes with the agreement.
		entitlementAvailability: agreed ? 'AVAILABLE' : model.availability.entitlement,
		regionAvailability: model.availability.region,
	};
}

/** An opaque offer token that names region and model, so CreateFoundationModelAgreement can check it. */
function offerToken(region: string, model: ModelFixture): string {
	return `fake-offer-token-${Buffer.from(`${region}|${model.runtimeId}`).toString('base64url')}`;
}

/** USD per 1M tokens, in/out (shared/reference/bedrock.md §2); a model not listed here shows 0. */
const RATES: Record<string, [string, string]> = {
	'gpt-oss-120b': ['0.15', '0.60'],
	'gpt-oss-20b': ['0.07', '0.30'],
	'gpt-oss-safeguard-120b': ['0.15', '0.60'],
	'gpt-oss-safeguard-20b': ['0.07', '0.30'],
	'GPT-5.5': ['5.50', '33.00'],
	'GPT-5.4': ['2.75', '16.50'],
};

function offers(region: string, model: ModelFixture) {
	const [input, output] = RATES[model.name] ?? ['0', '0'];
	return [
		{
			offerId: `offer-${model.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-public`,
			offerToken: offerToken(region, model),
			termDetails: {
				usageBasedPricingTerm: {
					rateCard: [
						{dimension: 'Input tokens', price: input, description: 'USD per 1M input tokens', unit: 'USD'},
						{dimension: 'Output tokens', price: output, description: 'USD per 1M output tokens', unit: 'USD'},
					],
				},
				legalTerm: {url: 'https://aws.amazon.com/legal/bedrock/third-party-models/'},
				supportTerm: {refundPolicyDescription: 'Usage already billed is not refunded.'},
				validityTerm: {agreementDuration: 'P1Y'},
			},
		},
	];
}

type Operation = (request: FakeRequest, world: FakeWorld, region: string, route: Route) => FakeResponse;

const notFound = (world: FakeWorld, operation: string, region: string) => restJsonError(world, operation, region, 404, 'ResourceNotFoundException', NOT_FOUND);

const listFoundationModels: Operation = (request, world, region, {operation}) => {
	const problems = filterProblems(request.query);
	if (problems.length > 0) return restJsonError(world, operation, region, 400, 'ValidationException', validationMessage(problems));
	const listed = catalogue(world, region).filter((m) => matchesFilters(m, request.query));
	return json(world, operation, region, 200, {modelSummaries: listed.map((m) => summary(world, region, m))});
};

const getFoundationModel: Operation = (_request, world, region, {operation, modelId}) => {
	const model = findModel(world, region, modelId);
	return model ? json(world, operation, region, 200, {modelDetails: summary(world, region, model)}) : notFound(world, operation, region);
};

const getFoundationModelAvailability: Operation = (_request, world, region, {operation, modelId}) => {
	const model = findModel(world, region, modelId);
	return model ? json(world, operation, region, 200, availability(world, region, model)) : notFound(world, operation, region);
};

const listAgreementOffers: Operation = (request, world, region, {operation, modelId}) => {
	const offerType = request.query.get('offerType');
	if (offerType !== null && offerType !== 'ALL' && offerType !== 'PUBLIC') {
		const problem = `Value '${offerType}' at 'offerType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, PUBLIC]`;
		return restJsonError(world, operation, region, 400, 'ValidationException', validationMessage([problem]));
	}
	const model = findModel(world, region, modelId);
	if (!model) return notFound(world, operation, region);
	return json(world, operation, region, 200, {modelId: model.runtimeId, offers: offers(region, model)});
};

const createAgreement: Operation = (request, world, region, {operation}) => {
	let input: {modelId?: unknown; offerToken?: unknown};
	try {
		input = JSON.parse(request.body.toString('utf8') || '{}') as typeof input;
	} catch {
		return restJsonError(world, operation, region, 400, 'SerializationException', 'Start of structure or map found where not expected.');
	}
	const problems = (['offerToken', 'modelId'] as const)
		.filter((field) => typeof input[field] !== 'string' || !input[field])
		.map((field) => `Value null at '${field}' failed to satisfy constraint: Member must not be null`);
	if (problems.length > 0) return restJsonError(world, operation, region, 400, 'ValidationException', validationMessage(problems));
	const model = findModel(world, region, input.modelId as string);
	if (!model) return notFound(world, operation, region);
	if (input.offerToken !== offerToken(region, model)) {
		// Inferred wording: AWS's text for a forged or foreign offer token is not known.
		return restJsonError(world, operation, region, 400, 'ValidationException', 'The provided offer token is not valid for this model.');
	}
	if (agreementStatus(world, region, model) === 'AVAILABLE' || world.state.agreements.has(agreementKey(region, model))) {
		// ConflictException is one of this operation's declared errors; inferred use: the agreement already
		// exists (active, or still PENDING: creating it twice is refused too).
		return restJsonError(world, operation, region, 400, 'ConflictException', `An agreement for the model ${model.runtimeId} already exists.`);
	}
	world.state.agreements.add(agreementKey(region, model));
	(world.state.agreementsCreatedAt ??= new Map()).set(agreementKey(region, model), world.now());
	return json(world, operation, region, 202, {modelId: model.runtimeId});
};

/** GET /logging/modelinvocations: {loggingConfig} when configured in the region, {} otherwise (the output member is optional). */
const getLoggingConfiguration: Operation = (_request, world, region, {operation}) => {
	const config = world.scenario.team?.invocationLogging[region];
	return json(world, operation, region, 200, config ? {loggingConfig: config} : {});
};

/** ListInferenceProfiles: maxResults 1-1000 (default: all), an opaque nextToken, type SYSTEM_DEFINED | APPLICATION. */
const listInferenceProfiles = (request: FakeRequest, world: FakeWorld, region: string, {operation}: Route, account: string): FakeResponse => {
	const problems: string[] = [];
	const type = request.query.get('type');
	if (type !== null && type !== 'SYSTEM_DEFINED' && type !== 'APPLICATION') problems.push(`Value '${type}' at 'typeEquals' failed to satisfy constraint: Member must satisfy enum value set: [SYSTEM_DEFINED, APPLICATION]`);
	const maxRaw = request.query.get('maxResults');
	const max = maxRaw === null ? 1000 : Number(maxRaw);
	if (!Number.isInteger(max) || max < 1 || max > 1000) problems.push(`Value '${maxRaw}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`);
	if (problems.length > 0) return restJsonError(world, operation, region, 400, 'ValidationException', validationMessage(problems));
	// The fake has no application profiles: every profile is system-defined.
	const all = type === 'APPLICATION' ? [] : (world.scenario.regions[region]?.profiles ?? []);
	const token = request.query.get('nextToken');
	const start = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
	if (!Number.isInteger(start) || start < 0 || start > all.length) return restJsonError(world, operation, region, 400, 'ValidationException', 'The provided nextToken is not valid.');
	const page = all.slice(start, start + max);
	const next = start + max < all.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
	return json(world, operation, region, 200, {
		inferenceProfileSummaries: page.map((p) => ({
			inferenceProfileName: p.name,
			description: `Routes requests to ${p.name} in ${p.destinations.join(', ')}.`,
			inferenceProfileArn: `arn:aws:bedrock:${region}:${account}:inference-profile/${p.id}`,
			models: p.destinations.map((d) => ({modelArn: modelArn(d, p.modelId)})),
			inferenceProfileId: p.id,
			status: 'ACTIVE',
			type: 'SYSTEM_DEFINED',
		})),
		...(next ? {nextToken: next} : {}),
	});
};

const OPERATIONS: Record<string, Operation> = {
	GetModelInvocationLoggingConfiguration: getLoggingConfiguration,
	ListFoundationModels: listFoundationModels,
	GetFoundationModel: getFoundationModel,
	GetFoundationModelAvailability: getFoundationModelAvailability,
	ListFoundationModelAgreementOffers: listAgreementOffers,
	CreateFoundationModelAgreement: createAgreement,
};

export const bedrock: Handler = (request, world) => {
	const route = routeOf(request);
	if (!route) return undefined;
	const checked = gate(request, world, route.operation, CONTROL_PLANE);
	if (checked.response) return checked.response;
	if (route.operation === 'ListInferenceProfiles') return listInferenceProfiles(request, world, checked.region, route, checked.caller.accountId);
	return OPERATIONS[route.operation]!(request, world, checked.region, route);
};
