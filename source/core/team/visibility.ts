// What a developer's own role can see of the lead's side of the account, for `doctor` and the readiness
// record: a Bedrock budget, a CloudTrail trail logging in the region, model-invocation logging there. The
// generated developer policy grants none of these reads (least privilege), so the usual answer is "not
// visible to your role" with the action named, which is a fact, not a failure; `team check` is the lead's
// full check. Each read has a short deadline and never fails the caller.
import type {AwsCredentialIdentity} from '@smithy/types';
import type {Context} from '../context.js';
import {toFailure} from '../errors.js';
import {deniedAction, missingAlerts, readBudgets} from './check.js';

export type Seen = 'yes' | 'no' | 'not-visible' | 'unknown';

export interface VisibleItem {
	id: 'budget.bedrock' | 'cloudtrail' | 'invocation-logging';
	seen: Seen;
	summary: string;
}

function unseen(id: VisibleItem['id'], error: unknown, needs: string): VisibleItem {
	const failure = toFailure(error);
	const denied = failure.errorName === 'AccessDeniedException' || failure.httpStatus === 403;
	return denied ? {id, seen: 'not-visible', summary: `not visible to your role (${deniedAction(failure.message) ?? needs} is not allowed; your lead checks it with codex-bedrock-setup team check)`} : {id, seen: 'unknown', summary: `could not be checked: ${failure.message}`};
}

export async function teamVisibility(ctx: Context, credentials: AwsCredentialIdentity, accountId: string, region: string): Promise<VisibleItem[]> {
	const budget = readBudgets(ctx, accountId, credentials).then(
		(budgets): VisibleItem => {
			const bedrock = budgets.filter((b) => b.bedrock);
			if (bedrock.length === 0) return {id: 'budget.bedrock', seen: 'no', summary: 'no Bedrock budget in this account: tell whoever owns the account (codex-bedrock-setup team check --fix creates one)'};
			const complete = bedrock.find((b) => missingAlerts(b).length === 0);
			return {id: 'budget.bedrock', seen: 'yes', summary: complete ? `a Bedrock budget exists (${complete.name}, alerts at 50/80/100 % and forecast)` : `a Bedrock budget exists (${bedrock[0]!.name}) but lacks some of the 50/80/100 % and forecast alerts`};
		},
		(error: unknown) => unseen('budget.bedrock', error, 'budgets:ViewBudget'),
	);
	const trail = (async (): Promise<VisibleItem> => {
		const {CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand} = await import('@aws-sdk/client-cloudtrail');
		const {createRequestHandler} = await import('../aws/http.js');
		const {handler} = await createRequestHandler(ctx.env, {requestTimeoutMs: 5_000});
		const endpoint = ctx.endpoints.sdk('cloudtrail', region);
		const client = new CloudTrailClient({region, credentials, requestHandler: handler, maxAttempts: 1, ...(endpoint ? {endpoint} : {})});
		try {
			const trails = (await client.send(new DescribeTrailsCommand({includeShadowTrails: true}), {abortSignal: ctx.signal})).trailList ?? [];
			for (const t of trails) {
				if ((await client.send(new GetTrailStatusCommand({Name: t.TrailARN ?? t.Name}), {abortSignal: ctx.signal})).IsLogging) return {id: 'cloudtrail', seen: 'yes', summary: `CloudTrail is logging in ${region} (${t.Name})`};
			}
			return {id: 'cloudtrail', seen: 'no', summary: trails.length ? `no trail is logging in ${region}` : `no CloudTrail trail covers ${region}`};
		} catch (error) {
			return unseen('cloudtrail', error, 'cloudtrail:DescribeTrails');
		} finally {
			client.destroy();
		}
	})();
	const logging = (async (): Promise<VisibleItem> => {
		const {GetModelInvocationLoggingConfigurationCommand} = await import('@aws-sdk/client-bedrock');
		const {bedrockClient} = await import('../bedrock/probe.js');
		const client = await bedrockClient(ctx, region, credentials, 5_000, {maxAttempts: 1});
		try {
			const config = (await client.send(new GetModelInvocationLoggingConfigurationCommand({}), {abortSignal: ctx.signal})).loggingConfig;
			return config?.s3Config || config?.cloudWatchConfig ? {id: 'invocation-logging', seen: 'yes', summary: `Bedrock model-invocation logging is on in ${region}`} : {id: 'invocation-logging', seen: 'no', summary: `Bedrock model-invocation logging is not configured in ${region}`};
		} catch (error) {
			return unseen('invocation-logging', error, 'bedrock:GetModelInvocationLoggingConfiguration');
		} finally {
			client.destroy();
		}
	})();
	return Promise.all([budget, trail, logging]);
}

/** The same for the wizard's readiness record: the profile's credentials, the account and region of this run; undefined when the run got no such far. */
export async function teamVisibilityFor(ctx: Context, answers: {profile?: string; accountId?: string; region?: string}): Promise<VisibleItem[] | undefined> {
	if (!answers.profile || !answers.accountId || !answers.region) return undefined;
	const {profileCredentials} = await import('../sso/portal.js');
	const credentials = await profileCredentials(ctx, answers.profile);
	return teamVisibility(ctx, credentials, answers.accountId, answers.region);
}
