// Bedrock Runtime's OpenAI-compatible Responses API (bedrock-runtime.<region>.amazonaws.com/openai/v1/responses),
// what Codex's amazon-bedrock-runtime provider calls. SigV4 signing name "bedrock" (the bedrock-runtime
// service's signing name; SEEN in the requests Codex 0.169.0 sends: Credential=.../<region>/bedrock/aws4_request),
// or a Bedrock API key as `Authorization: Bearer`. The endpoint exists in every Bedrock region (AWS,
// endpoints-region-availability: "The bedrock-runtime endpoint is available in every AWS Region where Amazon
// Bedrock is offered").
//
// What it serves, from the region's catalogue: a model served in-region on Runtime (fixture `runtime: true`),
// or a cross-Region inference profile the region offers (`profiles`). Everything else is refused the way
// bedrock-runtime refuses an unknown model ("The provided model identifier is invalid.", a 400
// ValidationException). gpt-oss is refused as not served by the Responses API here (AWS
// inference-responses-api: "Responses API access to GPT OSS models" is Mantle-only; the wording is inferred).
// A profile the caller may not invoke is a 403 naming bedrock:InvokeModelWithResponseStream on the
// inference-profile ARN, as IAM words a denial.
//
// Without a real Host header (requests to 127.0.0.1), Runtime and Mantle share the path /openai/v1/responses:
// a request is Runtime's when its SigV4 scope names the service "bedrock".
import {randomUUID} from 'node:crypto';
import {logCall} from '../respond.js';
import type {FakeRequest, FakeResponse, FakeWorld, Handler, ModelFixture, ProfileFixture} from '../types.js';
import {headers, inputText, parseBody, requireModel, responseEvents, responseObject, responsesProblem} from './mantle.js';
import {gate, type ErrorBuilder, type SignedService} from './signed.js';

const OPERATION = 'RuntimeResponses';

/** The OpenAI error envelope (as on Mantle), the AWS error type in x-amzn-errortype, a UUID request id. */
const runtimeError: ErrorBuilder = (world, operation, region, status, type, message) => {
	const requestId = randomUUID();
	logCall(world, operation, region, status, requestId);
	const category = status === 401 ? 'authentication_error' : status === 403 ? 'permission_error' : status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
	return {status, headers: {...headers(requestId), 'x-amzn-errortype': type}, body: JSON.stringify({error: {message, type: category, param: null, code: type}})};
};

const RUNTIME: SignedService = {
	signingName: 'bedrock',
	host: (region) => `bedrock-runtime.${region}.amazonaws.com`,
	// bedrock-runtime exists in every Bedrock region.
	servedIn: () => true,
	error: runtimeError,
	unreachableType: 'UnknownOperationException',
	acceptsApiKeys: true,
};

export const INVALID_MODEL = 'The provided model identifier is invalid.';

function signingService(request: FakeRequest): string | undefined {
	const auth = request.headers.authorization;
	return typeof auth === 'string' ? /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(auth)?.[1] : undefined;
}

/** Is this request for Bedrock Runtime's OpenAI-compatible API? */
function isRuntime(request: FakeRequest): boolean {
	if (!/^\/openai\/v1\//.test(request.path)) return false;
	if (request.endpointService) return request.endpointService === 'bedrock-runtime';
	return signingService(request) === 'bedrock';
}

/** The region the request is for (as gate() decides it), for the ARN IAM checks. */
function requestRegionOf(request: FakeRequest): string {
	return request.endpointRegion ?? /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1] ?? '';
}

/** The ARN IAM checks for a Runtime call: the inference profile (us./eu./global. ID) or the foundation model. */
function requestedArn(request: FakeRequest, region: string, account: string): string | undefined {
	let model: unknown;
	try {
		model = (JSON.parse(request.body.toString('utf8')) as {model?: unknown}).model;
	} catch {
		return undefined;
	}
	if (typeof model !== 'string') return undefined;
	return /^(us|eu|apac|ca|sa|us-gov|jp|au|global)\./.test(model) ? `arn:aws:bedrock:${region}:${account}:inference-profile/${model}` : `arn:aws:bedrock:${region}::foundation-model/${model}`;
}

