// `team check --fix`: the two changes the lead may make from here, each shown first as a diff of what will be
// created or changed, each after an explicit yes that --yes never gives (a flag names each: --create-budget,
// --update-permission-set). The budget gets the seed's alerts to an address the lead gives; the permission
// set gets the generated policy and is provisioned, so the developers' role has it.
import type {Context} from '../context.js';
import {diffLines, planWrite} from '../files.js';
import {BEDROCK_SERVICE, budgetsClient, canonicalPolicy, missingAlerts, readBudgets, readPermissionSet, SEED_ALERTS, ssoAdminClient, type TeamCheckInput, type TeamReport} from './check.js';
import {policyJson} from './files.js';
import type {Ask} from './init.js';
import {developerPolicy} from './policy.js';

export interface FixIo {
	ask: Ask;
	/** False without a terminal or with --yes: a change is made only where its own flag says yes. */
	interactive?: boolean;
	say(line: string): void;
	diff(lines: string[]): void;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const BUDGET_NAME = 'codex-bedrock-monthly';

const failed = (report: TeamReport, id: string) => report.findings.find((f) => f.id === id && f.status === 'fail' && !f.denied);

async function fixBudget(ctx: Context, io: FixIo, input: TeamCheckInput): Promise<string | undefined> {
	const budgets = (await readBudgets(ctx, input.plan.accountId, input.credentials)).filter((b) => b.bedrock);
	const existing = budgets.map((b) => ({b, missing: missingAlerts(b)})).sort((x, y) => x.missing.length - y.missing.length)[0];
	const alerts = existing ? existing.missing : [...SEED_ALERTS];
	if (alerts.length === 0) return undefined;
	// Unattended, nothing but --create-budget says yes: do not ask for the address and the amount first
	// (without a terminal that asking was a usage error, exit 2, for a change that would not be made).
	if (io.interactive === false && !ctx.flags['create-budget']) {
		io.say(`Budget: not changed (add --create-budget with --budget-email${existing ? '' : ' and --budget-amount'} to ${existing ? 'add its missing alerts' : 'create it'}).`);
		return undefined;
	}
	const email = await io.ask({kind: 'text', id: 'budget-email', flag: '--budget-email', message: 'Email address for the budget alerts', validate: (v) => (EMAIL.test(v) ? undefined : 'give an email address')});
	const amount = existing
		? undefined
		: await io.ask({kind: 'text', id: 'budget-amount', flag: '--budget-amount', message: 'Monthly Bedrock budget in US dollars', validate: (v) => (/^\d+(\.\d{1,2})?$/.test(v) && Number(v) > 0 ? undefined : 'give a positive amount, e.g. 500')});
	const alertLines = alerts.map((a) => `+   alert: ${a.type === 'ACTUAL' ? 'actual' : 'forecasted'} cost > ${a.threshold} % -> email ${email}`);
	io.diff(existing ? [`~ budget ${existing.b.name} (${existing.b.limit}): add ${alerts.length} alert${alerts.length === 1 ? '' : 's'}`, ...alertLines] : [`+ budget ${BUDGET_NAME}: ${amount} USD per month, cost, filtered to Service = ${BEDROCK_SERVICE}`, ...alertLines]);
	const yes = await io.ask({kind: 'confirm', id: 'create-budget', flag: '--create-budget', message: existing ? `Add these alerts to ${existing.b.name}?` : `Create the budget ${BUDGET_NAME}?`, default: false, explicit: true});
	if (!yes) {
		io.say('Budget: not changed (add --create-budget to say yes without being asked).');
		return undefined;
	}
	if (ctx.dryRun) return `would ${existing ? 'add alerts to' : 'create'} the budget`;
	const {CreateBudgetCommand, CreateNotificationCommand} = await import('@aws-sdk/client-budgets');
	const client = await budgetsClient(ctx, input.credentials);
	const subscribers = [{SubscriptionType: 'EMAIL' as const, Address: email}];
	const notification = (a: (typeof alerts)[number]) => ({NotificationType: a.type, ComparisonOperator: 'GREATER_THAN' as const, Threshold: a.threshold, ThresholdType: 'PERCENTAGE' as const});
	try {
		if (existing) {
			for (const a of alerts) await client.send(new CreateNotificationCommand({AccountId: input.plan.accountId, BudgetName: existing.b.name, Notification: notification(a), Subscribers: subscribers}), {abortSignal: ctx.signal});
			return `added ${alerts.length} alert${alerts.length === 1 ? '' : 's'} to ${existing.b.name}`;
		}
		await client.send(
			new CreateBudgetCommand({
				AccountId: input.plan.accountId,
				Budget: {BudgetName: BUDGET_NAME, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: {Amount: amount!, Unit: 'USD'}, CostFilters: {Service: [BEDROCK_SERVICE]}},
				NotificationsWithSubscribers: alerts.map((a) => ({Notification: notification(a), Subscribers: subscribers})),
			}),
			{abortSignal: ctx.signal},
		);
		return `created the budget ${BUDGET_NAME} (${amount} USD per month) with ${alerts.length} alerts`;
	} finally {
		client.destroy();
	}
}

async function fixPermissionSet(ctx: Context, io: FixIo, input: TeamCheckInput): Promise<string | undefined> {
	const view = await readPermissionSet(ctx, input.ssoRegion, input.permissionSet, input.credentials);
	if (!view) return undefined;
	const wanted = policyJson(developerPolicy(input.plan));
	const current = view.inlinePolicy ? `${canonicalPolicy(view.inlinePolicy)}\n` : undefined;
	io.diff(await diffLines(planWrite(`permission set ${input.permissionSet}: inline policy`, current, `${canonicalPolicy(wanted)}\n`), `permission set ${input.permissionSet}: inline policy`));
	const what = view.arn ? `Replace the inline policy of ${input.permissionSet} and provision it to its accounts?` : `Create the permission set ${input.permissionSet} with this policy and provision it to ${input.plan.accountId}?`;
	const yes = await io.ask({kind: 'confirm', id: 'update-permission-set', flag: '--update-permission-set', message: what, default: false, explicit: true});
	if (!yes) {
		io.say('Permission set: not changed (add --update-permission-set to say yes without being asked).');
		return undefined;
	}
	if (ctx.dryRun) return `would ${view.arn ? 'update' : 'create'} the permission set ${input.permissionSet}`;
	const sso = await import('@aws-sdk/client-sso-admin');
	const client = await ssoAdminClient(ctx, input.ssoRegion, input.credentials);
	try {
		let arn = view.arn;
		if (!arn) {
			const created = await client.send(new sso.CreatePermissionSetCommand({InstanceArn: view.instanceArn, Name: input.permissionSet, Description: 'Codex on Amazon Bedrock (codex-bedrock-setup team init)', SessionDuration: 'PT8H'}), {abortSignal: ctx.signal});
			arn = created.PermissionSet?.PermissionSetArn;
			if (!arn) throw new Error('CreatePermissionSet returned no ARN.');
		}
		await client.send(new sso.PutInlinePolicyToPermissionSetCommand({InstanceArn: view.instanceArn, PermissionSetArn: arn, InlinePolicy: wanted}), {abortSignal: ctx.signal});
		await client.send(
			new sso.ProvisionPermissionSetCommand(view.arn ? {InstanceArn: view.instanceArn, PermissionSetArn: arn, TargetType: 'ALL_PROVISIONED_ACCOUNTS'} : {InstanceArn: view.instanceArn, PermissionSetArn: arn, TargetType: 'AWS_ACCOUNT', TargetId: input.plan.accountId}),
			{abortSignal: ctx.signal},
		);
		if (!view.arn) io.say(`Assign ${input.permissionSet} to the developers' group: IAM Identity Center > AWS accounts > ${input.plan.accountId} > Assign users or groups.`);
		return `${view.arn ? 'updated' : 'created'} and provisioned the permission set ${input.permissionSet}`;
	} finally {
		client.destroy();
	}
}

/** Offer each fix the report calls for; returns what was changed. */
export async function teamFix(ctx: Context, io: FixIo, input: TeamCheckInput, report: TeamReport): Promise<string[]> {
	const changes: string[] = [];
	if (failed(report, 'budget.bedrock')) {
		const change = await fixBudget(ctx, io, input);
		if (change) changes.push(change);
	}
	if (failed(report, 'permission-set')) {
		const change = await fixPermissionSet(ctx, io, input);
		if (change) changes.push(change);
	}
	if (ctx.flags['create-budget'] && !failed(report, 'budget.bedrock')) io.say('--create-budget: the Bedrock budget needs no change.');
	if (ctx.flags['update-permission-set'] && !failed(report, 'permission-set')) io.say('--update-permission-set: the permission set needs no change.');
	return changes;
}
