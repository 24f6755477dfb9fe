// Checks a generated policy before it is written: it survives JSON, has IAM's shape (Version 2012-10-17,
// unique alphanumeric Sids, Effect, Action or NotAction, Resource or NotResource), every action is one we
// know the name of (from the service's SDK model where one exists, else AWS's Service Authorization
// Reference; test/team/policy.test.ts checks this table against those sources), and every ARN has the
// shape of its resource type. A problem is a message, never an exception, so `team init` can say all of them.
import type {PolicyDocument} from './policy.js';

/** Actions the generated documents may name, by service prefix. */
export const KNOWN_ACTIONS: Record<string, {source: string; actions: readonly string[]}> = {
	bedrock: {
		// Operation names of the Bedrock control plane and runtime service models (IAM action = operation name).
		source: '@aws-sdk/client-bedrock and the bedrock-runtime service model (botocore data)',
		actions: ['ListFoundationModels', 'ListInferenceProfiles', 'GetFoundationModelAvailability', 'ListFoundationModelAgreementOffers', 'CreateFoundationModelAgreement', 'GetFoundationModel', 'InvokeModel', 'InvokeModelWithResponseStream', 'GetModelInvocationLoggingConfiguration', '*'],
	},
	'bedrock-mantle': {
		source: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_bedrock-mantle.html (no SDK model exists)',
		actions: ['CreateInference', 'GetProject', 'ListProjects', 'ListTagsForResources', 'CallWithBearerToken', 'Get*', 'List*', '*'],
	},
	'aws-marketplace': {
		source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-access-permissions.html (permission-only actions)',
		actions: ['Subscribe', 'ViewSubscriptions', 'Unsubscribe'],
	},
};

const ARN_SHAPES: Array<{service: string; pattern: RegExp; what: string}> = [
	// The region may be a pattern (us-*) for a geographic profile's destinations, or empty for a global profile's.
	{service: 'bedrock', pattern: /^arn:aws:bedrock:([a-z]{2}-[a-z]+-\d|[a-z]{2}-\*|):(\d{12})?:(foundation-model|inference-profile)\/[a-z0-9-]{1,63}\.[a-z0-9.:-]+$/, what: 'arn:aws:bedrock:REGION::foundation-model/ID or arn:aws:bedrock:REGION:ACCOUNT:inference-profile/ID'},
	{service: 'bedrock-mantle', pattern: /^arn:aws:bedrock-mantle:[a-z]{2}-[a-z]+-\d:\d{12}:project\/(\*|[\w-]+)$/, what: 'arn:aws:bedrock-mantle:REGION:ACCOUNT:project/NAME'},
];

export function validatePolicy(policy: PolicyDocument): string[] {
	const problems: string[] = [];
	let copy: PolicyDocument;
	try {
		copy = JSON.parse(JSON.stringify(policy)) as PolicyDocument;
	} catch (error) {
		return [`does not survive JSON: ${(error as Error).message}`];
	}
	if (copy.Version !== '2012-10-17') problems.push('Version must be "2012-10-17"');
	if (!Array.isArray(copy.Statement) || copy.Statement.length === 0) return [...problems, 'no statements'];
	const sids = new Set<string>();
	for (const [i, s] of copy.Statement.entries()) {
		const where = `statement ${s.Sid ?? i + 1}`;
		if (!/^[A-Za-z0-9]+$/.test(s.Sid ?? '')) problems.push(`${where}: a Sid is letters and digits only`);
		if (sids.has(s.Sid)) problems.push(`${where}: duplicate Sid`);
		sids.add(s.Sid);
		if (s.Effect !== 'Allow' && s.Effect !== 'Deny') problems.push(`${where}: Effect is Allow or Deny`);
		const actions = s.Action ?? s.NotAction;
		if (!actions?.length || (s.Action && s.NotAction)) problems.push(`${where}: give Action or NotAction`);
		for (const action of actions ?? []) {
			const m = /^([a-z0-9-]+):([A-Za-z*]+)$/.exec(action);
			const known = m ? KNOWN_ACTIONS[m[1]!] : undefined;
			if (!m) problems.push(`${where}: "${action}" is not service:Action`);
			else if (!known) problems.push(`${where}: service "${m[1]}" is not one these documents use`);
			else if (!known.actions.includes(m[2]!)) problems.push(`${where}: ${action} is not a known ${m[1]} action (${known.source})`);
		}
		const resources = s.Resource ?? s.NotResource;
		if (resources === undefined || (s.Resource && s.NotResource)) problems.push(`${where}: give Resource or NotResource`);
		for (const arn of typeof resources === 'string' ? [resources] : (resources ?? [])) {
			if (arn === '*') continue;
			const service = /^arn:aws:([a-z0-9-]+):/.exec(arn)?.[1];
			const shape = ARN_SHAPES.find((a) => a.service === service);
			if (!shape) problems.push(`${where}: "${arn}" is not an ARN of a service these documents use`);
			else if (!shape.pattern.test(arn)) problems.push(`${where}: "${arn}" does not have the shape ${shape.what}`);
		}
	}
	return problems;
}
