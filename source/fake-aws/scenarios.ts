// Named scenarios of the simulated AWS, as data. The region catalogues follow the AWS tables copied in
// shared/reference/bedrock.md (snapshot of 2026-11-23): which regions have the Mantle endpoint and which
// OpenAI models are documented in-region there. A scenario changes the fixtures or injects faults.
import {MESSAGES} from './sigv4.js';
import type {Fault, ModelFixture, ProfileFixture, RegionFixture, Scenario, SsoFixture} from './types.js';
import {teamScenarios} from './team-scenarios.js';

/** The 12 regions with a bedrock-mantle endpoint (bedrock-mantle.html; Codex mantle.rs allow-list). */
export const MANTLE_REGIONS = [
	'us-east-2',
	'us-east-1',
	'us-west-2',
	'ap-southeast-3',
	'ap-south-1',
	'ap-northeast-1',
	'eu-central-1',
	'eu-west-1',
	'eu-west-2',
	'eu-south-1',
	'eu-north-1',
	'sa-east-1',
] as const;

const granted: ModelFixture['availability'] = {
	agreement: 'AVAILABLE',
	authorization: 'AUTHORIZED',
	entitlement: 'AVAILABLE',
	region: 'AVAILABLE',
};

function gptOss(size: '120b' | '20b', availability = granted): ModelFixture {
	return {
		runtimeId: `openai.gpt-oss-${size}-1:0`,
		mantleId: `openai.gpt-oss-${size}`,
		name: `gpt-oss-${size}`,
		provider: 'OpenAI',
		mantleRoute: '/v1',
		contextWindow: 128_000,
		availability,
		// On Runtime for InvokeModel/Converse (ON_DEMAND); its Responses API is Mantle-only (runtime.ts refuses it).
		runtime: true,
	};
}

function safeguard(size: '120b' | '20b', availability = granted): ModelFixture {
	return {
		runtimeId: `openai.gpt-oss-safeguard-${size}-1:0`,
		mantleId: `openai.gpt-oss-safeguard-${size}`,
		name: `gpt-oss-safeguard-${size}`,
		provider: 'OpenAI',
		mantleRoute: '/v1',
		contextWindow: 128_000,
		availability,
		// On Runtime for InvokeModel/Converse (ON_DEMAND); its Responses API is Mantle-only (runtime.ts refuses it).
		runtime: true,
	};
}

/**
 * A GPT model served in-region. `runtime`: also on Bedrock Runtime's Responses API (ON_DEMAND in
 * ListFoundationModels). GPT-5.5 and GPT-5.4 are Mantle-only: Codex 0.169.0's Runtime catalogue has no
 * GPT-5.5/5.4 entry while its Mantle catalogue has GPT-5.5 (`codex debug models`), and AWS's launch posts
 * call them through bedrock-mantle (classmethod 2026-06-02). GPT-5.6 and later are on both endpoints
 * (model cards model-card-openai-gpt-56-terra, model-card-openai-gpt-6-sol: bedrock-runtime supported,
 * bedrock-mantle supported).
 */
function frontier(id: string, name: string, contextWindow: number, options: {runtime?: boolean; mantle?: boolean; availability?: ModelFixture['availability']} = {}): ModelFixture {
	const mantle = options.mantle ?? true;
	return {
		runtimeId: id,
		...(mantle ? {mantleId: id, mantleRoute: '/openai/v1' as const} : {mantleRoute: '/openai/v1' as const}),
		name,
		provider: 'OpenAI',
		contextWindow,
		availability: options.availability ?? granted,
		...(options.runtime ? {runtime: true} : {}),
	};
}

