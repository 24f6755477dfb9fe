// `team check`: read-only, with the lead's credentials. Is there a budget covering Amazon Bedrock with the
// seed's alerts (50 %, 80 %, 100 % actual and 100 % forecast), is a CloudTrail trail logging in each approved
// region, is Bedrock model-invocation logging configured there, does the developers' permission set exist
// with exactly the generated policy. Each finding carries its fix. The SDK clients (Budgets, CloudTrail,
// IAM Identity Center admin) are loaded here only, so nothing else in the wizard pays for them.
import type {AwsCredentialIdentity} from '@smithy/types';
import type {Context} from '../context.js';
import {toFailure} from '../errors.js';
import {redact} from '../redact.js';
import {developerPolicy, type PolicyDocument, type TeamPlan} from './policy.js';

export type FindingStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface TeamFinding {
	id: string;
	title: string;
	status: FindingStatus;
	summary: string;
	details?: string[];
	fix?: string[];
	/** Set when the lead's role may not read this (the action denied). */
	denied?: string;
}

export interface TeamReport {
	schemaVersion: 1;
	generatedAt: string;
	ok: boolean;
	accountId: string | null;
	identityArn: string | null;
	findings: TeamFinding[];
	counts: Record<FindingStatus, number>;
}

export interface TeamCheckInput {
	plan: TeamPlan;
	/** The developers' permission set name (preset account.role). */
	permissionSet: string;
	ssoRegion: string;
	credentials: AwsCredentialIdentity;
	/** The lead's profile, for the fix lines. */
	profile?: string;
}

/** The alerts the seed's readiness checklist asks for. */
export const SEED_ALERTS = [
	{type: 'ACTUAL', threshold: 50},
	{type: 'ACTUAL', threshold: 80},
	{type: 'ACTUAL', threshold: 100},
	{type: 'FORECASTED', threshold: 100},
] as const;

export const BEDROCK_SERVICE = 'Amazon Bedrock';
/** Not verified against a bill: say it rather than promise the filter catches everything. */
const MARKETPLACE_NOTE = 'A model bought through AWS Marketplace may be billed under its own product name rather than "Amazon Bedrock": the account-wide budget catches that.';

/** "budgets:ViewBudget" out of an AccessDenied message, when it names the action. */
export function deniedAction(message: string): string | undefined {
	return /not authorized to perform: ([a-z0-9-]+:[A-Za-z*]+)/.exec(message)?.[1];
}

function isDenied(error: unknown): boolean {
	const failure = toFailure(error);
	return failure.errorName === 'AccessDeniedException' || failure.errorName === 'AccessDenied' || failure.httpStatus === 403;
}

async function clientOptions(ctx: Context, service: 'budgets' | 'cloudtrail' | 'sso-admin' | 'bedrock' | 'sts', region: string, credentials: AwsCredentialIdentity) {
	const {createRequestHandler} = await import('../aws/http.js');
	const {handler} = await createRequestHandler(ctx.env, {requestTimeoutMs: 15_000});
	const endpoint = ctx.endpoints.sdk(service, region);
	return {region, credentials, requestHandler: handler, maxAttempts: 2, ...(endpoint ? {endpoint} : {})};
}

export async function budgetsClient(ctx: Context, credentials: AwsCredentialIdentity) {
	const {BudgetsClient} = await import('@aws-sdk/client-budgets');
	// Budgets is a global service: one endpoint, signed for us-east-1.
	return new BudgetsClient(await clientOptions(ctx, 'budgets', 'us-east-1', credentials));
}

export async function ssoAdminClient(ctx: Context, region: string, credentials: AwsCredentialIdentity) {
	const {SSOAdminClient} = await import('@aws-sdk/client-sso-admin');
	return new SSOAdminClient(await clientOptions(ctx, 'sso-admin', region, credentials));
}

/** A policy as a canonical string: keys sorted, so formatting and key order do not count as a difference. */
export function canonicalPolicy(text: string | PolicyDocument): string {
	const sort = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(sort);
		if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sort((value as Record<string, unknown>)[k])]));
		return value;
	};
	const parsed = typeof text === 'string' ? (JSON.parse(text) as unknown) : text;
	return JSON.stringify(sort(parsed), null, 2);
}

export interface BudgetView {
	name: string;
	bedrock: boolean;
	limit: string;
	alerts: Array<{type: string; threshold: number; comparison: string; thresholdType: string}>;
}

