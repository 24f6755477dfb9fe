// The generated documents against sources we did not write: action names against the AWS SDK's service
// models (the v3 client's commands, botocore's service-2.json), ARN shapes against the patterns in those
// models, the Mantle and Marketplace actions against AWS's Service Authorization Reference (recorded in
// KNOWN_ACTIONS with their source: no SDK model exists for them). And the fake's new services against the
// same models: protocol, X-Amz-Target prefix, signing name, operation names.
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {developerPolicy, scpSnippet, withoutAction, type TeamPlan} from '../../source/core/team/policy.js';
import {KNOWN_ACTIONS, validatePolicy} from '../../source/core/team/validate-policy.js';

// Debian's awscli package (2.9.19 has no bedrock models), then a pip botocore where one is installed.
export const BOTOCORE_DIRS = ['/usr/lib/python3/dist-packages/awscli/botocore/data', '/usr/lib/python3/dist-packages/botocore/data', '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/botocore/data'];

interface ServiceModel {
	metadata: {protocol: string; jsonVersion?: string; targetPrefix?: string; signingName?: string; endpointPrefix: string};
	operations: Record<string, unknown>;
	shapes: Record<string, {pattern?: string}>;
}

/** The newest service-2.json for a service in any botocore data directory on this machine. */
function botocore(service: string): ServiceModel | undefined {
	for (const dir of BOTOCORE_DIRS) {
		const base = path.join(dir, service);
		if (!existsSync(base)) continue;
		const version = readdirSync(base).sort().at(-1)!;
		for (const name of ['service-2.json', 'service-2.json.gz']) {
			const file = path.join(base, version, name);
			if (existsSync(file)) return JSON.parse((name.endsWith('.gz') ? gunzipSync(readFileSync(file)) : readFileSync(file)).toString('utf8')) as ServiceModel;
		}
	}
	return undefined;
}

const PLANS: Record<string, TeamPlan> = {
	mantle: {accountId: '111122223333', regions: ['us-east-1', 'eu-west-1'], models: ['openai.gpt-5.4', 'openai.gpt-oss-120b'], routes: ['mantle'], scopes: ['in-region']},
	runtime: {accountId: '111122223333', regions: ['us-east-2', 'ca-central-1'], models: ['openai.gpt-5.5', 'openai.gpt-oss-20b'], routes: ['runtime'], scopes: ['in-region', 'geographic', 'global']},
	both: {accountId: '444455556666', regions: ['us-west-2'], models: ['openai.gpt-5.4'], routes: ['mantle', 'runtime'], scopes: ['geographic']},
};

