// IAM Identity Center's admin API (sso.<region>.amazonaws.com; awsJson1_1, X-Amz-Target SWBExternalService.*,
// SigV4 "sso"), only in the instance's home region (the scenario's SSO region). The calls `team check` and
// `team check --fix` use: ListInstances, ListPermissionSets, DescribePermissionSet,
// GetInlinePolicyForPermissionSet, ListManagedPoliciesInPermissionSet, CreatePermissionSet,
// PutInlinePolicyToPermissionSet, ProvisionPermissionSet, DescribePermissionSetProvisioningStatus.
// A change reaches the developers' role (what iam.ts evaluates) only when the permission set is provisioned.
import {randomUUID} from 'node:crypto';
import {permissionSetArn, type PermissionSetFixture} from '../team-fixtures.js';
import {json11, Json11Error, required, teamOf, type OperationContext} from './json11.js';

function instance(input: Record<string, unknown>, context: OperationContext) {
	required(input, 'InstanceArn');
	const center = teamOf(context.world).identityCenter;
	if (context.region !== context.world.scenario.sso.region) throw new Json11Error(400, 'ResourceNotFoundException', `The instance ${String(input['InstanceArn'])} does not exist in ${context.region}.`);
	if (input['InstanceArn'] !== center.InstanceArn) throw new Json11Error(400, 'ResourceNotFoundException', `Instance ${String(input['InstanceArn'])} doesn't exist.`);
	return center;
}

function permissionSet(input: Record<string, unknown>, context: OperationContext): PermissionSetFixture {
	const center = instance(input, context);
	required(input, 'PermissionSetArn');
	const found = center.permissionSets.find((p) => p.PermissionSetArn === input['PermissionSetArn']);
	if (!found) throw new Json11Error(400, 'ResourceNotFoundException', `PermissionSet ${String(input['PermissionSetArn'])} doesn't exist.`);
	return found;
}

function validPolicy(text: unknown): string {
	if (typeof text !== 'string' || text.length === 0 || text.length > 32_768) throw new Json11Error(400, 'ValidationException', 'The inline policy must be a JSON string of at most 32768 characters.');
	try {
		const parsed = JSON.parse(text) as {Version?: string; Statement?: unknown};
		if (!parsed.Statement) throw new Error('no Statement');
	} catch {
		throw new Json11Error(400, 'ValidationException', 'The inline policy is not a valid IAM policy document (malformed JSON).');
	}
	return text;
}

export const ssoAdmin = json11({
	targetPrefixes: ['SWBExternalService'],
	signingName: 'sso',
	operations: {
		ListInstances(_input, context) {
			const center = teamOf(context.world).identityCenter;
			if (!center.InstanceArn || context.region !== context.world.scenario.sso.region) return {Instances: []};
			return {Instances: [{InstanceArn: center.InstanceArn, IdentityStoreId: center.IdentityStoreId, Status: 'ACTIVE', Name: 'fake-organisation'}]};
		},
		ListPermissionSets(input, context) {
			return {PermissionSets: instance(input, context).permissionSets.map((p) => p.PermissionSetArn)};
		},
		DescribePermissionSet(input, context) {
			const {inlinePolicy: _i, managedPolicies: _m, provisioned: _p, accounts: _a, ...shown} = permissionSet(input, context);
			return {PermissionSet: {...shown, SessionDuration: shown.SessionDuration ?? 'PT8H', CreatedDate: shown.CreatedDate / 1000}};
		},
		GetInlinePolicyForPermissionSet(input, context) {
			return {InlinePolicy: permissionSet(input, context).inlinePolicy ?? ''};
		},
		ListManagedPoliciesInPermissionSet(input, context) {
			return {AttachedManagedPolicies: (permissionSet(input, context).managedPolicies ?? []).map((Arn) => ({Arn, Name: Arn.split('/').at(-1)}))};
		},
		CreatePermissionSet(input, context) {
			const center = instance(input, context);
			required(input, 'Name');
			const name = String(input['Name']);
			if (!/^[\w+=,.@-]{1,32}$/.test(name)) throw new Json11Error(400, 'ValidationException', `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
			if (center.permissionSets.some((p) => p.Name === name)) throw new Json11Error(400, 'ConflictException', `PermissionSet with name ${name} already exists.`);
			const created: PermissionSetFixture = {
				Name: name,
				PermissionSetArn: permissionSetArn(randomUUID().replace(/-/g, '').slice(0, 16)),
				...(typeof input['Description'] === 'string' ? {Description: input['Description']} : {}),
				CreatedDate: context.world.now(),
				SessionDuration: typeof input['SessionDuration'] === 'string' ? input['SessionDuration'] : 'PT8H',
				provisioned: {},
				accounts: [],
			};
			center.permissionSets.push(created);
			const {provisioned: _p, accounts: _a, ...shown} = created;
			return {PermissionSet: {...shown, CreatedDate: created.CreatedDate / 1000}};
		},
		PutInlinePolicyToPermissionSet(input, context) {
			const set = permissionSet(input, context);
			set.inlinePolicy = validPolicy(input['InlinePolicy']);
			return {};
		},
		ProvisionPermissionSet(input, context) {
			const set = permissionSet(input, context);
			required(input, 'TargetType');
			const target = input['TargetType'];
			if (target !== 'AWS_ACCOUNT' && target !== 'ALL_PROVISIONED_ACCOUNTS') throw new Json11Error(400, 'ValidationException', `Value '${String(target)}' at 'targetType' failed to satisfy constraint: Member must satisfy enum value set: [AWS_ACCOUNT, ALL_PROVISIONED_ACCOUNTS]`);
			if (target === 'AWS_ACCOUNT') {
				required(input, 'TargetId');
				if (!set.accounts.includes(String(input['TargetId']))) set.accounts.push(String(input['TargetId']));
			}
			set.provisioned = {...(set.inlinePolicy ? {inlinePolicy: set.inlinePolicy} : {}), ...(set.managedPolicies ? {managedPolicies: [...set.managedPolicies]} : {})};
			const team = teamOf(context.world);
			team.provisioningRequests ??= new Map();
			const status = {RequestId: randomUUID(), Status: 'SUCCEEDED' as const, PermissionSetArn: set.PermissionSetArn, CreatedDate: context.world.now() / 1000};
			team.provisioningRequests.set(status.RequestId, status);
			return {PermissionSetProvisioningStatus: {...status, ...(target === 'AWS_ACCOUNT' ? {AccountId: input['TargetId']} : {})}};
		},
		DescribePermissionSetProvisioningStatus(input, context) {
			instance(input, context);
			required(input, 'ProvisionPermissionSetRequestId');
			const status = teamOf(context.world).provisioningRequests?.get(String(input['ProvisionPermissionSetRequestId']));
			if (!status) throw new Json11Error(400, 'ResourceNotFoundException', 'The provisioning request does not exist.');
			return {PermissionSetProvisioningStatus: status};
		},
	},
});