/** Every COST budget of the account with its alerts (DescribeBudgets, DescribeNotificationsForBudget). */
export async function readBudgets(ctx: Context, accountId: string, credentials: AwsCredentialIdentity): Promise<BudgetView[]> {
	const {DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand} = await import('@aws-sdk/client-budgets');
	const client = await budgetsClient(ctx, credentials);
	try {
		let budgets: NonNullable<import('@aws-sdk/client-budgets').DescribeBudgetsCommandOutput['Budgets']> = [];
		try {
			let token: string | undefined;
			do {
				const page = await client.send(new DescribeBudgetsCommand({AccountId: accountId, ...(token ? {NextToken: token} : {})}), {abortSignal: ctx.signal});
				budgets = [...budgets, ...(page.Budgets ?? [])];
				token = page.NextToken;
			} while (token);
		} catch (error) {
			// An account without any budget answers NotFoundException rather than an empty list.
			if (toFailure(error).errorName !== 'NotFoundException') throw error;
		}
		const views: BudgetView[] = [];
		for (const budget of budgets.filter((b) => b.BudgetType === 'COST' && b.BudgetName)) {
			const services = budget.CostFilters?.['Service'] ?? [];
			const expression = JSON.stringify(budget.FilterExpression ?? {});
			const notes = await client.send(new DescribeNotificationsForBudgetCommand({AccountId: accountId, BudgetName: budget.BudgetName!}), {abortSignal: ctx.signal});
			views.push({
				name: budget.BudgetName!,
				bedrock: services.includes(BEDROCK_SERVICE) || expression.includes(BEDROCK_SERVICE),
				limit: `${budget.BudgetLimit?.Amount ?? '?'} ${budget.BudgetLimit?.Unit ?? ''}`.trim(),
				alerts: (notes.Notifications ?? []).map((n) => ({type: n.NotificationType ?? '', threshold: n.Threshold ?? 0, comparison: n.ComparisonOperator ?? '', thresholdType: n.ThresholdType ?? 'PERCENTAGE'})),
			});
		}
		return views;
	} finally {
		client.destroy();
	}
}

/** The seed alerts a budget lacks. */
export function missingAlerts(budget: BudgetView): Array<(typeof SEED_ALERTS)[number]> {
	return SEED_ALERTS.filter((want) => !budget.alerts.some((a) => a.type === want.type && a.threshold === want.threshold && a.comparison === 'GREATER_THAN' && a.thresholdType === 'PERCENTAGE'));
}

const alertName = (a: {type: string; threshold: number}) => `${a.threshold} % ${a.type === 'ACTUAL' ? 'actual' : 'forecast'}`;

export interface PermissionSetView {
	instanceArn: string;
	arn?: string;
	inlinePolicy?: string;
	managedPolicies: string[];
}

/** The permission set by name: ListInstances, ListPermissionSets, DescribePermissionSet, its policies. */
export async function readPermissionSet(ctx: Context, region: string, name: string, credentials: AwsCredentialIdentity): Promise<PermissionSetView | undefined> {
	const sso = await import('@aws-sdk/client-sso-admin');
	const client = await ssoAdminClient(ctx, region, credentials);
	try {
		const instances = await client.send(new sso.ListInstancesCommand({}), {abortSignal: ctx.signal});
		const instanceArn = instances.Instances?.[0]?.InstanceArn;
		if (!instanceArn) return undefined;
		let token: string | undefined;
		do {
			const page = await client.send(new sso.ListPermissionSetsCommand({InstanceArn: instanceArn, ...(token ? {NextToken: token} : {})}), {abortSignal: ctx.signal});
			for (const arn of page.PermissionSets ?? []) {
				const described = await client.send(new sso.DescribePermissionSetCommand({InstanceArn: instanceArn, PermissionSetArn: arn}), {abortSignal: ctx.signal});
				if (described.PermissionSet?.Name !== name) continue;
				const [inline, managed] = await Promise.all([
					client.send(new sso.GetInlinePolicyForPermissionSetCommand({InstanceArn: instanceArn, PermissionSetArn: arn}), {abortSignal: ctx.signal}),
					client.send(new sso.ListManagedPoliciesInPermissionSetCommand({InstanceArn: instanceArn, PermissionSetArn: arn}), {abortSignal: ctx.signal}),
				]);
				return {instanceArn, arn, ...(inline.InlinePolicy ? {inlinePolicy: inline.InlinePolicy} : {}), managedPolicies: (managed.AttachedManagedPolicies ?? []).map((m) => m.Arn ?? m.Name ?? '')};
			}
			token = page.NextToken;
		} while (token);
		return {instanceArn, managedPolicies: []};
	} finally {
		client.destroy();
	}
}

