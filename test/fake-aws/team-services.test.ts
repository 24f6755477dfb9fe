// The fake's awsJson1_1 services are strict as the others: the X-Amz-Target prefixes of the service models
// (both CloudTrail spellings: the SDK for JavaScript's and botocore's), the signing name, the JSON 1.1
// content type, the IAM Identity Center home region, and IAM on every call.
import {describe, expect, it} from 'vitest';
import {issueCredentials} from '../../source/fake-aws/sigv4.js';
import {fakeAws, signedFetch} from '../helpers/fake-aws.js';

async function call(url: string, target: string, options: {service: string; region: string; contentType?: string; body?: string; role?: string}) {
	const fake = await fakeAws({scenario: 'team-ready'});
	const issued = issueCredentials(fake.state, Date.now(), {accountId: '111122223333', roleName: options.role ?? 'TeamLead', ttlSeconds: 3600});
	const response = await signedFetch(`${fake.url}${url}`, {
		method: 'POST',
		body: options.body ?? '{}',
		headers: {'content-type': options.contentType ?? 'application/x-amz-json-1.1', 'x-amz-target': target},
		credentials: {accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken},
		service: options.service,
		region: options.region,
	});
	return {status: response.status, type: response.headers.get('x-amzn-errortype'), body: (await response.json()) as Record<string, unknown>};
}

describe('fake Budgets, CloudTrail, IAM Identity Center admin', () => {
	it("answers the service models' targets", async () => {
		expect((await call('/region/us-east-1', 'AWSBudgetServiceGateway.DescribeBudgets', {service: 'budgets', region: 'us-east-1', body: '{"AccountId":"111122223333"}'})).status).toBe(200);
		expect((await call('/region/us-east-1', 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails', {service: 'cloudtrail', region: 'us-east-1'})).status).toBe(200);
		expect((await call('/region/us-east-1', 'CloudTrail_20131101.DescribeTrails', {service: 'cloudtrail', region: 'us-east-1'})).status).toBe(200);
		expect((await call('/region/us-east-1', 'SWBExternalService.ListInstances', {service: 'sso', region: 'us-east-1'})).body).toMatchObject({Instances: [{InstanceArn: expect.stringMatching(/^arn:aws:sso:::instance\/ssoins-/)}]});
	});

	it('refuses another target, signing name or content type', async () => {
		expect((await call('/region/us-east-1', 'AWSBudgetService.DescribeBudgets', {service: 'budgets', region: 'us-east-1'})).status).toBe(404);
		expect(await call('/region/us-east-1', 'AWSBudgetServiceGateway.DescribeBudgets', {service: 'budget', region: 'us-east-1'})).toMatchObject({status: 403, type: 'InvalidSignatureException'});
		// Budgets is global: signed for us-east-1 whatever the endpoint says.
		expect(await call('/region/eu-west-1', 'AWSBudgetServiceGateway.DescribeBudgets', {service: 'budgets', region: 'eu-west-1'})).toMatchObject({status: 403, type: 'InvalidSignatureException'});
		expect(await call('/region/us-east-1', 'SWBExternalService.ListInstances', {service: 'sso', region: 'us-east-1', contentType: 'application/json'})).toMatchObject({status: 400, type: 'SerializationException'});
		expect(await call('/region/us-east-1', 'SWBExternalService.ListUsers', {service: 'sso', region: 'us-east-1'})).toMatchObject({status: 400, type: 'UnknownOperationException'});
	});

	it('IAM Identity Center answers only in its home region', async () => {
		expect((await call('/region/eu-west-1', 'SWBExternalService.ListInstances', {service: 'sso', region: 'eu-west-1'})).body).toEqual({Instances: []});
	});

	it("checks the caller's permission set: the developer's generated policy has no Budgets action", async () => {
		const result = await call('/region/us-east-1', 'AWSBudgetServiceGateway.DescribeBudgets', {service: 'budgets', region: 'us-east-1', body: '{"AccountId":"111122223333"}', role: 'BedrockDeveloper'});
		expect(result).toMatchObject({status: 400, type: 'AccessDeniedException'});
		expect(result.body['message']).toMatch(/^User: arn:aws:sts::111122223333:assumed-role\/AWSReservedSSO_BedrockDeveloper_[0-9a-f]+\/dev@example.com is not authorized to perform: budgets:ViewBudget on resource: arn:aws:budgets::111122223333:budget\/\* because no identity-based policy allows the budgets:ViewBudget action$/);
	});
});