function accountOf(arn: string): string {
	return /^arn:aws:sts::(\d{12}):/.exec(arn)?.[1] ?? '111122223333';
}

function profileArn(region: string, account: string, profile: ProfileFixture): string {
	return `arn:aws:bedrock:${region}:${account}:inference-profile/${profile.id}`;
}

export const runtime: Handler = (request, world) => {
	if (!isRuntime(request)) return undefined;
	if (!(request.method === 'POST' && request.path === '/openai/v1/responses')) {
		// Runtime's OpenAI-compatible API also has chat/completions; the fake serves what Codex calls.
		return runtimeError(world, OPERATION, undefined, 404, 'UnknownOperationException', `[fake-aws] bedrock-runtime: no simulated operation for ${request.method} ${request.path}`);
	}
	// IAM (iam.ts, where the scenario has permission sets) checks the model or inference profile the body names.
	const checked = gate(request, world, OPERATION, RUNTIME, (caller) => requestedArn(request, requestRegionOf(request), caller.accountId));
	if (checked.response) return checked.response;
	const {region, fixture, caller} = checked;
	return respond(request, world, region, fixture.models, fixture.profiles ?? [], caller.arn);
};

function respond(request: FakeRequest, world: FakeWorld, region: string, models: ModelFixture[], profiles: ProfileFixture[], callerArn: string): FakeResponse {
	const body = parseBody(request);
	if (typeof body === 'string') return runtimeError(world, OPERATION, region, 400, 'ValidationException', body);
	const problem = requireModel(body) ?? responsesProblem(body);
	if (problem) return runtimeError(world, OPERATION, region, 400, 'ValidationException', problem);
	const id = body['model'] as string;

	let model: ModelFixture | undefined;
	const profile = profiles.find((p) => p.id === id);
	if (profile) {
		if (profile.authorized === false) {
			const action = body['stream'] === true ? 'bedrock:InvokeModelWithResponseStream' : 'bedrock:InvokeModel';
			return runtimeError(
				world,
				OPERATION,
				region,
				403,
				'AccessDeniedException',
				`User: ${callerArn} is not authorized to perform: ${action} on resource: ${profileArn(region, accountOf(callerArn), profile)} because no identity-based policy allows the ${action} action`,
			);
		}
		model = models.find((m) => m.runtimeId === profile.modelId) ?? {runtimeId: profile.modelId, name: profile.name, provider: 'OpenAI', mantleRoute: '/openai/v1', availability: {agreement: 'AVAILABLE', authorization: 'AUTHORIZED', entitlement: 'AVAILABLE', region: 'AVAILABLE'}};
	} else {
		const listed = models.find((m) => m.runtimeId === id);
		if (listed && listed.mantleRoute === '/v1') {
			return runtimeError(world, OPERATION, region, 400, 'ValidationException', `The model ${id} doesn't support the Responses API on bedrock-runtime. Use the bedrock-mantle endpoint.`);
		}
		if (!listed || listed.runtime !== true) return runtimeError(world, OPERATION, region, 400, 'ValidationException', INVALID_MODEL);
		model = listed;
	}
	if (model.availability.authorization !== 'AUTHORIZED') {
		return runtimeError(world, OPERATION, region, 403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.");
	}
	const answer = responseObject(model, inputText(body['input'] as string | unknown[]), body['max_output_tokens'] as number | undefined, world.now(), id);
	const requestId = randomUUID();
	if (body['stream'] !== true) {
		logCall(world, OPERATION, region, 200, requestId);
		return {status: 200, headers: headers(requestId), body: JSON.stringify(answer)};
	}
	logCall(world, OPERATION, region, 200, requestId);
	return {status: 200, headers: {...headers(requestId, 'text/event-stream; charset=utf-8'), 'cache-control': 'no-cache'}, stream: responseEvents(answer)};
}
