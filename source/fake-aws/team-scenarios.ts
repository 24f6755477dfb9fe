// Scenarios for the team lead's commands (team check, team check --fix) and for a developer whose calls are
// checked against the permission set the lead generated. The account is prepared as `team init` and
// `team check --fix` leave it (team-ready); each other scenario breaks one thing. TEAM_PLAN is the team
// these fixtures were made for; the developer's permission set holds the policy `team init` generates for
// it (the fake takes it from the generator, as a lead would paste it: what is tested against it is whether
// the wizard's calls pass IAM, which iam.ts decides on its own).
import {developerPolicy, type TeamPlan} from '../core/team/policy.js';
import {ADMINISTRATOR_ACCESS, INSTANCE_ARN, permissionSetArn, seedNotifications, type PermissionSetFixture, type TeamFixture} from './team-fixtures.js';
import type {Scenario} from './types.js';

export const TEAM_PLAN: TeamPlan = {accountId: '111122223333', regions: ['us-east-1', 'us-east-2'], models: ['openai.gpt-5.4', 'openai.gpt-5.5'], routes: ['mantle'], scopes: ['in-region']};
export const LEAD_ROLE = 'TeamLead';
export const DEVELOPER_ROLE = 'BedrockDeveloper';
export const BUDGET_EMAIL = 'finops@example.com';

function permissionSet(name: string, id: string, policies: {inlinePolicy?: string; managedPolicies?: string[]}): PermissionSetFixture {
	return {Name: name, PermissionSetArn: permissionSetArn(id), Description: `${name} (fake)`, CreatedDate: Date.UTC(2026, 0, 5), ...policies, provisioned: {...policies}, accounts: ['111122223333']};
}

export function readyTeam(plan: TeamPlan = TEAM_PLAN): TeamFixture {
	return {
		budgets: [
			{BudgetName: 'account-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: {Amount: '5000.0', Unit: 'USD'}, notifications: seedNotifications(BUDGET_EMAIL)},
			{BudgetName: 'bedrock-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: {Amount: '1000.0', Unit: 'USD'}, CostFilters: {Service: ['Amazon Bedrock']}, notifications: seedNotifications(BUDGET_EMAIL)},
		],
		trails: [{Name: 'org-audit', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, S3BucketName: 'audit-logs-111122223333', IsLogging: true}],
		invocationLogging: Object.fromEntries(plan.regions.map((r) => [r, {textDataDeliveryEnabled: true, s3Config: {bucketName: 'bedrock-invocations-111122223333', keyPrefix: r}}])),
		identityCenter: {
			InstanceArn: INSTANCE_ARN,
			IdentityStoreId: 'd-9067example',
			permissionSets: [
				permissionSet(LEAD_ROLE, '1eadfa4e00000001', {managedPolicies: [ADMINISTRATOR_ACCESS]}),
				permissionSet(DEVELOPER_ROLE, 'devfa4e000000002', {inlinePolicy: JSON.stringify(developerPolicy(plan))}),
			],
		},
	};
}

type Make = (name: string, description: string, change: (s: Scenario) => void) => Scenario;

export function teamScenarios(make: Make): Record<string, () => Scenario> {
	const team = (name: string, description: string, change: (t: TeamFixture, s: Scenario) => void = () => {}) => () =>
		make(name, description, (s) => {
			const account = s.sso.accounts.find((a) => a.accountId === TEAM_PLAN.accountId)!;
			account.roles = [DEVELOPER_ROLE, LEAD_ROLE];
			s.team = readyTeam();
			change(s.team, s);
		});
	return {
		'team-ready': team('team-ready', 'The account as team init and team check --fix leave it: a Bedrock budget with 50/80/100 % actual and 100 % forecast alerts, a multi-region trail logging, invocation logging, the developers\' permission set with the generated policy.'),
		'team-no-budget': team('team-no-budget', 'No AWS budget at all in the account.', (t) => {
			t.budgets = [];
		}),
		'team-wrong-thresholds': team('team-wrong-thresholds', 'The Bedrock budget alerts only at 100 % actual: no 50 %, 80 % or forecast alert.', (t) => {
			const bedrock = t.budgets.find((b) => b.CostFilters)!;
			bedrock.notifications = bedrock.notifications.filter((n) => n.NotificationType === 'ACTUAL' && n.Threshold === 100);
		}),
		'team-trail-off': team('team-trail-off', 'The only CloudTrail trail exists but is not logging (StopLogging was called).', (t) => {
			t.trails[0]!.IsLogging = false;
		}),
		'team-trail-no-management': team('team-trail-no-management', 'The trail is logging, but its event selector excludes management events (so no Bedrock API call is recorded).', (t) => {
			t.trails[0]!.IncludeManagementEvents = false;
		}),
		'team-no-logging': team('team-no-logging', 'Bedrock model-invocation logging is not configured in any region.', (t) => {
			t.invocationLogging = {};
		}),
		'team-policy-drift': team('team-policy-drift', 'The developers\' permission set allows bedrock:* and bedrock-mantle:* everywhere instead of the generated policy.', (t) => {
			const dev = t.identityCenter.permissionSets.find((p) => p.Name === DEVELOPER_ROLE)!;
			dev.inlinePolicy = JSON.stringify({Version: '2012-10-17', Statement: [{Sid: 'Everything', Effect: 'Allow', Action: ['bedrock:*', 'bedrock-mantle:*', 'aws-marketplace:*'], Resource: '*'}]});
			dev.provisioned = {inlinePolicy: dev.inlinePolicy};
		}),
		'team-no-read': team('team-no-read', 'The lead\'s role may use Bedrock but may not read Budgets, CloudTrail or IAM Identity Center.', (t) => {
			const lead = t.identityCenter.permissionSets.find((p) => p.Name === LEAD_ROLE)!;
			lead.managedPolicies = [];
			lead.inlinePolicy = JSON.stringify({Version: '2012-10-17', Statement: [{Sid: 'BedrockOnly', Effect: 'Allow', Action: ['bedrock:*', 'bedrock-mantle:*'], Resource: '*'}]});
			lead.provisioned = {inlinePolicy: lead.inlinePolicy};
		}),
	};
}
