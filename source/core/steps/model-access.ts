// Step 4: the model. Offers what the chosen route serves this account in the chosen region, newest first:
// on Runtime the in-region models and the cross-Region inference profiles (us., eu., global.), on Mantle what
// /openai/v1 lists. What Codex cannot use there (gpt-oss, /v1-only models) is not offered, and says why; a
// preset's residency requirement refuses global (or all cross-Region) profiles. Shows where prompts may be
// processed for the choice, then checks access with GetFoundationModelAvailability and, where an agreement
// is missing, offers the terms and creates it only after an explicit yes.
import type {AwsCredentialIdentity} from '@smithy/types';
import type {Context} from '../context.js';
import {baseModelId, describeModel, isRuntimeId, parseModelId, ROUTE_IAM, ROUTE_NAMES, toMantleId, type Route} from '../bedrock/models.js';
import {bedrockClient, codexModels, probeRegions, routeFindings, routeModels, scopeAllowed, unusableReason, type RegionProbe} from '../bedrock/probe.js';
import {residencyLines} from '../bedrock/residency.js';
import {waitLabel, withDeadline} from '../aws/deadline.js';
import {StepError, toFailure} from '../errors.js';
import {profileCredentials} from '../sso/portal.js';
import type {Step, StepIO} from '../types.js';
import {titleOf} from './titles.js';

/** The IAM actions this step and Codex need on a route, named when AWS says access is denied. */
export function neededActions(route: Route): string[] {
	return [
		'bedrock:ListFoundationModels',
		'bedrock:ListInferenceProfiles',
		'bedrock:GetFoundationModelAvailability',
		ROUTE_IAM[route],
		// The two AWS's own refusal names ("not authorized to perform the required AWS Marketplace actions
		// (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe)"), as the team policy grants them.
		'aws-marketplace:Subscribe, aws-marketplace:ViewSubscriptions',
	];
}

/** Mantle's list, kept for callers that name no route. */
export const NEEDED_ACTIONS = neededActions('mantle');

function deniedFailure(error: unknown, what: string, route: Route = 'mantle'): StepError {
	const failure = toFailure(error);
	const NEEDED_ACTIONS = neededActions(route);
	return new StepError({
		...failure,
		context: {...failure.context, route},
		// Only a 403 is a permission problem; a 401 is about the credentials or the clock (the rules say which).
		code: failure.httpStatus === 403 ? 'bedrock.access-denied' : failure.code,
		message: `${what}: ${failure.message}`,
		...(failure.httpStatus === 403 ? {hint: `The role needs: ${NEEDED_ACTIONS.join('; ')}. Ask your AWS administrator to add them to your permission set.`} : {}),
	});
}

export interface Availability {
	modelId?: string;
	agreementAvailability?: {status?: string; errorMessage?: string};
	authorizationStatus?: string;
	entitlementAvailability?: string;
	regionAvailability?: string;
}

/** GetFoundationModelAvailability in words, one line per field. */
export function describeAvailability(a: Availability): string[] {
	const agreement: Record<string, string> = {
		AVAILABLE: 'accepted',
		PENDING: 'being processed (the Marketplace subscription can take up to 15 minutes)',
		NOT_AVAILABLE: 'not accepted yet',
		ERROR: `failed${a.agreementAvailability?.errorMessage ? `: ${a.agreementAvailability.errorMessage}` : ''}`,
	};
	return [
		`Authorization: ${a.authorizationStatus === 'AUTHORIZED' ? 'your role may use this model' : 'your role may NOT use this model (IAM policy, SCP or permission set)'}`,
		`Entitlement: ${a.entitlementAvailability === 'AVAILABLE' ? 'the account is entitled to it' : 'no Marketplace entitlement yet'}`,
		`Agreement: ${agreement[a.agreementAvailability?.status ?? ''] ?? a.agreementAvailability?.status ?? 'unknown'}`,
		`Region: ${a.regionAvailability === 'AVAILABLE' ? 'offered in this region' : 'NOT offered in this region'}`,
	];
}

