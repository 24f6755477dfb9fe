// The Bedrock control plane (bedrock.<region>.amazonaws.com), restJson1, SigV4 service "bedrock":
// ListFoundationModels (with its filters), GetFoundationModel, GetFoundationModelAvailability,
// ListFoundationModelAgreementOffers, CreateFoundationModelAgreement.
import {json, jsonError} from '../respond.js';
import type {FakeRequest, FakeWorld, Handler, ModelFixture} from '../types.js';
import {gate} from './signed.js';

const ENUMS: Record<string, string[]> = {
	byCustomizationType: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'],
	byOutputModality: ['TEXT', 'IMAGE', 'EMBEDDING'],
	byInferenceType: ['ON_DEMAND', 'PROVISIONED'],
};

function summary(region: string, model: ModelFixture) {
	return {
		modelArn: `arn:aws:bedrock:${region}::foundation-model/${model.runtimeId}`,
		modelId: model.runtimeId,
		modelName: model.name,
		providerName: model.provider,
		inputModalities: ['TEXT'],
		outputModalities: ['TEXT'],
		responseStreamingSupported: true,
		customizationsSupported: [],
		inferenceTypesSupported: ['ON_DEMAND'],
		modelLifecycle: {status: model.lifecycle ?? 'ACTIVE'},
	};
}

function decodeSegment(raw: string): string {
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

function routeOf(request: FakeRequest): {operation: string; modelId?: string} | undefined {
	const {method, path} = request;
	if (method === 'GET' && path === '/foundation-models') return {operation: 'ListFoundationModels'};
	let m = /^\/foundation-models\/([^/]+)$/.exec(path);
	if (method === 'GET' && m) return {operation: 'GetFoundationModel', modelId: decodeSegment(m[1]!)};
	m = /^\/foundation-model-availability\/([^/]+)$/.exec(path);
	if (method === 'GET' && m) return {operation: 'GetFoundationModelAvailability', modelId: decodeSegment(m[1]!)};
	m = /^\/list-foundation-model-agreement-offers\/([^/]+)$/.exec(path);
	if (method === 'GET' && m) return {operation: 'ListFoundationModelAgreementOffers', modelId: decodeSegment(m[1]!)};
	if (method === 'POST' && path === '/create-foundation-model-agreement') return {operation: 'CreateFoundationModelAgreement'};
	return undefined;
}

function offerToken(region: string, modelId: string): string {
	return `fake-offer-${Buffer.from(`${region}|${modelId}`).toString('base64url')}`;
}

function availability(world: FakeWorld, region: string, model: ModelFixture) {
	const agreed = world.state.agreements.has(`${region}|${model.runtimeId}`);
	const a = model.availability;
	return {
		modelId: model.runtimeId,
		agreementAvailability: {status: agreed ? 'AVAILABLE' : a.agreement, ...(a.agreement === 'ERROR' && !agreed ? {errorMessage: 'The AWS Marketplace subscription for this model could not be completed.'} : {})},
		authorizationStatus: a.authorization,
		entitlementAvailability: agreed ? 'AVAILABLE' : a.entitlement,
		regionAvailability: a.region,
	};
}

export const bedrock: Handler = (request, world) => {
	const route = routeOf(request);
	if (!route) return undefined;
	const {operation} = route;
	const checked = gate(request, world, operation, 'bedrock', 403);
	if (checked.response) return checked.response;
	const {region, fixture} = checked;
	const models = fixture.models.filter((m) => m.runtimeId);
	const find = (id: string | undefined) => models.find((m) => m.runtimeId === id);
	const notFound = (id: string) => jsonError(world, 404, 'ResourceNotFoundException', `The model ${id} does not exist.`, {operation, region});

	switch (operation) {
		case 'ListFoundationModels': {
			for (const [param, allowed] of Object.entries(ENUMS)) {
				const value = request.query.get(param);
				if (value !== null && !allowed.includes(value)) {
					return jsonError(world, 400, 'ValidationException', `1 validation error detected: Value '${value}' at '${param}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`, {operation, region});
				}
			}
			const provider = request.query.get('byProvider');
			const output = request.query.get('byOutputModality');
			const inference = request.query.get('byInferenceType');
			const customization = request.query.get('byCustomizationType');
			const listed = models.filter(
				(m) =>
					(!provider || m.provider.toLowerCase() === provider.toLowerCase()) &&
					(!output || output === 'TEXT') &&
					(!inference || inference === 'ON_DEMAND') &&
					!customization,
			);
			return json(world, operation, region, 200, {modelSummaries: listed.map((m) => summary(region, m))});
		}
		case 'GetFoundationModel': {
			const model = find(route.modelId);
			return model ? json(world, operation, region, 200, {modelDetails: summary(region, model)}) : notFound(route.modelId!);
		}
		case 'GetFoundationModelAvailability': {
			const model = find(route.modelId);
			return model ? json(world, operation, region, 200, availability(world, region, model)) : notFound(route.modelId!);
		}
		case 'ListFoundationModelAgreementOffers': {
			const model = find(route.modelId);
			if (!model) return notFound(route.modelId!);
			const offerType = request.query.get('offerType');
			if (offerType !== null && !['ALL', 'PUBLIC'].includes(offerType)) {
				return jsonError(world, 400, 'ValidationException', `1 validation error detected: Value '${offerType}' at 'offerType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, PUBLIC]`, {operation, region});
			}
			return json(world, operation, region, 200, {
				modelId: model.runtimeId,
				offers: [
					{
						offerId: `offer-${model.name}`,
						offerToken: offerToken(region, model.runtimeId!),
						termDetails: {
							usageBasedPricingTerm: {rateCard: [{dimension: 'input tokens', price: '0.15', description: 'per 1M input tokens', unit: 'USD'}, {dimension: 'output tokens', price: '0.60', description: 'per 1M output tokens', unit: 'USD'}]},
							legalTerm: {url: 'https://aws.amazon.com/legal/bedrock/third-party-models/'},
							supportTerm: {refundPolicyDescription: 'No refunds for usage already billed.'},
							validityTerm: {agreementDuration: 'P1Y'},
						},
					},
				],
			});
		}
		default: {
			let input: {modelId?: unknown; offerToken?: unknown};
			try {
				input = JSON.parse(request.body.toString('utf8') || '{}') as typeof input;
			} catch {
				return jsonError(world, 400, 'ValidationException', 'Request body is not valid JSON', {operation, region});
			}
			const model = find(typeof input.modelId === 'string' ? input.modelId : undefined);
			if (!model) return notFound(String(input.modelId));
			if (input.offerToken !== offerToken(region, model.runtimeId!)) {
				return jsonError(world, 400, 'ValidationException', 'The provided offer token is invalid.', {operation, region});
			}
			if (world.state.agreements.has(`${region}|${model.runtimeId}`)) {
				return jsonError(world, 400, 'ConflictException', 'An agreement for this model already exists.', {operation, region});
			}
			world.state.agreements.add(`${region}|${model.runtimeId}`);
			return json(world, operation, region, 202, {modelId: model.runtimeId});
		}
	}
};