describe('generated policies', () => {
	it.each(Object.entries(PLANS))('%s: the policy and the SCP validate and survive JSON', (_name, plan) => {
		for (const doc of [developerPolicy(plan), scpSnippet(plan)]) {
			expect(validatePolicy(doc)).toEqual([]);
			expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
		}
	});

	it('the validator refuses what IAM would (bad action, unknown service, malformed ARN, duplicate Sid)', () => {
		const policy = developerPolicy(PLANS.mantle!);
		const broken = JSON.parse(JSON.stringify(policy));
		broken.Statement[0].Action.push('bedrock-mantle:CreateInferences', 'bedrock:Invoke Model');
		broken.Statement[0].Resource.push('arn:aws:bedrock-mantle:us-east-1:1111:project/*');
		broken.Statement[1].Sid = broken.Statement[0].Sid;
		broken.Statement[1].Action.push('s3:GetObject');
		expect(validatePolicy(broken)).toEqual([
			expect.stringContaining('bedrock-mantle:CreateInferences is not a known bedrock-mantle action'),
			expect.stringContaining('"bedrock:Invoke Model" is not service:Action'),
			expect.stringContaining('does not have the shape arn:aws:bedrock-mantle:REGION:ACCOUNT:project/NAME'),
			expect.stringContaining('duplicate Sid'),
			expect.stringContaining('service "s3" is not one these documents use'),
		]);
		expect(validatePolicy(withoutAction(policy, 'bedrock-mantle:CreateInference'))).toEqual([]);
	});

	it('every Bedrock action is an operation of the SDK\'s service models (client-bedrock commands, botocore bedrock-runtime)', async () => {
		const client = (await import('@aws-sdk/client-bedrock')) as Record<string, unknown>;
		const runtime = botocore('bedrock-runtime');
		const actions = KNOWN_ACTIONS['bedrock']!.actions.filter((a) => a !== '*');
		const missing = actions.filter((action) => !(`${action}Command` in client) && !(runtime && action in runtime.operations));
		expect(missing).toEqual([]);
		// The Runtime actions need the runtime model: say so rather than pass without it.
		expect(runtime, 'botocore data for bedrock-runtime (pip botocore or a newer awscli)').toBeDefined();
		expect(Object.keys(runtime!.operations)).toEqual(expect.arrayContaining(['InvokeModel', 'InvokeModelWithResponseStream']));
	});

	it('every literal Bedrock ARN matches the service model\'s FoundationModelArn / InferenceProfileArn pattern', () => {
		const model = botocore('bedrock');
		expect(model, 'botocore data for bedrock').toBeDefined();
		const foundation = new RegExp(`^${model!.shapes['FoundationModelArn']!.pattern}$`);
		const profile = new RegExp(`^${model!.shapes['InferenceProfileArn']!.pattern}$`);
		const arns = Object.values(PLANS).flatMap((plan) => developerPolicy(plan).Statement.flatMap((s) => [s.Resource ?? []].flat())).filter((r) => r.startsWith('arn:aws:bedrock:'));
		expect(arns.length).toBeGreaterThan(8);
		for (const arn of arns) {
			// A region pattern (us-*) or an empty region (a global profile's destinations) is an IAM wildcard:
			// what it stands for must match the pattern.
			const concrete = arn.replace(/^arn:aws:bedrock:([a-z]{2})-\*:/, 'arn:aws:bedrock:$1-east-1:').replace(/^arn:aws:bedrock:::/, 'arn:aws:bedrock:us-east-1::');
			expect(foundation.test(concrete) || profile.test(concrete), arn).toBe(true);
		}
	});

	it('the Mantle and Marketplace action names are the Service Authorization Reference\'s (recorded with their source)', () => {
		expect(KNOWN_ACTIONS['bedrock-mantle']!.source).toMatch(/list_bedrock-mantle\.html/);
		// From AmazonBedrockMantleInferenceAccess and the inference page's minimal policy (docs fetched 2026-12-01).
		expect(KNOWN_ACTIONS['bedrock-mantle']!.actions).toEqual(expect.arrayContaining(['CreateInference', 'GetProject', 'ListProjects', 'ListTagsForResources', 'CallWithBearerToken']));
		expect(KNOWN_ACTIONS['aws-marketplace']!.actions).toEqual(['Subscribe', 'ViewSubscriptions', 'Unsubscribe']);
	});
});

describe('the fake\'s team services follow the service models', () => {
	it.each([
		['budgets', 'AWSBudgetServiceGateway', 'budgets', '@aws-sdk/client-budgets', ['DescribeBudgets', 'DescribeNotificationsForBudget', 'DescribeSubscribersForNotification', 'CreateBudget', 'CreateNotification']],
		['cloudtrail', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101', 'cloudtrail', '@aws-sdk/client-cloudtrail', ['DescribeTrails', 'GetTrailStatus', 'GetEventSelectors']],
		['sso-admin', 'SWBExternalService', 'sso', '@aws-sdk/client-sso-admin', ['ListInstances', 'ListPermissionSets', 'DescribePermissionSet', 'GetInlinePolicyForPermissionSet', 'ListManagedPoliciesInPermissionSet', 'CreatePermissionSet', 'PutInlinePolicyToPermissionSet', 'ProvisionPermissionSet', 'DescribePermissionSetProvisioningStatus']],
	])('%s: awsJson1_1, target %s, signing name %s, every operation exists', async (service, target, signing, pkg, operations) => {
		const model = botocore(service)!;
		expect(model.metadata).toMatchObject({protocol: 'json', jsonVersion: '1.1', targetPrefix: target});
		expect(model.metadata.signingName ?? model.metadata.endpointPrefix).toBe(signing);
		for (const op of operations) expect(Object.keys(model.operations)).toContain(op);
		const client = (await import(pkg)) as Record<string, unknown>;
		for (const op of operations) expect(`${op}Command` in client, op).toBe(true);
	});
});
