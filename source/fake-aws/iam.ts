// A small IAM policy evaluator for the simulated AWS, keyed by the caller's permission set (the role name
// IAM Identity Center gives it). It knows which action(s) and resource each operation the fake serves needs
// (PERMISSIONS), and answers like IAM: an explicit Deny wins, else an Allow must match the action
// (wildcards, case-insensitive) and the resource (wildcards), else the call is refused with AWS's message
// "User: ARN is not authorized to perform: ACTION on resource: RESOURCE because no identity-based policy
// allows the ACTION action". Conditions: only aws:RequestedRegion with StringEquals / StringNotEquals; a
// statement with any other condition does not apply (so an Allow we cannot judge never lets a call through).
// A role without a permission set in the scenario is not checked (every scenario written before this).
import type {FakeWorld} from './types.js';
import {ADMINISTRATOR_ACCESS, type PermissionSetFixture} from './team-fixtures.js';

export interface Needed {
	action: string;
	/** The resource ARN the action is checked on ("*" for actions without resource types). */
	resource: string;
}

/**
 * Operation -> what IAM checks. Bedrock, Budgets, CloudTrail and IAM Identity Center action names are the
 * Service Authorization Reference's (Budgets' DescribeBudgets is budgets:ViewBudget, CreateBudget is
 * budgets:ModifyBudget). Mantle: bedrock-mantle:CreateInference on project/default is quoted from a real
 * AccessDenied (litellm#33094); GetProject alongside it follows AWS's inference permissions page; the action
 * behind GET /v1/models is not documented, so ListModels is INFERRED (the managed policy grants List*).
 * CreateFoundationModelAgreement also needs the caller's Marketplace permissions (the MARKETPLACE_DENIED
 * message in scenarios.ts names them).
 */
/**
 * `resource`: what the request names, for operations whose IAM resource is in the request (a Runtime model or
 * inference-profile ARN: InvokeModel). A service handler passes it through gate(..., resource).
 * Adding an operation to the fake means adding it here: a caller with a permission set is refused loudly
 * for an operation this table does not know.
 */