export async function runTeamCheck(ctx: Context, input: TeamCheckInput): Promise<TeamReport> {
	const {plan, credentials} = input;
	const findings: TeamFinding[] = [];
	const add = (f: TeamFinding) => findings.push({...f, summary: redact(f.summary)});
	const profileArg = input.profile ? ` --profile ${input.profile}` : '';
	const notVisible = (id: string, title: string, error: unknown, needs: string): TeamFinding => {
		const message = toFailure(error).message;
		const action = deniedAction(message) ?? needs;
		return {id, title, status: 'fail', summary: `not visible to your role: ${action} is denied`, denied: action, details: [message], fix: [`Run team check with a role that may call ${needs} (for example the management or security account's admin permission set),`, `or ask for ${action} on your own permission set.`]};
	};

	// Who is asking, and in which account.
	let accountId: string | null = null;
	let identityArn: string | null = null;
	try {
		const {STSClient, GetCallerIdentityCommand} = await import('@aws-sdk/client-sts');
		const sts = new STSClient(await clientOptions(ctx, 'sts', plan.regions[0] ?? 'us-east-1', credentials));
		try {
			const who = await sts.send(new GetCallerIdentityCommand({}), {abortSignal: ctx.signal});
			accountId = who.Account ?? null;
			identityArn = who.Arn ?? null;
		} finally {
			sts.destroy();
		}
		if (accountId !== plan.accountId) add({id: 'identity', title: 'Account', status: 'fail', summary: `these credentials are for account ${accountId}, the preset's is ${plan.accountId}`, fix: [`Use a profile for account ${plan.accountId}: team check --preset FILE --profile NAME`]});
		else add({id: 'identity', title: 'Account', status: 'pass', summary: `${accountId} as ${identityArn}`});
	} catch (error) {
		add({id: 'identity', title: 'Account', status: 'fail', summary: toFailure(error).message, fix: [`aws sso login${profileArg}, then run team check again.`]});
		return report(findings, null, null, ctx);
	}
	if (accountId !== plan.accountId) return report(findings, accountId, identityArn, ctx);

	// 1. Budgets.
	try {
		const budgets = await readBudgets(ctx, plan.accountId, credentials);
		const account = budgets.find((b) => !b.bedrock);
		const bedrock = budgets.filter((b) => b.bedrock);
		add(account ? {id: 'budget.account', title: 'Account budget', status: 'pass', summary: `${account.name} (${account.limit})`} : {id: 'budget.account', title: 'Account budget', status: 'warn', summary: 'no budget covers the whole account', fix: ['Create one in Billing and Cost Management > Budgets (a monthly cost budget, alerts to an owner who reads them).']});
		if (bedrock.length === 0) {
			add({id: 'budget.bedrock', title: 'Bedrock budget', status: 'fail', summary: `no budget is filtered to ${BEDROCK_SERVICE}`, fix: [`codex-bedrock-setup team check --preset FILE${profileArg} --fix --create-budget --budget-email you@example.com --budget-amount 500`]});
		} else {
			const best = bedrock.map((b) => ({b, missing: missingAlerts(b)})).sort((x, y) => x.missing.length - y.missing.length)[0]!;
			if (best.missing.length === 0) add({id: 'budget.bedrock', title: 'Bedrock budget', status: 'pass', summary: `${best.b.name} (${best.b.limit}) alerts at 50/80/100 % actual and 100 % forecast`, details: [MARKETPLACE_NOTE]});
			else add({id: 'budget.bedrock', title: 'Bedrock budget', status: 'fail', summary: `${best.b.name} lacks the ${best.missing.map(alertName).join(', ')} alert${best.missing.length === 1 ? '' : 's'}`, details: [`It has: ${best.b.alerts.map(alertName).join(', ') || 'no alerts'}`], fix: [`codex-bedrock-setup team check --preset FILE${profileArg} --fix --create-budget --budget-email you@example.com (adds the missing alerts)`]});
		}
	} catch (error) {
		if (!isDenied(error)) add({id: 'budget.bedrock', title: 'Bedrock budget', status: 'fail', summary: toFailure(error).message});
		else add(notVisible('budget.bedrock', 'Bedrock budget', error, 'budgets:ViewBudget'));
	}

	// 2. CloudTrail, per approved region.
	const {CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, GetEventSelectorsCommand} = await import('@aws-sdk/client-cloudtrail');
	for (const region of plan.regions) {
		const client = new CloudTrailClient(await clientOptions(ctx, 'cloudtrail', region, credentials));
		try {
			const trails = (await client.send(new DescribeTrailsCommand({includeShadowTrails: true}), {abortSignal: ctx.signal})).trailList ?? [];
			const statuses = await Promise.all(trails.map(async (t) => ({t, status: await client.send(new GetTrailStatusCommand({Name: t.TrailARN ?? t.Name}), {abortSignal: ctx.signal})})));
			const logging = statuses.find((s) => s.status.IsLogging);
			// A trail that logs only data events records no Bedrock API call: management events must be on.
			const selectors = logging ? await client.send(new GetEventSelectorsCommand({TrailName: logging.t.TrailARN ?? logging.t.Name}), {abortSignal: ctx.signal}) : undefined;
			const management = !selectors || (selectors.AdvancedEventSelectors?.length ? JSON.stringify(selectors.AdvancedEventSelectors).includes('Management') : (selectors.EventSelectors ?? [{IncludeManagementEvents: true}]).some((e) => e.IncludeManagementEvents !== false));
			if (logging && !management) add({id: `cloudtrail.${region}`, title: `CloudTrail in ${region}`, status: 'fail', summary: `${logging.t.Name} is logging, but not management events: no Bedrock API call is recorded`, fix: [`aws cloudtrail put-event-selectors --trail-name ${logging.t.TrailARN ?? logging.t.Name} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]' --region ${logging.t.HomeRegion ?? region}${profileArg}`]});
			else if (logging) add({id: `cloudtrail.${region}`, title: `CloudTrail in ${region}`, status: 'pass', summary: `${logging.t.Name} is logging${logging.t.IsMultiRegionTrail ? ' (multi-region)' : ''} to s3://${logging.t.S3BucketName}`});
			else if (trails.length) add({id: `cloudtrail.${region}`, title: `CloudTrail in ${region}`, status: 'fail', summary: `${trails.map((t) => t.Name).join(', ')} ${trails.length === 1 ? 'exists but is' : 'exist but are'} not logging`, fix: trails.map((t) => `aws cloudtrail start-logging --name ${t.TrailARN ?? t.Name} --region ${t.HomeRegion ?? region}${profileArg}`)});
			else add({id: `cloudtrail.${region}`, title: `CloudTrail in ${region}`, status: 'fail', summary: `no trail records ${region}`, fix: [`aws cloudtrail create-trail --name codex-bedrock-audit --s3-bucket-name BUCKET --is-multi-region-trail --region ${region}${profileArg}`, `aws cloudtrail start-logging --name codex-bedrock-audit --region ${region}${profileArg}`]});
		} catch (error) {
			if (!isDenied(error)) add({id: `cloudtrail.${region}`, title: `CloudTrail in ${region}`, status: 'fail', summary: toFailure(error).message});
			else add(notVisible(`cloudtrail.${region}`, `CloudTrail in ${region}`, error, 'cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus and cloudtrail:GetEventSelectors'));
		} finally {
			client.destroy();
		}
	}

	// 3. Bedrock model-invocation logging, per approved region.
	const {BedrockClient, GetModelInvocationLoggingConfigurationCommand} = await import('@aws-sdk/client-bedrock');
	for (const region of plan.regions) {
		const client = new BedrockClient(await clientOptions(ctx, 'bedrock', region, credentials));
		try {
			const config = (await client.send(new GetModelInvocationLoggingConfigurationCommand({}), {abortSignal: ctx.signal})).loggingConfig;
			const where = [config?.s3Config?.bucketName ? `s3://${config.s3Config.bucketName}` : '', config?.cloudWatchConfig?.logGroupName ? `CloudWatch ${config.cloudWatchConfig.logGroupName}` : ''].filter(Boolean);
			if (where.length) add({id: `invocation-logging.${region}`, title: `Invocation logging in ${region}`, status: 'pass', summary: `to ${where.join(' and ')}`, details: ['Whether Bedrock Mantle (Codex\'s amazon-bedrock route) requests are captured by model-invocation logging is not documented; CloudTrail records them as bedrock-mantle events.']});
			else add({id: `invocation-logging.${region}`, title: `Invocation logging in ${region}`, status: 'fail', summary: `model-invocation logging is not configured in ${region}`, fix: [`Bedrock console > Settings > Model invocation logging (${region}), or aws bedrock put-model-invocation-logging-configuration --region ${region}${profileArg} --logging-config file://logging.json`]});
		} catch (error) {
			if (!isDenied(error)) add({id: `invocation-logging.${region}`, title: `Invocation logging in ${region}`, status: 'fail', summary: toFailure(error).message});
			else add(notVisible(`invocation-logging.${region}`, `Invocation logging in ${region}`, error, 'bedrock:GetModelInvocationLoggingConfiguration'));
		} finally {
			client.destroy();
		}
	}

	// 4. The developers' permission set.
	try {
		const view = await readPermissionSet(ctx, input.ssoRegion, input.permissionSet, credentials);
		const wanted = canonicalPolicy(developerPolicy(plan));
		if (!view) add({id: 'permission-set', title: `Permission set ${input.permissionSet}`, status: 'fail', summary: `no IAM Identity Center instance in ${input.ssoRegion}`, fix: ['Check the SSO region in the preset (IAM Identity Center console > Settings).']});
		else if (!view.arn) add({id: 'permission-set', title: `Permission set ${input.permissionSet}`, status: 'fail', summary: `${input.permissionSet} does not exist`, fix: [`codex-bedrock-setup team check --preset FILE${profileArg} --fix --update-permission-set (creates it with the generated policy; then assign it to the developers' group)`]});
		else {
			const same = view.inlinePolicy !== undefined && canonicalPolicy(view.inlinePolicy) === wanted;
			const broad = view.managedPolicies.filter((arn) => !/AmazonBedrockMantleInferenceAccess$/.test(arn));
			if (!same) add({id: 'permission-set', title: `Permission set ${input.permissionSet}`, status: 'fail', summary: view.inlinePolicy ? 'its inline policy differs from the generated policy' : 'it has no inline policy', fix: [`codex-bedrock-setup team check --preset FILE${profileArg} --fix --update-permission-set (shows the diff first)`]});
			else if (broad.length) add({id: 'permission-set', title: `Permission set ${input.permissionSet}`, status: 'warn', summary: `the inline policy matches, but managed policies add more: ${broad.join(', ')}`, fix: ['Detach them unless the team needs them: the generated policy is all the wizard and Codex need.']});
			else add({id: 'permission-set', title: `Permission set ${input.permissionSet}`, status: 'pass', summary: 'exists with exactly the generated policy'});
		}
	} catch (error) {
		if (!isDenied(error)) add({id: 'permission-set', title: `Permission set ${input.permissionSet}`, status: 'fail', summary: toFailure(error).message});
		else add(notVisible('permission-set', `Permission set ${input.permissionSet}`, error, 'sso:ListInstances, sso:ListPermissionSets, sso:DescribePermissionSet and sso:GetInlinePolicyForPermissionSet'));
	}
	return report(findings, accountId, identityArn, ctx);
}

function report(findings: TeamFinding[], accountId: string | null, identityArn: string | null, ctx: Context): TeamReport {
	const counts: Record<FindingStatus, number> = {pass: 0, fail: 0, warn: 0, skip: 0};
	for (const f of findings) counts[f.status] += 1;
	return {schemaVersion: 1, generatedAt: new Date(ctx.clock.now()).toISOString(), ok: counts.fail === 0, accountId, identityArn, findings, counts};
}

export function formatTeamReport(report: TeamReport): string[] {
	const icon: Record<FindingStatus, string> = {pass: '✔', fail: '✖', warn: '!', skip: '○'};
	const lines = [`Team check of account ${report.accountId ?? '(unknown)'}${report.identityArn ? ` as ${report.identityArn}` : ''}`, ''];
	for (const f of report.findings) {
		lines.push(`${icon[f.status]} ${f.title}: ${f.summary}`);
		for (const d of f.details ?? []) lines.push(`    ${d}`);
		for (const fix of f.fix ?? []) lines.push(`    fix: ${fix}`);
	}
	lines.push('', `${report.counts.pass} passed, ${report.counts.fail} failed, ${report.counts.warn} warnings.`);
	return lines.map(redact);
}