async function offerAgreement(ctx: Context, io: StepIO, region: string, credentials: AwsCredentialIdentity, runtimeId: string): Promise<boolean> {
	const {ListFoundationModelAgreementOffersCommand, CreateFoundationModelAgreementCommand} = await import('@aws-sdk/client-bedrock');
	const client = await bedrockClient(ctx, region, credentials, 15_000);
	try {
		const offers = await io.task(waitLabel(ctx, 'Reading the agreement offer'), () => withDeadline(ctx, 'Bedrock (ListFoundationModelAgreementOffers)', (abortSignal) => client.send(new ListFoundationModelAgreementOffersCommand({modelId: runtimeId, offerType: 'PUBLIC'}), {abortSignal}))).catch((e: unknown) => {
			throw deniedFailure(e, 'Reading the agreement offer failed');
		});
		const offer = offers.offers?.[0];
		if (!offer?.offerToken) throw new StepError({code: 'bedrock.no-offer', message: `AWS lists no agreement offer for ${runtimeId} in ${region}.`});
		const terms = offer.termDetails;
		io.block(`Terms for ${runtimeId}`, [
			...(terms?.usageBasedPricingTerm?.rateCard ?? []).map((r) => `${r.dimension}: ${r.price} ${r.unit ?? ''} ${r.description ?? ''}`.trim()),
			...(terms?.legalTerm?.url ? [`Legal terms: ${terms.legalTerm.url}`] : []),
			...(terms?.supportTerm?.refundPolicyDescription ? [`Refunds: ${terms.supportTerm.refundPolicyDescription}`] : []),
			...(terms?.validityTerm?.agreementDuration ? [`Duration: ${terms.validityTerm.agreementDuration}`] : []),
		]);
		if (ctx.dryRun) {
			io.note(`Dry run: the agreement for ${runtimeId} is not created. A real run asks you to accept these terms (or takes --accept-agreement); until then the model cannot be used.`, 'warning');
			return false;
		}
		const accept = await io.ask({kind: 'confirm', id: 'accept-agreement', flag: '--accept-agreement', message: `Accept these terms for ${runtimeId} on behalf of the account?`, default: false, explicit: true});
		if (!accept) throw new StepError({code: 'bedrock.agreement-declined', message: 'The agreement was not accepted, so the model cannot be used yet.', hint: 'Retry to see the terms again, or ask your AWS administrator to accept them.'});
		await io.task(waitLabel(ctx, 'Creating the agreement'), () => withDeadline(ctx, 'Bedrock (CreateFoundationModelAgreement)', (abortSignal) => client.send(new CreateFoundationModelAgreementCommand({modelId: runtimeId, offerToken: offer.offerToken!}), {abortSignal}))).catch((e: unknown) => {
			throw deniedFailure(e, 'Creating the agreement failed');
		});
		io.note(`Agreement created for ${runtimeId}. The Marketplace subscription may take a few minutes to be active.`, 'success');
		return true;
	} finally {
		client.destroy();
	}
}

/** How often, and how long, the step re-checks an agreement that is still PENDING before going on. */
export const AGREEMENT_POLL_MS = 10_000;
export const AGREEMENT_WAIT_MS = 120_000;

const isActive = (a: Availability) => a.agreementAvailability?.status === 'AVAILABLE' && a.entitlementAvailability === 'AVAILABLE';

/**
 * A new agreement sits PENDING (entitlement NOT_AVAILABLE) for a while: re-check it, never create it again.
 * Returns the last availability seen (still PENDING if the wait ran out).
 */
async function waitForAgreement(ctx: Context, io: StepIO, region: string, credentials: AwsCredentialIdentity, runtimeId: string, model: string): Promise<Availability> {
	const {GetFoundationModelAvailabilityCommand} = await import('@aws-sdk/client-bedrock');
	const client = await bedrockClient(ctx, region, credentials, 15_000);
	const deadline = ctx.clock.now() + AGREEMENT_WAIT_MS;
	try {
		return await io.task(`Waiting for the agreement for ${model} to become active (re-checked every ${AGREEMENT_POLL_MS / 1000} s, up to ${AGREEMENT_WAIT_MS / 60_000} min)`, async (signal) => {
			for (;;) {
				const current = await client.send(new GetFoundationModelAvailabilityCommand({modelId: runtimeId}), {abortSignal: signal}).catch((e: unknown) => {
					throw deniedFailure(e, `Checking access to ${model} failed`);
				});
				if (isActive(current) || current.agreementAvailability?.status !== 'PENDING' || ctx.clock.now() + AGREEMENT_POLL_MS > deadline) return current;
				await ctx.clock.sleep(AGREEMENT_POLL_MS, signal);
			}
		});
	} finally {
		client.destroy();
	}
}

