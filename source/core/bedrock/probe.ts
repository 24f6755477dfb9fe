// The live probe: what this account really sees, region by region, on both of Codex's routes. All regions
// are asked at once, each call with its own deadline, so the probe takes about as long as the slowest single
// answer, and a region that times out or refuses says so instead of looking empty. Per region:
// - the control plane's OpenAI models (ListFoundationModels byProvider=OpenAI): ON_DEMAND ones are served
//   in-region by Bedrock Runtime;
// - the OpenAI cross-Region inference profiles it offers (ListInferenceProfiles, SYSTEM_DEFINED): geo
//   (us., eu., ...) and global. profiles, served by Runtime only;
// - what Mantle serves (GET /v1/models and /openai/v1/models), where a Mantle endpoint exists.
import {setMaxListeners} from 'node:events';
import type {AwsCredentialIdentity} from '@smithy/types';
import type {Context} from '../context.js';
import {toFailure} from '../errors.js';
import {once} from '../run-state.js';
import type {StepFailure} from '../types.js';
import {listMantleModels} from './mantle.js';
import {codexCannotUse, compareNewestFirst, parseModelId, REGION_FACTS, regionFacts, type Route, type Scope} from './models.js';

export type ProbeStatus = 'ok' | 'timeout' | 'denied' | 'error' | 'absent';

export interface ProbeCall<T = string[]> {
	status: ProbeStatus;
	ids: T;
	failure?: StepFailure;
}

