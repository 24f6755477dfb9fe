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