/** After an agreement was created or found PENDING: wait for it, and say where it stands. */
async function settleAgreement(ctx: Context, io: StepIO, region: string, credentials: AwsCredentialIdentity, runtimeId: string, model: string) {
	const after = await waitForAgreement(ctx, io, region, credentials, runtimeId, model);
	if (isActive(after)) {
		io.note(`The agreement for ${model} is active.`, 'success');
		return {status: 'done' as const, summary: `${model} · access granted`, answers: {model}};
	}
	if (after.agreementAvailability?.status === 'ERROR') {
		return {status: 'failed' as const, failure: {code: 'model.agreement-error', message: `The Marketplace agreement for ${model} failed: ${after.agreementAvailability.errorMessage ?? 'no reason given'}.`, hint: 'Grant aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (codex-bedrock-setup team init writes them into the developer policy), check the payment method, then retry after 5 minutes.', context: {model}}};
	}
	io.note(`The agreement for ${model} is still being processed after ${AGREEMENT_WAIT_MS / 60_000} min (AWS: it can take up to 15 minutes). It was not created again; the test prompt will show whether the model answers yet.`, 'warning');
	return {status: 'done' as const, summary: `${model} · agreement pending`, answers: {model}};
}

/** A step outcome with the route's answers (model and inference scope) in place of the model alone. */
function withAnswers<T extends {status: string}>(outcome: T, answers: {model: string; inferenceScope: 'in-region' | 'geo' | 'global'}): T {
	return 'answers' in outcome ? {...outcome, answers} : outcome;
}

/** The probe's failure for this route's listing, as the step's failure (with the route's IAM actions). */
function listingFailure(probe: RegionProbe, route: Route): StepError | undefined {
	const calls = route === 'mantle' ? [['Listing models on Mantle', probe.mantle] as const] : [['Listing foundation models', probe.listed] as const, ['Listing inference profiles', probe.profiles] as const];
	for (const [what, call] of calls) {
		if (call.status === 'ok' || call.status === 'absent' || !call.failure) continue;
		const failure = call.failure;
		return new StepError({
			...failure,
			code: failure.httpStatus === 403 ? 'bedrock.access-denied' : failure.code,
			message: `${what} in ${probe.region} failed: ${failure.message}`,
			context: {...failure.context, route, region: probe.region},
			...(failure.httpStatus === 403 ? {hint: `The role needs: ${neededActions(route).join('; ')}. Ask your AWS administrator to add them to your permission set.`} : {}),
		});
	}
	return undefined;
}

/** The ID a flag or an old answer means on this route: a Runtime `-1:0` suffix off, a bare model mapped to the narrowest profile offered. */
function resolveWanted(wanted: string, route: Route, ids: readonly string[], io: StepIO, region: string): string {
	let id = wanted.trim();
	if (isRuntimeId(id)) {
		io.note(`${id} is a control-plane ID with a version suffix; Codex names the same model ${toMantleId(id)}. Using ${toMantleId(id)}.`, 'warning');
		id = toMantleId(id);
	}
	if (ids.includes(id)) return id;
	const parsed = parseModelId(id);
	if (route === 'runtime' && parsed && !parsed.prefix) {
		const profile = ids.find((candidate) => baseModelId(candidate) === id);
		if (profile) {
			io.note(`${id} is not served in-region in ${region}; Runtime reaches it there through the inference profile ${profile}.`);
			return profile;
		}
	}
	if (route === 'mantle' && parsed?.prefix && ids.includes(parsed.base)) {
		io.note(`${id} is an inference profile, which Mantle does not serve; on Mantle the model is ${parsed.base}. Using ${parsed.base}.`, 'warning');
		return parsed.base;
	}
	return id;
}

/**
 * The models Codex calls for background work besides the chosen one (READ-FORK, shared/reference/codex.md
 * §4: GPT-5.6 Luna / Terra; the strings global.openai.gpt-5.6-luna and -terra sit next to the models
 * endpoint in the 0.169.0 binary). Not seen in a one-prompt `codex exec`, so this is a warning, not a failure.
 */
export function helperModelNote(model: string, ids: readonly string[]): string | undefined {
	const prefix = parseModelId(model)?.prefix;
	const helpers = ['openai.gpt-5.6-luna', 'openai.gpt-5.6-terra'].map((base) => (prefix ? `${prefix}.${base}` : base));
	const missing = helpers.filter((h) => h !== model && !ids.includes(h));
	if (missing.length === 0) return undefined;
	return `Codex may call ${missing.join(' and ')} for background work (summaries, reviews); ${missing.length === 1 ? 'it is' : 'they are'} not offered here, so those features can fail while prompts to ${model} work.`;
}

