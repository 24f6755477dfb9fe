// The live probe: what this account really sees, region by region. All regions are asked at once, each
// call with its own deadline, so the probe takes about as long as the slowest single answer, and a
// region that times out or refuses says so instead of looking empty.
import type {AwsCredentialIdentity} from '@smithy/types';
import type {Context} from '../context.js';
import {toFailure} from '../errors.js';
import type {StepFailure} from '../types.js';
import {listMantleModels} from './mantle.js';
import {MANTLE_REGIONS, toMantleId} from './models.js';

export type ProbeStatus = 'ok' | 'timeout' | 'denied' | 'error';

export interface RegionProbe {
	region: string;
	/** OpenAI models the control plane lists (ListFoundationModels byProvider=OpenAI), as Runtime IDs. */
	listed: {status: ProbeStatus; ids: string[]; failure?: StepFailure};
	/** Models Mantle serves (GET /v1/models and /openai/v1/models), as Mantle IDs. */
	mantle: {status: ProbeStatus; ids: string[]; failure?: StepFailure};
	/** Milliseconds the slower of the two calls took. */
	ms: number;
}

function statusOf(failure: StepFailure): ProbeStatus {
	if (failure.code === 'node.ETIMEDOUT' || failure.code === 'node.TimeoutError' || failure.code === 'node.AbortError') return 'timeout';
	if (failure.httpStatus === 403 || failure.httpStatus === 401) return 'denied';
	return 'error';
}

async function settle<T>(work: Promise<T>): Promise<{status: ProbeStatus; value?: T; failure?: StepFailure}> {
	try {
		return {status: 'ok', value: await work};
	} catch (error) {
		const failure = toFailure(error);
		return {status: statusOf(failure), failure};
	}
}

export interface RetryOptions {
	/** Attempts per call (the SDK retries throttling and 5xx by itself). */
	maxAttempts?: number;
	/** Fixed back-off between attempts; default: the SDK's own (exponential with jitter). Tests pass 0. */
	retryDelayMs?: number;
}

/** A Bedrock control-plane client with our request handler, endpoint and retry settings. */
export async function bedrockClient(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs: number, retry: RetryOptions = {}) {
	const [{BedrockClient}, {createRequestHandler}, {ConfiguredRetryStrategy}] = await Promise.all([
		import('@aws-sdk/client-bedrock'),
		import('../aws/http.js'),
		import('@smithy/core/retry'),
	]);
	const {handler} = await createRequestHandler(ctx.env, {requestTimeoutMs: timeoutMs});
	const endpoint = ctx.endpoints.sdk('bedrock', region);
	const maxAttempts = retry.maxAttempts ?? 3;
	const delay = retry.retryDelayMs;
	return new BedrockClient({
		region,
		credentials,
		requestHandler: handler,
		...(delay === undefined ? {maxAttempts} : {retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => delay)}),
		...(endpoint ? {endpoint} : {}),
	});
}

export async function listOpenAiModels(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs: number, retry: RetryOptions = {}): Promise<string[]> {
	const {ListFoundationModelsCommand} = await import('@aws-sdk/client-bedrock');
	const client = await bedrockClient(ctx, region, credentials, timeoutMs, retry);
	try {
		const answer = await client.send(new ListFoundationModelsCommand({byProvider: 'OpenAI'}), {abortSignal: ctx.signal});
		return (answer.modelSummaries ?? []).map((m) => m.modelId ?? '').filter(Boolean);
	} finally {
		client.destroy();
	}
}

export async function probeRegions(
	ctx: Context,
	credentials: AwsCredentialIdentity,
	regions: readonly string[] = MANTLE_REGIONS,
	options: {timeoutMs?: number} & RetryOptions = {},
): Promise<RegionProbe[]> {
	const timeoutMs = options.timeoutMs ?? 8000;
	return Promise.all(
		regions.map(async (region) => {
			const started = ctx.clock.now();
			const [listed, mantle] = await Promise.all([
				settle(listOpenAiModels(ctx, region, credentials, timeoutMs, options)),
				MANTLE_REGIONS.includes(region) ? settle(listMantleModels(ctx, region, credentials, timeoutMs)) : Promise.resolve({status: 'error' as const, value: [], failure: {code: 'bedrock.no-mantle', message: `No Mantle endpoint in ${region}.`}}),
			]);
			const probe: RegionProbe = {
				region,
				listed: {status: listed.status, ids: listed.value ?? [], ...(listed.failure ? {failure: listed.failure} : {})},
				mantle: {status: mantle.status, ids: (mantle.value ?? []).map((m) => (typeof m === 'string' ? m : m.id)), ...(mantle.failure ? {failure: mantle.failure} : {})},
				ms: ctx.clock.now() - started,
			};
			return probe;
		}),
	);
}

/** Mantle IDs usable in a region: what Mantle serves, else the control plane's list mapped to Mantle IDs. */
export function usableModels(probe: RegionProbe): string[] {
	if (probe.mantle.status === 'ok') return probe.mantle.ids;
	return probe.listed.ids.map(toMantleId);
}