export interface RegionProbe {
	region: string;
	/** OpenAI models the control plane lists (ListFoundationModels byProvider=OpenAI), as control-plane IDs. */
	listed: ProbeCall & {
		/** Of those, the ones Runtime serves in-region (inferenceTypesSupported ON_DEMAND). */
		onDemand: string[];
	};
	/** OpenAI cross-Region inference profile IDs the region offers (ListInferenceProfiles, SYSTEM_DEFINED). */
	profiles: ProbeCall;
	/** Models Mantle serves (GET /v1/models and /openai/v1/models); status "absent" where there is no Mantle endpoint. */
	mantle: ProbeCall & {
		/** Of those, the ones on /openai/v1, the route Codex calls. */
		openai: string[];
	};
	/** Milliseconds the slowest call took. */
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

/**
 * A Bedrock control-plane client with our request handler, endpoint and retry settings; one per region,
 * credentials and settings for the run (building an SDK client costs CPU, and the probe needs dozens).
 * Reuse after a caller's destroy() is safe: it only drops the client's cached handler stack, and the
 * request handler's destroy() leaves the run's connection open.
 */
export function bedrockClient(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs: number, retry: RetryOptions = {}) {
	return once(ctx, `bedrock-client ${region} ${credentials.accessKeyId} ${timeoutMs} ${retry.maxAttempts ?? ''} ${retry.retryDelayMs ?? ''}`, () => newBedrockClient(ctx, region, credentials, timeoutMs, retry));
}

async function newBedrockClient(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs: number, retry: RetryOptions) {
	const [{BedrockClient}, {requestHandlerFor}, {ConfiguredRetryStrategy}] = await Promise.all([
		import('@aws-sdk/client-bedrock'),
		import('../aws/http.js'),
		import('@smithy/core/retry'),
	]);
	// The run's connection to this region's control-plane host.
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

export interface ListedModel {
	id: string;
	inferenceTypes: string[];
}

/** ListFoundationModels byProvider=OpenAI, with how each model can be invoked from this region. */
type BedrockClientLike = Awaited<ReturnType<typeof bedrockClient>>;

export async function listOpenAiFoundationModels(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs: number, retry: RetryOptions = {}, shared?: BedrockClientLike): Promise<ListedModel[]> {
	const {ListFoundationModelsCommand} = await import('@aws-sdk/client-bedrock');
	const client = shared ?? (await bedrockClient(ctx, region, credentials, timeoutMs, retry));
	try {
		const answer = await client.send(new ListFoundationModelsCommand({byProvider: 'OpenAI'}), {abortSignal: retry.signal ?? ctx.signal});
		return (answer.modelSummaries ?? []).filter((m) => m.modelId).map((m) => ({id: m.modelId!, inferenceTypes: [...(m.inferenceTypesSupported ?? [])]}));
	} finally {
		if (!shared) client.destroy();
	}
}

export async function listOpenAiModels(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs: number, retry: RetryOptions = {}): Promise<string[]> {
	return (await listOpenAiFoundationModels(ctx, region, credentials, timeoutMs, retry)).map((m) => m.id);
}

/** The OpenAI system-defined inference profiles a region offers (every page of ListInferenceProfiles). */
export async function listOpenAiProfiles(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs: number, retry: RetryOptions = {}, shared?: BedrockClientLike): Promise<string[]> {
	const {ListInferenceProfilesCommand} = await import('@aws-sdk/client-bedrock');
	const client = shared ?? (await bedrockClient(ctx, region, credentials, timeoutMs, retry));
	try {
		const ids: string[] = [];
		let nextToken: string | undefined;
		// A page limit, so a server that always returns a token cannot keep us here.
		for (let page = 0; page < 20; page++) {
			const answer = await client.send(new ListInferenceProfilesCommand({typeEquals: 'SYSTEM_DEFINED', maxResults: 1000, ...(nextToken ? {nextToken} : {})}), {abortSignal: retry.signal ?? ctx.signal});
			for (const p of answer.inferenceProfileSummaries ?? []) if (p.inferenceProfileId && parseModelId(p.inferenceProfileId)?.vendor === 'openai') ids.push(p.inferenceProfileId);
			nextToken = answer.nextToken;
			if (!nextToken) break;
		}
		return ids;
	} finally {
		if (!shared) client.destroy();
	}
}

/**
 * The lists of a region for these credentials, asked once per run: the probe asks them for every region,
 * and the model step takes the chosen region's from here instead of asking again. A failed call is not
 * kept (the next caller asks again).
 */
export function regionModels(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs: number, options: RetryOptions = {}) {
	const who = credentials.accessKeyId;
	return {
		listed: () => once(ctx, `listed-models ${who} ${region}`, () => listOpenAiFoundationModels(ctx, region, credentials, timeoutMs, options)),
		profiles: () => once(ctx, `inference-profiles ${who} ${region}`, () => listOpenAiProfiles(ctx, region, credentials, timeoutMs, options)),
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

/** The regions probed by default: every region the data knows (Runtime exists in all of them). */
export const PROBE_REGIONS: readonly string[] = REGION_FACTS.map((r) => r.region);

export async function probeRegions(
	ctx: Context,
	credentials: AwsCredentialIdentity,
	regions: readonly string[] = PROBE_REGIONS,
	options: {timeoutMs?: number} & RetryOptions = {},
): Promise<RegionProbe[]> {
	const timeoutMs = options.timeoutMs ?? 8000;
	const outer = options.signal ?? ctx.signal;
	// Every call listens on the one Ctrl-C signal: three or four per region, all at once, is not a leak.
	setMaxListeners(Math.max(50, regions.length * 8), ctx.signal);
	return Promise.all(
		regions.map(async (region) => {
			const started = ctx.clock.now();
			// A region the data says has no Mantle endpoint is not asked: its host does not resolve.
			const hasMantle = regionFacts(region)?.mantle ?? true;
			// Each call's deadline bounds its wall time, whatever the SDK's retries would take; the answers are
			// kept for the run (regionModels).
			const lists = (signal: AbortSignal) => regionModels(ctx, region, credentials, timeoutMs, {...options, signal});
			const [listed, profiles, mantle] = await Promise.all([
				settle(withDeadline(outer, timeoutMs, (signal) => lists(signal).listed())),
				settle(withDeadline(outer, timeoutMs, (signal) => lists(signal).profiles())),
				hasMantle ? settle(withDeadline(outer, timeoutMs, (signal) => lists(signal).mantle())) : Promise.resolve({status: 'absent' as const, value: []}),
			]);
			const listedModels = listed.value ?? [];
			const served = mantle.value ?? [];
			const probe: RegionProbe = {
				region,
				listed: {status: listed.status, ids: listedModels.map((m) => m.id), onDemand: listedModels.filter((m) => m.inferenceTypes.includes('ON_DEMAND')).map((m) => m.id), ...(listed.failure ? {failure: listed.failure} : {})},
				profiles: {status: profiles.status, ids: profiles.value ?? [], ...(profiles.failure ? {failure: profiles.failure} : {})},
				mantle: {status: mantle.status, ids: served.map((m) => m.id), openai: served.filter((m) => m.route === '/openai/v1').map((m) => m.id), ...('failure' in mantle && mantle.failure ? {failure: mantle.failure} : {})},
				ms: ctx.clock.now() - started,
			};
			return probe;
		}),
	);
}

/** Every OpenAI model ID a route offers in a region (usable by Codex or not), newest first. */
export function routeModels(probe: RegionProbe, route: Route): string[] {
	const ids = route === 'runtime' ? [...probe.listed.onDemand, ...probe.profiles.ids] : probe.mantle.ids;
	return [...new Set(ids.filter((id) => parseModelId(id)?.vendor === 'openai'))].sort(compareNewestFirst);
}

/** Why Codex cannot use this ID on this route in this region, or undefined. */
export function unusableReason(probe: RegionProbe, route: Route, id: string): string | undefined {
	const general = codexCannotUse(id, route);
	if (general) return general;
	if (route === 'mantle' && probe.mantle.ids.includes(id) && !probe.mantle.openai.includes(id)) {
		return `${id} is served on Mantle's /v1 route only; Codex calls /openai/v1.`;
	}
	return undefined;
}

/** A preset's residency requirement: in-region only, or no global profiles. */
export type ScopeRequirement = 'in-region' | 'geo';

export function scopeAllowed(scope: Scope, requirement: ScopeRequirement | undefined): boolean {
	if (requirement === 'in-region') return scope === 'in-region';
	if (requirement === 'geo') return scope !== 'global';
	return true;
}

/** The IDs Codex can use on a route in a region (and the scope requirement allows), newest first. */
export function codexModels(probe: RegionProbe, route: Route, requirement?: ScopeRequirement): string[] {
	return routeModels(probe, route).filter((id) => !unusableReason(probe, route, id) && scopeAllowed(parseModelId(id)!.scope, requirement));
}

/** Control-plane IDs usable in a region on any route (kept for the region line and older callers). */
export function usableModels(probe: RegionProbe): string[] {
	return [...new Set([...codexModels(probe, 'runtime'), ...codexModels(probe, 'mantle')])].sort(compareNewestFirst);
}

/**
 * AWS answers 403 both for a role without the permission (AccessDeniedException) and for a request it
 * will not authenticate: a bad or expired signature (InvalidSignatureException, "Signature expired",
 * SignatureDoesNotMatch, a clock far off), an expired or unknown session token (ExpiredTokenException,
 * UnrecognizedClientException, InvalidClientTokenId). Only the first is about the role.
 */
export function isPermissionDenial(failure: StepFailure | undefined): boolean {
	if (failure?.httpStatus !== 403) return false;
	return !/Signature|ExpiredToken|UnrecognizedClient|InvalidClientTokenId|security token/i.test(`${failure.errorName ?? ''} ${failure.code} ${failure.message}`);
}

function describeCall(what: string, call: ProbeCall, action: string): string | undefined {
	if (call.status === 'timeout') return `${what} timed out`;
	// Only a permission denial names the action the role needs; a signature or token refusal (403 too) and
	// a 401 are about the credentials or the clock.
	if (call.status === 'denied') {
		const why = isPermissionDenial(call.failure) ? ` (the role needs ${action})` : call.failure?.httpStatus === 403 || call.failure?.httpStatus === 401 ? ' (the credentials or the clock, not the role)' : '';
		return `${what} was refused${why}: ${call.failure?.message ?? 'access denied'}`;
	}
	if (call.status === 'error') return `${what} failed: ${call.failure?.message ?? 'unknown error'}`;
	return undefined;
}

/** Counts per scope: "2 global, 8 us." */
function profileCounts(ids: string[]): string {
	const counts = new Map<string, number>();
	for (const id of ids) {
		const prefix = parseModelId(id)?.prefix ?? 'in-region';
		counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
	}
	return [...counts].map(([prefix, n]) => `${n} ${prefix === 'global' ? 'global' : `${prefix}.`}`).join(', ');
}

/**
 * What the probe saw on one route, in one sentence: the precise reason behind "no model here" (which call
 * failed, what was listed, why the listed ones are not usable).
 */
export function routeFindings(probe: RegionProbe, route: Route, requirement?: ScopeRequirement): string {
	const r = probe.region;
	if (route === 'mantle') {
		if (probe.mantle.status === 'absent') return `${r} has no Bedrock Mantle endpoint (AWS endpoints-region-availability).`;
		const failed = describeCall(`Mantle's model list in ${r}`, probe.mantle, 'bedrock-mantle:ListModels or AmazonBedrockMantleInferenceAccess');
		if (failed) return `${failed}.`;
		const all = routeModels(probe, 'mantle');
		const usable = codexModels(probe, 'mantle', requirement);
		if (all.length === 0) return `Mantle in ${r} serves no OpenAI model to this account.`;
		const oss = all.filter((id) => parseModelId(id)?.family === 'gpt-oss').length;
		return `Mantle in ${r} serves ${all.length} OpenAI model${all.length === 1 ? '' : 's'}, ${usable.length} usable by Codex${oss ? ` (${oss} gpt-oss, which Codex cannot use: it calls /openai/v1)` : ''}.`;
	}
	const problems = [describeCall(`ListFoundationModels in ${r}`, probe.listed, 'bedrock:ListFoundationModels'), describeCall(`ListInferenceProfiles in ${r}`, probe.profiles, 'bedrock:ListInferenceProfiles')].filter(Boolean);
	const inRegion = probe.listed.onDemand.filter((id) => parseModelId(id)?.vendor === 'openai');
	const profiles = probe.profiles.ids;
	const usable = codexModels(probe, 'runtime', requirement);
	const seen = `Runtime in ${r}: the control plane lists ${probe.listed.ids.length} OpenAI model${probe.listed.ids.length === 1 ? '' : 's'}, ${inRegion.length} served in-region; ${profiles.length} OpenAI inference profile${profiles.length === 1 ? '' : 's'}${profiles.length ? ` (${profileCounts(profiles)})` : ''}`;
	const blocked = requirement && usable.length === 0 && codexModels(probe, 'runtime').length > 0 ? `; your team's preset requires ${requirement === 'in-region' ? 'in-region processing' : 'no global profile'}, which none of them meets` : '';
	return `${[seen + blocked, ...problems].join('; ')}.`;
}