/** The GPT models Codex 0.169.0 knows on Bedrock from 5.6 on (`codex debug models`), with their display names. */
export const PROFILE_MODELS: ReadonlyArray<[string, string, number]> = [
	['openai.gpt-6.1-sol', 'GPT-6.1 Sol', 272_000],
	['openai.gpt-6-astra', 'GPT-6-Astra', 272_000],
	['openai.gpt-6.1-terra', 'GPT-6.1 Terra', 500_000],
	// AWS's model card says 1,050,000 (model-card-openai-gpt-6-sol); the docs win over Codex's 272K here.
	['openai.gpt-6-sol', 'GPT-6 Sol', 1_050_000],
	['openai.gpt-6-luna', 'GPT-6 Luna', 272_000],
	['openai.gpt-5.6-sol', 'GPT-5.6 Sol', 272_000],
	['openai.gpt-5.6-terra', 'GPT-5.6 Terra', 272_000],
	['openai.gpt-5.6-luna', 'GPT-5.6 Luna', 272_000],
];

const GPT_OSS_REGIONS = new Set([
	'us-east-1', 'us-east-2', 'us-west-2', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'eu-west-1', 'eu-west-2',
	'ap-northeast-1', 'ap-south-1', 'ap-southeast-2', 'ap-southeast-3', 'sa-east-1',
]);
const SAFEGUARD_REGIONS = new Set([
	'us-east-1', 'us-east-2', 'us-west-2', 'eu-south-1', 'eu-west-1', 'eu-west-2', 'ap-northeast-1', 'ap-south-1',
	'ap-southeast-2', 'sa-east-1',
]);
/** In-region GPT-5.6 (source/data/regions.json: us-east-1 and us-east-2 all three, us-west-2 Terra and Luna). */
const GPT_56_IN_REGION: Record<string, string[]> = {
	'us-east-1': ['openai.gpt-5.6-sol', 'openai.gpt-5.6-terra', 'openai.gpt-5.6-luna'],
	'us-east-2': ['openai.gpt-5.6-sol', 'openai.gpt-5.6-terra', 'openai.gpt-5.6-luna'],
	'us-west-2': ['openai.gpt-5.6-terra', 'openai.gpt-5.6-luna'],
};
/** The US geography of the us.* profiles: Codex labels them "US cross-region". */
const US_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'];

/** Every commercial Bedrock region the fake knows, with and without Mantle. */
export const ALL_REGIONS = [
	...MANTLE_REGIONS,
	'us-west-1',
	'ca-central-1',
	'ca-west-1',
	'eu-central-2',
	'eu-south-2',
	'eu-west-3',
	'ap-southeast-2',
] as const;

/**
 * The profiles a source region offers: global.* everywhere (routing to any commercial region), us.* in the
 * US regions. No eu.*, ca.* or apac.* profile exists for the OpenAI models in this catalogue (Codex 0.169.0
 * knows only global. and us. ones; AWS documents none for Canada).
 */
function profilesFor(region: string): ProfileFixture[] {
	const profiles: ProfileFixture[] = PROFILE_MODELS.map(([id, name]) => ({id: `global.${id}`, name: `Global ${name}`, modelId: id, destinations: [...ALL_REGIONS]}));
	if (US_REGIONS.includes(region)) profiles.push(...PROFILE_MODELS.map(([id, name]) => ({id: `us.${id}`, name: `US ${name}`, modelId: id, destinations: ['us-east-1', 'us-east-2', 'us-west-2']})));
	return profiles;
}

function catalogue(region: string): RegionFixture {
	const models: ModelFixture[] = [];
	if (GPT_OSS_REGIONS.has(region)) models.push(gptOss('120b'), gptOss('20b'));
	if (SAFEGUARD_REGIONS.has(region)) models.push(safeguard('120b'), safeguard('20b'));
	const hasMantle = (MANTLE_REGIONS as readonly string[]).includes(region);
	const inRegion = GPT_56_IN_REGION[region] ?? [];
	for (const [id, name, context] of PROFILE_MODELS) {
		// In-region where documented (Runtime and Mantle); elsewhere only reached through a profile (listed, not served here).
		models.push(frontier(id, name, context, inRegion.includes(id) ? {runtime: true} : {mantle: false}));
	}
	if (region === 'us-east-1' || region === 'us-east-2') models.push(frontier('openai.gpt-5.5', 'GPT-5.5', 272_000));
	if (region === 'us-east-1' || region === 'us-east-2' || region === 'us-west-2') {
		models.push(frontier('openai.gpt-5.4', 'GPT-5.4', 272_000));
	}
	return {mantle: hasMantle, models, profiles: profilesFor(region)};
}

