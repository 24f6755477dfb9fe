// Step 4: the model. Offers what this account's Mantle endpoint serves in the chosen region (the IDs
// Codex uses), keeps Runtime IDs apart (and maps them), then checks access with
// GetFoundationModelAvailability and, where an agreement is missing, offers the terms and creates it
// only after an explicit yes.
import type {AwsCredentialIdentity} from '@smithy/types';
import type {Context} from '../context.js';
import {compareNewestFirst, describeModel, isRuntimeId, toMantleId} from '../bedrock/models.js';
import {bedrockClient, regionModels, withDeadline} from '../bedrock/probe.js';
import {StepError, toFailure} from '../errors.js';
import {profileCredentials} from '../sso/portal.js';
import type {Step, StepIO} from '../types.js';
import {titleOf} from './titles.js';
import {profileProven} from './region.js';

/** How long listing a region's models may take, retries included. */
const LIST_DEADLINE_MS = 15_000;

/** The IAM actions this step and Codex need, named when AWS says access is denied. */
export const NEEDED_ACTIONS = [
	'bedrock:ListFoundationModels',
	'bedrock:GetFoundationModelAvailability',
	'bedrock-mantle:* (or the managed policy AmazonBedrockMantleInferenceAccess)',
	'aws-marketplace:Subscribe, aws-marketplace:Unsubscribe, aws-marketplace:ViewSubscriptions',
];

