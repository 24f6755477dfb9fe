// The documents `team init` writes beside the preset: the least-privilege IAM policy for the developers'
// permission set, and an SCP snippet that denies other regions (and, on the Runtime route, other models).
//
// Data-driven: ROUTE_PERMISSIONS says, per Codex route, which actions the wizard's checks and Codex's own
// calls need and on which resources; COMMON_PERMISSIONS what every route needs (the model-access step's
// read-only checks and the Marketplace actions a third-party model needs on first use). Another route is
// one more entry. Every statement carries a `why`, which the explanation file (permissions.md) prints and
// which IAM never sees (a policy document has no place for comments; its Sid names the statement).
import {isRuntimeId, regionFacts} from '../bedrock/models.js';

export type Route = 'mantle' | 'runtime';
export const ROUTES: readonly Route[] = ['mantle', 'runtime'];
/** How far a Runtime request may travel: the foundation model in-region, a geographic or the global inference profile. */
export type InferenceScope = 'in-region' | 'geographic' | 'global';
export const SCOPES: readonly InferenceScope[] = ['in-region', 'geographic', 'global'];

export interface TeamPlan {
	accountId: string;
	/** Approved regions, in order. */
	regions: readonly string[];
	/** Approved models, as Mantle IDs (openai.gpt-5.4). */
	models: readonly string[];
	routes: readonly Route[];
	scopes: readonly InferenceScope[];
}

export interface PolicyStatement {
	Sid: string;
	Effect: 'Allow' | 'Deny';
	Action?: string[];
	NotAction?: string[];
	Resource?: string | string[];
	NotResource?: string[];
	Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
	Version: '2012-10-17';
	Statement: PolicyStatement[];
}

/** A statement and why it is there (for the explanation file). */
export interface ExplainedStatement {
	statement: PolicyStatement;
	why: string;
	/** Where the need comes from: the call that needs it. */
	neededBy: string;
}

/** The control-plane ID of a model the wizard knows by its Mantle ID (gpt-oss carries a -1:0 version; GPT-5.x do not). */
export function runtimeModelId(mantleId: string): string {
	if (isRuntimeId(mantleId)) return mantleId;
	return /^openai\.gpt-oss/.test(mantleId) ? `${mantleId}-1:0` : mantleId;
}

/** The prefix of a geographic inference profile for a region (us., eu., apac., ca., ...), from the region's geography. */
export function geographicPrefix(region: string): string {
	const geography = regionFacts(region)?.geography ?? '';
	if (geography === 'US') return 'us';
	if (geography === 'Canada') return 'ca';
	if (geography.startsWith('EU') || geography.startsWith('Europe')) return 'eu';
	if (region.startsWith('ap-')) return 'apac';
	if (region.startsWith('sa-')) return 'sa';
	return region.split('-')[0]!;
}

export const ARN = {
	foundationModel: (region: string, modelId: string) => `arn:aws:bedrock:${region}::foundation-model/${modelId}`,
	inferenceProfile: (region: string, account: string, profileId: string) => `arn:aws:bedrock:${region}:${account}:inference-profile/${profileId}`,
	mantleProject: (region: string, account: string) => `arn:aws:bedrock-mantle:${region}:${account}:project/*`,
};

/** Which Runtime model IDs a scope calls: the foundation model, us.openai..., global.openai... */
export function runtimeIds(plan: TeamPlan, region: string, mantleId: string): Array<{id: string; scope: InferenceScope}> {
	const id = runtimeModelId(mantleId);
	return plan.scopes.map((scope) => ({scope, id: scope === 'in-region' ? id : scope === 'global' ? `global.${id}` : `${geographicPrefix(region)}.${id}`}));
}

interface RouteEntry {
	/** Codex's provider id for the route. */
	provider: string;
	statements(plan: TeamPlan): ExplainedStatement[];
}