function baseRegions(): Record<string, RegionFixture> {
	return Object.fromEntries(ALL_REGIONS.map((region) => [region, catalogue(region)]));
}

/** Obviously fake identifiers: nothing here looks like a real AWS key or account. */
export const DEMO_START_URL = 'https://d-9067example.awsapps.com/start';

function baseSso(): SsoFixture {
	return {
		region: 'us-east-1',
		startUrl: DEMO_START_URL,
		accounts: [
			{accountId: '111122223333', accountName: 'dev-sandbox', emailAddress: 'dev-sandbox@example.com', roles: ['BedrockDeveloper', 'ReadOnly']},
			{accountId: '444455556666', accountName: 'ml-platform', emailAddress: 'ml-platform@example.com', roles: ['BedrockDeveloper']},
		],
		pageSize: 1,
		deviceApproval: {kind: 'approve', afterPolls: 2},
		pkceApproval: {kind: 'approve', afterPolls: 0},
		accessTokenTtlSeconds: 3600,
		refresh: 'ok',
		roleCredentialsTtlSeconds: 3600,
		deviceCodeTtlSeconds: 600,
		pollIntervalSeconds: 1,
	};
}

function scenario(name: string, description: string, change: (s: Scenario) => void = () => {}): Scenario {
	const s: Scenario = {name, description, sso: baseSso(), regions: baseRegions(), faults: []};
	change(s);
	return s;
}

function setAvailability(s: Scenario, patch: Partial<ModelFixture['availability']>): void {
	for (const region of Object.values(s.regions)) {
		for (const model of region.models) model.availability = {...model.availability, ...patch};
	}
}

const fault = (f: Fault): Fault => f;

const MARKETPLACE_DENIED =
	'Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model. Refer to the Amazon Bedrock documentation for further details. Your AWS Marketplace subscription for this model cannot be completed at this time. If you recently fixed this issue, try again after 5 minutes.';