export const modelAccess: Step = {
	id: 'model-access',
	title: titleOf('model-access'),
	flags: [
		{name: 'model', type: 'string', valueName: 'ID', description: 'Model for Codex: openai.gpt-6.1-sol, or a profile (global.openai.gpt-6-sol, us.openai...) on Runtime; a control-plane ID (…-1:0) is mapped.'},
		{name: 'accept-agreement', type: 'boolean', description: 'Accept the model\'s Marketplace agreement if one is needed (never implied by --yes).'},
	],
	async run(ctx, io, answers) {
		const {profile, region} = answers;
		const route: Route = answers.route ?? 'mantle';
		if (!profile || !region) {
			return {status: 'failed', failure: {code: 'model.no-region', message: 'Choose a profile and a region first.', fixStep: profile ? 'region' : 'sso-profile'}};
		}
		const requirement = ctx.locks?.scope;
		const credentials = await io.task(`Getting credentials for profile ${profile}`, () => profileCredentials(ctx, profile));
		// The region probe asked these already (probeRegions keeps its answers for the run): only a region it
		// could not read is asked again, under the deadline, and Esc or Ctrl-C stops the wait.
		const [probe] = await io.task(`Listing the OpenAI models ${ROUTE_NAMES[route]} serves in ${region}`, (signal) => probeRegions(ctx, credentials, [region], {timeoutMs: 15_000, signal}));
		const listingProblem = listingFailure(probe!, route);
		if (listingProblem && routeModels(probe!, route).length === 0) throw listingProblem;

		const all = routeModels(probe!, route);
		const allowed = ctx.locks?.models;
		const inLock = (id: string) => !allowed || allowed.includes(id) || allowed.includes(baseModelId(id));
		const usable = codexModels(probe!, route);
		const offered = usable.filter((id) => inLock(id) && scopeAllowed(parseModelId(id)!.scope, requirement));
		// What is not offered, and why: Codex cannot use it on this route, or the preset's residency rule refuses it.
		const refused = all
			.filter((id) => !offered.includes(id))
			.map((id) => {
				const why = unusableReason(probe!, route, id) ?? (!inLock(id) ? 'not in your team\'s preset' : !scopeAllowed(parseModelId(id)!.scope, requirement) ? `your team's preset requires ${requirement === 'in-region' ? 'in-region processing' : 'no global profile'}` : undefined);
				return why ? `${id}: ${why}` : undefined;
			})
			.filter((line): line is string => line !== undefined);
		if (refused.length) io.block(`Not offered in ${region} on ${route === 'runtime' ? 'Runtime' : 'Mantle'}`, refused);

		let wanted = typeof ctx.flags['model'] === 'string' ? ctx.flags['model'] : undefined;
		if (wanted) {
			wanted = resolveWanted(wanted, route, all, io, region);
			const cannot = unusableReason(probe!, route, wanted);
			if (cannot) return {status: 'failed', failure: {code: 'model.codex-cannot-use', message: `Codex cannot use ${wanted} on ${ROUTE_NAMES[route]}: ${cannot}`, hint: offered.length ? `Models Codex can use here: ${offered.slice(0, 6).join(', ')}.` : 'Choose another region.', fixStep: 'region', context: {model: wanted, route}}};
			const scope = parseModelId(wanted)?.scope ?? 'in-region';
			if (!scopeAllowed(scope, requirement) && all.includes(wanted)) {
				return {status: 'failed', failure: {code: 'model.scope-refused', message: `${wanted} is a ${scope} inference profile; your team's preset requires ${requirement === 'in-region' ? 'in-region processing' : 'geographic profiles at most (no global. profile)'}.`, hint: offered.length ? `Allowed here: ${offered.slice(0, 6).join(', ')}.` : `Nothing here meets the preset: choose another region.`, fixStep: 'region', context: {model: wanted, route}}};
			}
		}
		if (allowed && offered.length === 0 && usable.length > 0) {
			return {status: 'failed', failure: {code: 'model.none-allowed', message: `None of the models your team's preset allows (${allowed.join(', ')}) is served in ${region} on ${route === 'runtime' ? 'Runtime' : 'Mantle'} for this account.`, hint: `Served here: ${usable.join(', ')}. Choose another allowed region, or ask whoever maintains the preset.`, fixStep: 'region'}};
		}
		if (offered.length === 0) {
			return {status: 'failed', failure: {code: 'model.none-in-region', message: `This account has no model Codex can use on ${ROUTE_NAMES[route]} in ${region}. ${routeFindings(probe!, route, requirement)}`, hint: 'Go back and choose another region or route, or ask your administrator about model access there.', fixStep: 'region'}};
		}

		let model: string;
		if (wanted) {
			if (!offered.includes(wanted)) {
				return {status: 'failed', failure: {code: 'model.not-in-region', message: `${wanted} is not served on ${ROUTE_NAMES[route]} in ${region} for this account.`, hint: `Models here: ${offered.join(', ')}.`, fixStep: 'region', context: {model: wanted, route}}};
			}
			model = wanted;
		} else {
			const previous = answers.model ? resolveWanted(answers.model, route, offered, {note: () => {}} as unknown as StepIO, region) : undefined;
			model = await io.ask({
				kind: 'select',
				id: 'model',
				flag: '--model',
				message: `Model (${offered.length} served in ${region} on ${route === 'runtime' ? 'Runtime' : 'Mantle'}, newest first)`,
				choices: offered.map((id) => {
					const scope = parseModelId(id)?.scope;
					return {value: id, label: id, hint: [scope === 'in-region' ? 'in-region' : scope === 'geo' ? 'geographic profile' : 'global profile', describeModel(id)].filter(Boolean).join(' · ')};
				}),
				default: previous && offered.includes(previous) ? previous : offered[0]!,
			});
		}
		const scope = parseModelId(model)?.scope ?? 'in-region';
		io.block(`Where prompts to ${model} may be processed`, residencyLines(region, model, route));
		const helpers = helperModelNote(model, offered);
		if (helpers) io.note(helpers, 'warning');
		const chosen = {model, inferenceScope: scope};

		// Access: GetFoundationModelAvailability speaks in foundation-model IDs (no profile prefix).
		const base = route === 'mantle' ? model : baseModelId(model);
		const runtimeId = probe!.listed.ids.find((id) => id === base || toMantleId(id) === base);
		if (probe!.listed.status !== 'ok' && probe!.listed.failure) {
			throw deniedFailure(Object.assign(new Error(probe!.listed.failure.message), {name: probe!.listed.failure.errorName ?? 'Error', $metadata: {httpStatusCode: probe!.listed.failure.httpStatus}}), `Listing foundation models in ${region} failed`, route);
		}
		if (!runtimeId) {
			io.note(`The control plane does not list ${base} in ${region}; access is proven by the test prompt instead.`, 'warning');
			return {status: 'done', summary: model, answers: chosen};
		}
		const {GetFoundationModelAvailabilityCommand} = await import('@aws-sdk/client-bedrock');
		const client = await bedrockClient(ctx, region, credentials, 15_000);
		let availability: Availability;
		try {
			availability = await io.task(waitLabel(ctx, `Checking access to ${base}`), () => withDeadline(ctx, `Bedrock (GetFoundationModelAvailability, ${region})`, (abortSignal) => client.send(new GetFoundationModelAvailabilityCommand({modelId: runtimeId}), {abortSignal}))).catch((e: unknown) => {
				throw deniedFailure(e, `Checking access to ${base} failed`, route);
			});
		} finally {
			client.destroy();
		}
		io.block(`Access to ${base} in ${region}`, describeAvailability(availability));
		if (availability.regionAvailability !== 'AVAILABLE') {
			return {status: 'failed', failure: {code: 'model.region-unavailable', message: `${model} is not available in ${region}.`, fixStep: 'region', context: {model, route}}};
		}
		if (availability.authorizationStatus !== 'AUTHORIZED') {
			return {status: 'failed', failure: {code: 'model.not-authorized', message: `Your role is not authorized to use ${model}.`, hint: `The role needs: ${neededActions(route).join('; ')}; check SCPs too.`, context: {model, route}}};
		}
		const agreement = availability.agreementAvailability?.status;
		if (agreement === 'ERROR') {
			return {status: 'failed', failure: {code: 'model.agreement-error', message: `The Marketplace agreement for ${model} failed: ${availability.agreementAvailability?.errorMessage ?? 'no reason given'}.`, hint: 'Grant aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions (codex-bedrock-setup team init writes them into the developer policy), check the payment method, then retry after 5 minutes.', context: {model, route}}};
		}
		// PENDING first: an agreement being processed has no entitlement yet, and must not be created twice.
		if (agreement === 'PENDING') {
			io.note(`The agreement for ${model} exists and is being processed; waiting for it instead of creating another.`);
			return withAnswers(await settleAgreement(ctx, io, region, credentials, runtimeId, model), chosen);
		}
		if (agreement === 'NOT_AVAILABLE' || availability.entitlementAvailability !== 'AVAILABLE') {
			if (!(await offerAgreement(ctx, io, region, credentials, runtimeId))) return {status: 'done', summary: `${model} · agreement needed (not created: dry run)`, answers: chosen};
			return withAnswers(await settleAgreement(ctx, io, region, credentials, runtimeId, model), chosen);
		}
		return {status: 'done', summary: `${model} · access granted`, answers: chosen};
	},
};
