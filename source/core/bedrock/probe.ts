// The live probe: what this account really sees, region by region. All regions are asked at once, each
// call with its own deadline, so the probe takes about as long as the slowest single answer, and a
// region that times out or refuses says so instead of looking empty.
import {setMaxListeners} from 'node:events';
import type {AwsCredentialIdentity} from '@smithy/types';
import type {Context} from '../context.js';
import {toFailure} from '../errors.js';
import {once} from '../run-state.js';
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
	/** Stops the call (default ctx.signal). */
	signal?: AbortSignal;
}

/** A Bedrock control-plane client with our request handler, endpoint and retry settings. */
export async function bedrockClient(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs: number, retry: RetryOptions = {}) {
	const [{BedrockClient}, {requestHandlerFor}, {ConfiguredRetryStrategy}] = await Promise.all([
		import('@aws-sdk/client-bedrock'),
		import('../aws/http.js'),
		import('@smithy/core/retry'),
	]);
	const handler = await requestHandlerFor(ctx, 'bedrock', region, {requestTimeoutMs: timeoutMs});
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
		const answer = await client.send(new ListFoundationModelsCommand({byProvider: 'OpenAI'}), {abortSignal: retry.signal ?? ctx.signal});
		return (answer.modelSummaries ?? []).map((m) => m.modelId ?? '').filter(Boolean);
	} finally {
		client.destroy();
	}
}

/**
 * The model lists of a region for these credentials, asked once per run: the probe asks them for every
 * region, and the model step takes the chosen region's from here instead of asking again. A failed call
 * is not kept (the next caller asks again).
 */
export function regionModels(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs: number, options: RetryOptions = {}) {
	const who = credentials.accessKeyId;
	return {
		listed: () => once(ctx, `listed-models ${who} ${region}`, () => listOpenAiModels(ctx, region, credentials, timeoutMs, options)),
		mantle: () => once(ctx, `mantle-models ${who} ${region}`, () => listMantleModels(ctx, region, credentials, timeoutMs, options.signal)),
	};
}

/** The deadline's error: reported as a time-out, like the SDK's own. */
export class DeadlineError extends Error {
	readonly code = 'ETIMEDOUT';
	constructor(readonly timeoutMs: number) {
		super(`No answer within ${timeoutMs / 1000} s.`);
		this.name = 'TimeoutError';
	}
}

/**
 * `work` raced against a deadline that bounds its whole wall time (retries and back-off included): when
 * it passes, the work's signal aborts (its requests stop) and the result is a DeadlineError at once. A
 * plain timer, not ctx.clock: a deadline raced against I/O must not fire at once under a test clock.
 */
export async function withDeadline<T>(outer: AbortSignal, timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
	const deadline = new AbortController();
	const signal = AbortSignal.any([outer, deadline.signal]);
	setMaxListeners(0, signal);
	let timer: NodeJS.Timeout | undefined;
	let onAbort = () => {};
	const expired = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			const error = new DeadlineError(timeoutMs);
			deadline.abort(error);
			reject(error);
		}, timeoutMs);
		// The combined signal (not `outer`, which a probe shares between dozens of calls).
		onAbort = () => reject(signal.reason);
		if (signal.aborted) onAbort();
		else signal.addEventListener('abort', onAbort, {once: true});
	});
	expired.catch(() => {});
	try {
		return await Promise.race([work(signal), expired]);
	} finally {
		clearTimeout(timer);
		signal.removeEventListener('abort', onAbort);
	}
}

export async function probeRegions(
	ctx: Context,
	credentials: AwsCredentialIdentity,
	regions: readonly string[] = MANTLE_REGIONS,
	options: {timeoutMs?: number} & RetryOptions = {},
): Promise<RegionProbe[]> {
	const timeoutMs = options.timeoutMs ?? 8000;
	const outer = options.signal ?? ctx.signal;
	return Promise.all(
		regions.map(async (region) => {
			const started = ctx.clock.now();
			// Each call's deadline bounds its wall time, whatever the SDK's retries would take.
			const models = (signal: AbortSignal) => regionModels(ctx, region, credentials, timeoutMs, {...options, signal});
			const [listed, mantle] = await Promise.all([
				settle(withDeadline(outer, timeoutMs, (signal) => models(signal).listed())),
				MANTLE_REGIONS.includes(region) ? settle(withDeadline(outer, timeoutMs, (signal) => models(signal).mantle())) : Promise.resolve({status: 'error' as const, value: [], failure: {code: 'bedrock.no-mantle', message: `No Mantle endpoint in ${region}.`}}),
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