const builders: Record<string, () => Scenario> = {
	happy: () => scenario('happy', 'Everything works: one SSO instance, two accounts, every documented model granted.'),
	'single-account': () =>
		scenario('single-account', 'One account with one role: the wizard picks them and says so.', (s) => {
			s.sso.accounts = [{accountId: '111122223333', accountName: 'dev-sandbox', emailAddress: 'dev-sandbox@example.com', roles: ['BedrockDeveloper']}];
		}),
	'no-accounts': () =>
		scenario('no-accounts', 'The user has no account assignments in IAM Identity Center.', (s) => {
			s.sso.accounts = [];
		}),
	'device-denied': () =>
		scenario('device-denied', 'The user clicks "Deny" in the browser.', (s) => {
			s.sso.deviceApproval = {kind: 'deny'};
			s.sso.pkceApproval = {kind: 'deny'};
		}),
	'device-expired': () =>
		scenario('device-expired', 'Nobody approves the sign-in before it expires (after 20 s here, 10 min in AWS).', (s) => {
			s.sso.deviceApproval = {kind: 'expire'};
			s.sso.pkceApproval = {kind: 'expire'};
			// Short, so a --demo of this failure does not wait ten real minutes.
			s.sso.deviceCodeTtlSeconds = 20;
		}),
	'expired-token': () =>
		scenario('expired-token', 'Role credentials come back already expired: every signed call says the token is expired.', (s) => {
			s.sso.roleCredentialsTtlSeconds = -60;
			s.sso.refresh = 'invalid_grant';
		}),
	'no-model-access': () =>
		scenario('no-model-access', 'Models are listed but the account is not authorized to use them.', (s) => {
			setAvailability(s, {authorization: 'NOT_AUTHORIZED', agreement: 'NOT_AVAILABLE'});
			s.faults.push(fault({operation: 'MantleResponses', status: 403, errorType: 'AccessDeniedException', message: "You don't have access to the model with the specified model ID."}));
		}),
	'agreement-needed': () =>
		scenario('agreement-needed', 'Models need a Marketplace agreement first (CreateFoundationModelAgreement).', (s) => {
			setAvailability(s, {agreement: 'NOT_AVAILABLE', entitlement: 'NOT_AVAILABLE'});
		}),
	'agreement-pending': () =>
		scenario('agreement-pending', 'Models need an agreement, which stays PENDING for 45 s after it is created (AWS: the subscription takes a few minutes).', (s) => {
			setAvailability(s, {agreement: 'NOT_AVAILABLE', entitlement: 'NOT_AVAILABLE'});
			s.agreementActivationMs = 45_000;
		}),
	'marketplace-denied': () =>
		scenario('marketplace-denied', 'The role lacks aws-marketplace:Subscribe / ViewSubscriptions.', (s) => {
			setAvailability(s, {agreement: 'ERROR', entitlement: 'NOT_AVAILABLE'});
			s.faults.push(
				fault({operation: 'CreateFoundationModelAgreement', status: 403, errorType: 'AccessDeniedException', message: MARKETPLACE_DENIED}),
				fault({operation: 'MantleResponses', status: 403, errorType: 'AccessDeniedException', message: MARKETPLACE_DENIED}),
			);
		}),
	throttled: () =>
		scenario('throttled', 'Bedrock throttles the first calls (the SDK retries them).', (s) => {
			s.faults.push(
				fault({operation: 'ListFoundationModels', status: 429, errorType: 'ThrottlingException', message: 'Too many requests, please wait before trying again.', times: 2}),
				fault({operation: 'MantleResponses', status: 429, errorType: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.', times: 1}),
			);
		}),
	'region-without-openai': () =>
		scenario('region-without-openai', 'us-east-1 lists no OpenAI models for this account (as in ca-central-1).', (s) => {
			const region = s.regions['us-east-1'];
			if (region) {
				region.models = [];
				region.profiles = [];
			}
		}),
	'ca-no-openai': () =>
		scenario('ca-no-openai', 'ca-central-1 (no Mantle endpoint) lists no OpenAI model and no OpenAI inference profile for this account: the probe must say so.', (s) => {
			const region = s.regions['ca-central-1'];
			if (region) {
				region.models = [];
				region.profiles = [];
			}
		}),
	'runtime-profile-denied': () =>
		scenario('runtime-profile-denied', 'The role may invoke OpenAI foundation models but not the cross-Region inference profiles (no inference-profile ARN in its policy): Runtime answers 403.', (s) => {
			for (const region of Object.values(s.regions)) for (const profile of region.profiles ?? []) profile.authorized = false;
		}),
	'mantle-only-model': () =>
		scenario('mantle-only-model', 'In us-east-1, GPT-5.6 Sol is served only by Mantle: Runtime has it neither in-region nor through a profile.', (s) => {
			const region = s.regions['us-east-1'];
			if (!region) return;
			const sol = region.models.find((m) => m.runtimeId === 'openai.gpt-5.6-sol');
			if (sol) delete sol.runtime;
			region.profiles = (region.profiles ?? []).filter((p) => p.modelId !== 'openai.gpt-5.6-sol');
		}),
	'mantle-iam-denied': () =>
		scenario('mantle-iam-denied', 'The role may call bedrock:* but not bedrock-mantle:CreateInference.', (s) => {
			s.faults.push(
				fault({
					operation: 'MantleResponses',
					status: 403,
					errorType: 'AccessDeniedException',
					message:
						'User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev is not authorized to perform: bedrock-mantle:CreateInference on resource: arn:aws:bedrock-mantle:us-east-1:111122223333:project/default because no session policy allows the bedrock-mantle:CreateInference action',
				}),
			);
		}),
	'bedrock-iam-denied': () =>
		scenario('bedrock-iam-denied', 'The role may not call the Bedrock control plane at all.', (s) => {
			for (const operation of ['ListFoundationModels', 'GetFoundationModelAvailability']) {
				s.faults.push(
					fault({
						operation,
						status: 403,
						errorType: 'AccessDeniedException',
						message: `User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev is not authorized to perform: bedrock:${operation} because no identity-based policy allows the bedrock:${operation} action`,
					}),
				);
			}
		}),
	'slow-region': () =>
		scenario('slow-region', 'eu-west-1 answers after 1.5 s, us-west-2 after 0.6 s.', (s) => {
			const eu = s.regions['eu-west-1'];
			const usw = s.regions['us-west-2'];
			if (eu) eu.latencyMs = 1500;
			if (usw) usw.latencyMs = 600;
		}),
	'region-timeout': () =>
		scenario('region-timeout', 'eu-central-1 never answers: the probe must report a time-out, not "no models".', (s) => {
			s.faults.push(
				fault({operation: 'ListFoundationModels', region: 'eu-central-1', status: 0, errorType: '', message: '', hang: true}),
				fault({operation: 'MantleListModels', region: 'eu-central-1', status: 0, errorType: '', message: '', hang: true}),
				fault({operation: 'ListInferenceProfiles', region: 'eu-central-1', status: 0, errorType: '', message: '', hang: true}),
			);
		}),
	'clock-skew': () =>
		scenario('clock-skew', "This computer's clock is 12 minutes behind AWS: the SDK corrects itself from the Date header, a Mantle request signed with the local clock (as Codex signs it) is refused.", (s) => {
			// AWS allows 5 minutes; the refusal is "Signature expired: ..." (sigv4.ts), a 401 on Mantle.
			s.clockOffsetMs = 12 * 60_000;
		}),
	'mantle-invalid-token': () =>
		scenario('mantle-invalid-token', 'Mantle refuses the Responses call: 401 "The security token included in the request is invalid." (codex#37246).', (s) => {
			s.faults.push(fault({operation: 'MantleResponses', status: 401, errorType: 'UnrecognizedClientException', message: MESSAGES.unknownKey}));
		}),
	'mantle-expired-token': () =>
		scenario('mantle-expired-token', 'The credentials expire between the sign-in check and the Mantle call: 401 "The security token included in the request is expired".', (s) => {
			s.faults.push(fault({operation: 'MantleResponses', status: 401, errorType: 'ExpiredTokenException', message: MESSAGES.expiredToken}));
		}),
	'mantle-timeout': () =>
		scenario('mantle-timeout', 'Mantle accepts the Responses call and never answers: the caller must report a time-out.', (s) => {
			s.faults.push(fault({operation: 'MantleResponses', status: 0, errorType: '', message: '', hang: true}));
		}),
};

// The lead's side of the account (team check): budgets, CloudTrail, logging, permission sets (team-scenarios.ts).
Object.assign(builders, teamScenarios((name, description, change) => scenario(name, description, change)));

export const SCENARIO_NAMES = Object.keys(builders);

/** A fresh copy of a named scenario (callers may mutate it). */
export function getScenario(name: string): Scenario {
	const build = builders[name];
	if (!build) throw new Error(`Unknown scenario "${name}". Known scenarios: ${SCENARIO_NAMES.join(', ')}.`);
	return build();
}

export function describeScenarios(): Array<{name: string; description: string}> {
	return SCENARIO_NAMES.map((name) => ({name, description: getScenario(name).description}));
}