const PERMISSIONS: Record<string, (region: string, account: string, resource?: string) => Needed[]> = {
	ListFoundationModels: () => [{action: 'bedrock:ListFoundationModels', resource: '*'}],
	ListInferenceProfiles: () => [{action: 'bedrock:ListInferenceProfiles', resource: '*'}],
	// Codex's amazon-bedrock-runtime provider: the Responses API on bedrock-runtime, streamed (services/runtime.ts).
	RuntimeResponses: (r, _a, resource) => [{action: 'bedrock:InvokeModelWithResponseStream', resource: resource ?? `arn:aws:bedrock:${r}::foundation-model/*`}],
	GetFoundationModel: () => [{action: 'bedrock:GetFoundationModel', resource: '*'}],
	GetFoundationModelAvailability: () => [{action: 'bedrock:GetFoundationModelAvailability', resource: '*'}],
	ListFoundationModelAgreementOffers: () => [{action: 'bedrock:ListFoundationModelAgreementOffers', resource: '*'}],
	CreateFoundationModelAgreement: () => [
		{action: 'bedrock:CreateFoundationModelAgreement', resource: '*'},
		{action: 'aws-marketplace:ViewSubscriptions', resource: '*'},
		{action: 'aws-marketplace:Subscribe', resource: '*'},
	],
	GetModelInvocationLoggingConfiguration: () => [{action: 'bedrock:GetModelInvocationLoggingConfiguration', resource: '*'}],
	MantleListModels: (r, a) => [{action: 'bedrock-mantle:ListModels', resource: `arn:aws:bedrock-mantle:${r}:${a}:project/default`}],
	MantleResponses: (r, a) => [
		{action: 'bedrock-mantle:CreateInference', resource: `arn:aws:bedrock-mantle:${r}:${a}:project/default`},
		{action: 'bedrock-mantle:GetProject', resource: `arn:aws:bedrock-mantle:${r}:${a}:project/default`},
	],
	// bedrock-runtime (the amazon-bedrock-runtime route): checked on the model or inference-profile ARN the request names.
	InvokeModel: (r, _a, resource) => [{action: 'bedrock:InvokeModel', resource: resource ?? `arn:aws:bedrock:${r}::foundation-model/*`}],
	InvokeModelWithResponseStream: (r, _a, resource) => [{action: 'bedrock:InvokeModelWithResponseStream', resource: resource ?? `arn:aws:bedrock:${r}::foundation-model/*`}],
	Converse: (r, _a, resource) => [{action: 'bedrock:InvokeModel', resource: resource ?? `arn:aws:bedrock:${r}::foundation-model/*`}],
	ConverseStream: (r, _a, resource) => [{action: 'bedrock:InvokeModelWithResponseStream', resource: resource ?? `arn:aws:bedrock:${r}::foundation-model/*`}],
	MantleChatCompletions: (r, a) => [{action: 'bedrock-mantle:CreateInference', resource: `arn:aws:bedrock-mantle:${r}:${a}:project/default`}],
	DescribeBudgets: (_r, a) => [{action: 'budgets:ViewBudget', resource: `arn:aws:budgets::${a}:budget/*`}],
	DescribeNotificationsForBudget: (_r, a) => [{action: 'budgets:ViewBudget', resource: `arn:aws:budgets::${a}:budget/*`}],
	DescribeSubscribersForNotification: (_r, a) => [{action: 'budgets:ViewBudget', resource: `arn:aws:budgets::${a}:budget/*`}],
	CreateBudget: (_r, a) => [{action: 'budgets:ModifyBudget', resource: `arn:aws:budgets::${a}:budget/*`}],
	CreateNotification: (_r, a) => [{action: 'budgets:ModifyBudget', resource: `arn:aws:budgets::${a}:budget/*`}],
	DescribeTrails: () => [{action: 'cloudtrail:DescribeTrails', resource: '*'}],
	GetEventSelectors: (r, a) => [{action: 'cloudtrail:GetEventSelectors', resource: `arn:aws:cloudtrail:${r}:${a}:trail/*`}],
	GetTrailStatus: (r, a) => [{action: 'cloudtrail:GetTrailStatus', resource: `arn:aws:cloudtrail:${r}:${a}:trail/*`}],
	ListInstances: () => [{action: 'sso:ListInstances', resource: '*'}],
	ListPermissionSets: () => [{action: 'sso:ListPermissionSets', resource: '*'}],
	DescribePermissionSet: () => [{action: 'sso:DescribePermissionSet', resource: '*'}],
	GetInlinePolicyForPermissionSet: () => [{action: 'sso:GetInlinePolicyForPermissionSet', resource: '*'}],
	ListManagedPoliciesInPermissionSet: () => [{action: 'sso:ListManagedPoliciesInPermissionSet', resource: '*'}],
	PutInlinePolicyToPermissionSet: () => [{action: 'sso:PutInlinePolicyToPermissionSet', resource: '*'}],
	CreatePermissionSet: () => [{action: 'sso:CreatePermissionSet', resource: '*'}],
	ProvisionPermissionSet: () => [{action: 'sso:ProvisionPermissionSet', resource: '*'}],
	DescribePermissionSetProvisioningStatus: () => [{action: 'sso:DescribePermissionSetProvisioningStatus', resource: '*'}],
};