/** Per route: what Codex's calls (and the wizard's test prompt on the same path) need. */
export const ROUTE_PERMISSIONS: Record<Route, RouteEntry> = {
	mantle: {
		provider: 'amazon-bedrock',
		statements: (plan) => [
			{
				statement: {
					Sid: 'MantleInference',
					Effect: 'Allow',
					// bedrock-mantle has no SDK service model: the actions are the Service Authorization Reference's
					// (list_bedrock-mantle.html) and the managed policy AmazonBedrockMantleInferenceAccess, narrowed
					// from project/* in every region and account to the approved regions of this account.
					Action: ['bedrock-mantle:CreateInference', 'bedrock-mantle:GetProject', 'bedrock-mantle:List*'],
					Resource: plan.regions.map((r) => ARN.mantleProject(r, plan.accountId)),
				},
				why: 'Codex (provider amazon-bedrock) and the wizard\'s test prompt call POST /openai/v1/responses on bedrock-mantle, which is bedrock-mantle:CreateInference on the project (AWS\'s inference page also lists GetProject for inference); the wizard lists the served models with GET /v1/models (a List action). Only in the approved regions of this account.',
				neededBy: 'region and model steps (GET /v1/models), test prompt and Codex (POST /openai/v1/responses)',
			},
		],
	},
	runtime: {
		provider: 'amazon-bedrock-runtime',
		statements: (plan) => {
			const profiles: string[] = [];
			const models = new Set<string>();
			for (const region of plan.regions) {
				for (const model of plan.models) {
					for (const {id, scope} of runtimeIds(plan, region, model)) {
						if (scope === 'in-region') models.add(ARN.foundationModel(region, id));
						else profiles.push(ARN.inferenceProfile(region, plan.accountId, id));
					}
					// An inference profile routes to the foundation model in its destination regions: IAM checks those
					// too. A geographic profile's destinations are its geography's regions; a global profile's any region.
					const base = runtimeModelId(model);
					if (plan.scopes.includes('geographic')) models.add(ARN.foundationModel(`${region.split('-')[0]}-*`, base));
					if (plan.scopes.includes('global')) models.add(`arn:aws:bedrock:::foundation-model/${base}`);
				}
			}
			const discovery: ExplainedStatement[] = plan.scopes.some((scope) => scope !== 'in-region') ? [
				{
					statement: {Sid: 'RuntimeProfileDiscovery', Effect: 'Allow', Action: ['bedrock:ListInferenceProfiles'], Resource: '*'},
					why: 'On the Runtime route the region probe lists the cross-Region inference profiles each region offers (the us./eu./global. IDs Codex then uses). Read-only; Resource "*". The Mantle route does not need it.',
					neededBy: 'region step (probe), Runtime route with inference profiles',
				},
			] : [];
			return [
				...discovery,
				{
					// Only the streaming action: Codex and the wizard's test prompt call the Responses API with stream: true,
					// which IAM checks as InvokeModelWithResponseStream (test/team/init-wizard.test.ts removes it and sees
					// the test prompt fail; nothing needs bedrock:InvokeModel, so it is not granted).
					statement: {Sid: 'RuntimeInvokeApprovedModels', Effect: 'Allow', Action: ['bedrock:InvokeModelWithResponseStream'], Resource: [...new Set([...profiles, ...models])]},
					why: 'Codex (provider amazon-bedrock-runtime) calls the Responses API on bedrock-runtime, streamed, with the approved model IDs: the foundation model for in-region use, the us./eu./global. inference profile otherwise; IAM also checks the foundation model in each destination region of a profile. Exact ARNs only: no other model can be invoked. Non-streaming bedrock:InvokeModel is not needed by Codex or the wizard; add it only if a tool of yours calls it.',
					neededBy: 'test prompt and Codex on bedrock-runtime',
				},
			];
		},
	},
};

