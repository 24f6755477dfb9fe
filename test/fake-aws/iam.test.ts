// The fake's IAM evaluator: wildcards in actions (case-insensitive) and resources, explicit Deny first,
// NotAction / NotResource, aws:RequestedRegion conditions; an unknown condition never lets a call through.
import {describe, expect, it} from 'vitest';
import {evaluate} from '../../source/fake-aws/iam.js';
import type {PermissionSetFixture} from '../../source/fake-aws/team-fixtures.js';

const set = (statements: unknown[]): PermissionSetFixture => {
	const inlinePolicy = JSON.stringify({Version: '2012-10-17', Statement: statements});
	return {Name: 'X', PermissionSetArn: 'arn', CreatedDate: 0, inlinePolicy, provisioned: {inlinePolicy}, accounts: []};
};
const project = 'arn:aws:bedrock-mantle:us-east-1:111122223333:project/default';

describe('fake IAM evaluator', () => {
	it('matches action and resource wildcards', () => {
		const s = set([{Effect: 'Allow', Action: 'bedrock-mantle:list*', Resource: 'arn:aws:bedrock-mantle:us-east-1:111122223333:project/*'}]);
		expect(evaluate(s, {action: 'bedrock-mantle:ListModels', resource: project}, 'us-east-1').allowed).toBe(true);
		expect(evaluate(s, {action: 'bedrock-mantle:CreateInference', resource: project}, 'us-east-1').allowed).toBe(false);
		expect(evaluate(s, {action: 'bedrock-mantle:ListModels', resource: project.replace('us-east-1', 'us-east-2')}, 'us-east-2').allowed).toBe(false);
		// A call without a resource type needs Resource "*".
		expect(evaluate(s, {action: 'bedrock-mantle:ListProjects', resource: '*'}, 'us-east-1').allowed).toBe(false);
	});

	it('an explicit Deny wins, NotResource and region conditions apply', () => {
		const s = set([
			{Effect: 'Allow', Action: '*', Resource: '*'},
			{Effect: 'Deny', Action: ['bedrock:*'], Resource: '*', Condition: {StringNotEquals: {'aws:RequestedRegion': ['us-east-1']}}},
			{Effect: 'Deny', Action: 'bedrock:InvokeModel', NotResource: ['arn:aws:bedrock:us-east-1::foundation-model/openai.gpt-5.4']},
		]);
		expect(evaluate(s, {action: 'bedrock:ListFoundationModels', resource: '*'}, 'us-east-1')).toEqual({allowed: true, explicit: false});
		expect(evaluate(s, {action: 'bedrock:ListFoundationModels', resource: '*'}, 'eu-west-1')).toEqual({allowed: false, explicit: true});
		expect(evaluate(s, {action: 'bedrock:InvokeModel', resource: 'arn:aws:bedrock:us-east-1::foundation-model/openai.gpt-5.4'}, 'us-east-1').allowed).toBe(true);
		expect(evaluate(s, {action: 'bedrock:InvokeModel', resource: 'arn:aws:bedrock:us-east-1::foundation-model/openai.gpt-5.5'}, 'us-east-1')).toEqual({allowed: false, explicit: true});
	});

	it('an Allow with a condition it cannot judge does not apply', () => {
		const s = set([{Effect: 'Allow', Action: '*', Resource: '*', Condition: {Bool: {'aws:MultiFactorAuthPresent': 'true'}}}]);
		expect(evaluate(s, {action: 'bedrock:ListFoundationModels', resource: '*'}, 'us-east-1').allowed).toBe(false);
	});
});

describe('Runtime operations (for the amazon-bedrock-runtime route)', () => {
	it('are checked on the ARN the request names, against the exact ARNs of the generated Runtime policy', async () => {
		const {authorize} = await import('../../source/fake-aws/iam.js');
		const {developerPolicy} = await import('../../source/core/team/policy.js');
		const policy = developerPolicy({accountId: '111122223333', regions: ['us-east-2'], models: ['openai.gpt-5.5'], routes: ['runtime'], scopes: ['in-region', 'geographic']});
		const inlinePolicy = JSON.stringify(policy);
		const world = {scenario: {team: {identityCenter: {permissionSets: [{Name: 'Dev', PermissionSetArn: 'a', CreatedDate: 0, inlinePolicy, provisioned: {inlinePolicy}, accounts: []}]}}}} as never;
		const caller = {roleName: 'Dev', accountId: '111122223333'};
		expect(authorize(world, caller, 'InvokeModelWithResponseStream', 'us-east-2', 'arn:aws:bedrock:us-east-2::foundation-model/openai.gpt-5.5')).toEqual({allowed: true});
		expect(authorize(world, caller, 'InvokeModelWithResponseStream', 'us-east-2', 'arn:aws:bedrock:us-east-2:111122223333:inference-profile/us.openai.gpt-5.5')).toEqual({allowed: true});
		// A geographic profile's destination region is covered; another model or the global profile is not.
		expect(authorize(world, caller, 'RuntimeResponses', 'us-west-2', 'arn:aws:bedrock:us-west-2::foundation-model/openai.gpt-5.5')).toEqual({allowed: true});
		// Only the streaming action is granted: a non-streaming InvokeModel is refused.
		expect(authorize(world, caller, 'InvokeModel', 'us-east-2', 'arn:aws:bedrock:us-east-2::foundation-model/openai.gpt-5.5')).toMatchObject({allowed: false, needed: {action: 'bedrock:InvokeModel'}});
		expect(authorize(world, caller, 'RuntimeResponses', 'us-east-2', 'arn:aws:bedrock:us-east-2::foundation-model/openai.gpt-5.4')).toMatchObject({allowed: false});
		expect(authorize(world, caller, 'RuntimeResponses', 'us-east-2', 'arn:aws:bedrock:us-east-2:111122223333:inference-profile/global.openai.gpt-5.5')).toMatchObject({allowed: false});
		// An operation the table does not know is refused loudly for a caller with a permission set.
		expect(authorize(world, caller, 'SomethingNew', 'us-east-2')).toMatchObject({allowed: false, needed: {action: '[fake-aws] no IAM mapping for SomethingNew'}});
	});
});