interface Statement {
	Effect?: string;
	Action?: string | string[];
	NotAction?: string | string[];
	Resource?: string | string[];
	NotResource?: string | string[];
	Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (value: string | string[] | undefined): string[] | undefined => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

function glob(pattern: string, value: string, caseInsensitive: boolean): boolean {
	const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
	return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

function conditionHolds(condition: Statement['Condition'], region: string): boolean {
	if (!condition) return true;
	for (const [operator, keys] of Object.entries(condition)) {
		for (const [key, expected] of Object.entries(keys)) {
			if (key.toLowerCase() !== 'aws:requestedregion') return false;
			const values = list(expected)!;
			if (operator === 'StringEquals' && !values.includes(region)) return false;
			else if (operator === 'StringNotEquals' && values.includes(region)) return false;
			else if (operator !== 'StringEquals' && operator !== 'StringNotEquals') return false;
		}
	}
	return true;
}

function applies(statement: Statement, needed: Needed, region: string): boolean {
	const actions = list(statement.Action);
	const notActions = list(statement.NotAction);
	const actionMatch = actions ? actions.some((a) => glob(a, needed.action, true)) : notActions ? !notActions.some((a) => glob(a, needed.action, true)) : false;
	if (!actionMatch) return false;
	const resources = list(statement.Resource);
	const notResources = list(statement.NotResource);
	// A call checked on "*" (no resource type) is matched only by a Resource "*" statement.
	const resourceMatch = resources ? resources.some((r) => r === '*' || (needed.resource !== '*' && glob(r, needed.resource, false))) : notResources ? !notResources.some((r) => r === '*' || glob(r, needed.resource, false)) : false;
	return resourceMatch && conditionHolds(statement.Condition, region);
}

function statementsOf(policy: string | undefined): Statement[] {
	if (!policy) return [];
	const parsed = JSON.parse(policy) as {Statement?: Statement | Statement[]};
	return list(parsed.Statement as never) as unknown as Statement[];
}

export type Decision = {allowed: true} | {allowed: false; needed: Needed; explicit: boolean};

export function evaluate(permissionSet: PermissionSetFixture, needed: Needed, region: string): {allowed: boolean; explicit: boolean} {
	const {inlinePolicy, managedPolicies} = permissionSet.provisioned;
	const statements = statementsOf(inlinePolicy);
	if (statements.some((s) => s.Effect === 'Deny' && applies(s, needed, region))) return {allowed: false, explicit: true};
	if (managedPolicies?.includes(ADMINISTRATOR_ACCESS)) return {allowed: true, explicit: false};
	return {allowed: statements.some((s) => s.Effect === 'Allow' && applies(s, needed, region)), explicit: false};
}

/** The caller's permission set in this scenario, if the scenario has one for its role. */
export function permissionSetOf(world: FakeWorld, roleName: string | undefined): PermissionSetFixture | undefined {
	if (!roleName) return undefined;
	return world.scenario.team?.identityCenter.permissionSets.find((p) => p.Name === roleName);
}

/** Whether the caller may make this call; the first permission missing otherwise. */
export function authorize(world: FakeWorld, caller: {roleName?: string | undefined; accountId: string}, operation: string, region: string, resource?: string): Decision {
	const permissionSet = permissionSetOf(world, caller.roleName);
	if (!permissionSet) return {allowed: true};
	const needs = PERMISSIONS[operation];
	// An operation the evaluator does not know is a mistake in the fake: refuse loudly rather than allow.
	if (!needs) return {allowed: false, needed: {action: `[fake-aws] no IAM mapping for ${operation}`, resource: '*'}, explicit: false};
	for (const needed of needs(region, caller.accountId, resource)) {
		const verdict = evaluate(permissionSet, needed, region);
		if (!verdict.allowed) return {allowed: false, needed, explicit: verdict.explicit};
	}
	return {allowed: true};
}

/** IAM's AccessDenied message. */
export function deniedMessage(arn: string, decision: Extract<Decision, {allowed: false}>): string {
	const {action, resource} = decision.needed;
	const on = resource === '*' ? '' : ` on resource: ${resource}`;
	return decision.explicit
		? `User: ${arn} is not authorized to perform: ${action}${on} with an explicit deny in an identity-based policy`
		: `User: ${arn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`;
}