function deniedFailure(error: unknown, what: string): StepError {
	const failure = toFailure(error);
	return new StepError({
		...failure,
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
		const offers = await io.task('Reading the agreement offer', () => client.send(new ListFoundationModelAgreementOffersCommand({modelId: runtimeId, offerType: 'PUBLIC'}), {abortSignal: ctx.signal})).catch((e: unknown) => {
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
		await io.task('Creating the agreement', () => client.send(new CreateFoundationModelAgreementCommand({modelId: runtimeId, offerToken: offer.offerToken!}), {abortSignal: ctx.signal})).catch((e: unknown) => {
			throw deniedFailure(e, 'Creating the agreement failed');
		});
		io.note(`Agreement created for ${runtimeId}. The Marketplace subscription may take a few minutes to be active.`, 'success');
		return true;
	} finally {
		client.destroy();
	}
}

export const modelAccess: Step = {
	id: 'model-access',
	title: titleOf('model-access'),
	flags: [
		{name: 'model', type: 'string', valueName: 'ID', description: 'Model for Codex, as a Mantle ID (openai.gpt-5.4); a Runtime ID (…-1:0) is mapped.'},
		{name: 'accept-agreement', type: 'boolean', description: 'Accept the model\'s Marketplace agreement if one is needed (never implied by --yes).'},
	],
	async run(ctx, io, answers) {
		const {profile, region} = answers;
		if (!profile || !region) {
			return {status: 'failed', failure: {code: 'model.no-region', message: 'Choose a profile and a region first.', fixStep: profile ? 'region' : 'sso-profile'}};
		}
		const credentials = await io.task(`Getting credentials for profile ${profile}`, () => profileCredentials(ctx, profile));
		// The region probe asked these already (regionModels keeps its answers for the run); only a region
		// it could not read is asked again, under a deadline, and Esc or Ctrl-C stops the wait.
		const [served, listed] = await io.task(`Listing the OpenAI models Mantle serves in ${region}`, (signal) =>
			Promise.all([
				withDeadline(signal, LIST_DEADLINE_MS, (s) => regionModels(ctx, region, credentials, LIST_DEADLINE_MS, {signal: s}).mantle()).catch((e: unknown) => {
					if (signal.aborted) throw signal.reason;
					throw deniedFailure(e, `Listing models on Mantle in ${region} failed`);
				}),
				withDeadline(signal, LIST_DEADLINE_MS, (s) => regionModels(ctx, region, credentials, LIST_DEADLINE_MS, {signal: s}).listed()).catch((e: unknown) => e as Error),
			]),
		);
		const seen = served.map((m) => m.id).filter((id) => id.startsWith('openai.')).sort(compareNewestFirst);
		const allowed = ctx.locks?.models;
		const ids = allowed ? seen.filter((id) => allowed.includes(id)) : seen;
		if (allowed && ids.length === 0 && seen.length > 0) {
			return {status: 'failed', failure: {code: 'model.none-allowed', message: `None of the models your team's preset allows (${allowed.join(', ')}) is served in ${region} for this account.`, hint: `Served here: ${seen.join(', ')}. Choose another allowed region, or ask whoever maintains the preset.`, fixStep: 'region'}};
		}
		if (ids.length === 0) {
			return {status: 'failed', failure: {code: 'model.none-in-region', message: `This account sees no OpenAI model on Mantle in ${region}.`, hint: 'Go back and choose another region, or ask your administrator about model access there.', fixStep: 'region'}};
		}

		// A Runtime ID (from a flag, a preset or an old config) is explained and mapped.
		let wanted = typeof ctx.flags['model'] === 'string' ? ctx.flags['model'] : undefined;
		if (wanted && isRuntimeId(wanted)) {
			io.note(`${wanted} is a Bedrock Runtime ID; Codex talks to Mantle, which names the same model ${toMantleId(wanted)}. Using ${toMantleId(wanted)}.`, 'warning');
			wanted = toMantleId(wanted);
		}
		let model: string;
		if (wanted) {
			if (!ids.includes(wanted)) {
				return {status: 'failed', failure: {code: 'model.not-in-region', message: `${wanted} is not served on Mantle in ${region} for this account.`, hint: `Models here: ${ids.join(', ')}.`, fixStep: 'region'}};
			}
			model = wanted;
		} else {
			const previous = answers.model ? toMantleId(answers.model) : undefined;
			model = await io.ask({
				kind: 'select',
				id: 'model',
				flag: '--model',
				message: `Model (${ids.length} served in ${region}, newest first)`,
				choices: ids.map((id) => {
					const route = served.find((m) => m.id === id)?.route;
					// Codex calls /openai/v1; gpt-oss is served on /v1 (codex#37246): the test prompt will tell.
					const note = route === '/v1' ? 'may not work in Codex yet' : '';
					return {value: id, label: id, hint: [describeModel(id), note].filter(Boolean).join(' · ')};
				}),
				default: previous && ids.includes(previous) ? previous : ids[0]!,
			});
		}

		// Access: GetFoundationModelAvailability speaks in Runtime / control-plane IDs.
		if (listed instanceof Error) throw deniedFailure(listed, `Listing foundation models in ${region} failed`);
		const runtimeId = listed.find((id) => toMantleId(id) === model);
		if (!runtimeId) {
			io.note(`The control plane does not list ${model} in ${region}; access is proven by the test prompt instead.`, 'warning');
			return {status: 'done', summary: model, answers: {model}};
		}
		const {GetFoundationModelAvailabilityCommand} = await import('@aws-sdk/client-bedrock');
		const client = await bedrockClient(ctx, region, credentials, 15_000);
		let availability: Availability;
		try {
			availability = await io.task(`Checking access to ${model}`, () => client.send(new GetFoundationModelAvailabilityCommand({modelId: runtimeId}), {abortSignal: ctx.signal})).catch((e: unknown) => {
				throw deniedFailure(e, `Checking access to ${model} failed`);
			});
		} finally {
			client.destroy();
		}
		io.block(`Access to ${model} in ${region}`, describeAvailability(availability));
		if (availability.regionAvailability !== 'AVAILABLE') {
			return {status: 'failed', failure: {code: 'model.region-unavailable', message: `${model} is not available in ${region}.`, fixStep: 'region', context: {model}}};
		}
		if (availability.authorizationStatus !== 'AUTHORIZED') {
			return {status: 'failed', failure: {code: 'model.not-authorized', message: `Your role is not authorized to use ${model}.`, hint: `The role needs: ${NEEDED_ACTIONS.join('; ')}; check SCPs too.`, context: {model}}};
		}
		const agreement = availability.agreementAvailability?.status;
		if (agreement === 'ERROR') {
			return {status: 'failed', failure: {code: 'model.agreement-error', message: `The Marketplace agreement for ${model} failed: ${availability.agreementAvailability?.errorMessage ?? 'no reason given'}.`, hint: 'Grant aws-marketplace:Subscribe, Unsubscribe and ViewSubscriptions, check the payment method, then retry after 5 minutes.', context: {model}}};
		}
		if (agreement === 'NOT_AVAILABLE' || availability.entitlementAvailability !== 'AVAILABLE') {
			if (!(await offerAgreement(ctx, io, region, credentials, runtimeId))) return {status: 'done', summary: `${model} · agreement needed (not created: dry run)`, answers: {model}};
		} else if (agreement === 'PENDING') {
			io.note('The agreement is still being processed; the model should work within 15 minutes.', 'warning');
		}
		return {status: 'done', summary: `${model} · access granted`, answers: {model}};
	},
};