/** What every route needs: the wizard's read-only checks and the first use of a Marketplace model. */
export const COMMON_PERMISSIONS: readonly ExplainedStatement[] = [
	{
		statement: {Sid: 'BedrockReadOnlyChecks', Effect: 'Allow', Action: ['bedrock:ListFoundationModels', 'bedrock:GetFoundationModelAvailability'], Resource: '*'},
		why: 'The wizard\'s region probe lists the OpenAI models each region offers (ListFoundationModels), and the model step checks authorization, entitlement and agreement (GetFoundationModelAvailability). Read-only; account-wide calls, so Resource "*".',
		neededBy: 'region step (probe) and model step (access check)',
	},
	{
		statement: {Sid: 'ModelAgreementOnFirstUse', Effect: 'Allow', Action: ['bedrock:ListFoundationModelAgreementOffers', 'bedrock:CreateFoundationModelAgreement'], Resource: '*'},
		why: 'OpenAI models are third-party models: the first person to use one in the account reads its offer and accepts it (only after an explicit yes, --accept-agreement). Remove this statement once the lead has accepted every approved model\'s agreement.',
		neededBy: 'model step, when an agreement is missing',
	},
	{
		statement: {Sid: 'MarketplaceSubscribeOnFirstUse', Effect: 'Allow', Action: ['aws-marketplace:Subscribe', 'aws-marketplace:ViewSubscriptions'], Resource: '*'},
		why: 'Accepting the agreement subscribes the account to the model\'s AWS Marketplace product, which Bedrock does with the caller\'s aws-marketplace:Subscribe and ViewSubscriptions permissions. These two are the ones AWS\'s refusal names ("not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe)"). AWS\'s model-access page also lists aws-marketplace:Unsubscribe among the prerequisites; it only cancels a subscription, which developers never need, so it is left out: add it if a subscription still fails with both of these granted. Also removable once the agreements exist.',
		neededBy: 'model step, CreateFoundationModelAgreement',
	},
];

export function explainedDeveloperPolicy(plan: TeamPlan): ExplainedStatement[] {
	return [...plan.routes.flatMap((route) => ROUTE_PERMISSIONS[route].statements(plan)), ...COMMON_PERMISSIONS];
}

export function developerPolicy(plan: TeamPlan): PolicyDocument {
	return {Version: '2012-10-17', Statement: explainedDeveloperPolicy(plan).map((s) => s.statement)};
}

/** The SCP snippet: deny Bedrock and Mantle outside the approved regions; on Runtime, deny invoking other models. */
export function explainedScp(plan: TeamPlan): ExplainedStatement[] {
	const statements: ExplainedStatement[] = [
		{
			statement: {
				Sid: 'DenyBedrockOutsideApprovedRegions',
				Effect: 'Deny',
				Action: ['bedrock:*', 'bedrock-mantle:*'],
				Resource: '*',
				Condition: {StringNotEquals: {'aws:RequestedRegion': [...plan.regions]}},
			},
			why: `No Bedrock or Bedrock Mantle call is allowed in any region but ${plan.regions.join(', ')}, whatever a role allows (an SCP applies to every principal in the account except the management account).${plan.scopes.some((s) => s !== 'in-region') ? ' With geographic or global inference profiles approved, AWS evaluates the request in the destination region too: add the destination regions here, or requests routed there are denied.' : ''}`,
			neededBy: 'data residency',
		},
	];
	if (plan.routes.includes('runtime')) {
		const runtime = ROUTE_PERMISSIONS.runtime.statements(plan)[0]!.statement;
		statements.push({
			statement: {Sid: 'DenyInvokingUnapprovedModels', Effect: 'Deny', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], NotResource: runtime.Resource as string[]},
			why: `On the Runtime route only ${plan.models.join(', ')} may be invoked (the same exact ARNs as the permission set).`,
			neededBy: 'approved models',
		});
	}
	return statements;
}

export function scpSnippet(plan: TeamPlan): PolicyDocument {
	return {Version: '2012-10-17', Statement: explainedScp(plan).map((s) => s.statement)};
}

/** Every action a policy names (wildcards as written). */
export function actionsOf(policy: PolicyDocument): string[] {
	return policy.Statement.flatMap((s) => s.Action ?? []);
}

/** The same document without one action (for the "neither too small nor padded" test and for diffs). */
export function withoutAction(policy: PolicyDocument, action: string): PolicyDocument {
	return {
		...policy,
		Statement: policy.Statement.map((s) => ({...s, ...(s.Action ? {Action: s.Action.filter((a) => a !== action)} : {})})).filter((s) => !s.Action || s.Action.length > 0),
	};
}
