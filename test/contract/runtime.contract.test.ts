// Runtime facts pinned on the real Codex 0.169.0 binary through the contract harness: what
// amazon-bedrock-runtime sends (host, path, SigV4 service and region, model), that it has no region
// allow-list, which other models it calls in a turn (none: no helper model request was seen), and how it
// reports Runtime's refusals. The Mantle counterparts are in codex.contract.test.ts (REQUESTS).
import {beforeAll, describe, expect, it} from 'vitest';
import {bedrockConfig, contractWorld, describeRequest, errorLines, type ExecRun} from './harness.js';

const runs = new Map<string, ExecRun>();

async function runtimeRun(id: string, region: string, model: string, scenario = 'happy'): Promise<void> {
	const world = await contractWorld(scenario);
	const keys = world.keys();
	world.writeCodexConfig(bedrockConfig({provider: 'amazon-bedrock-runtime', model, region}));
	// No retry settings: Codex refuses request_max_retries / stream_max_retries on its built-in Bedrock providers
	// ("only supports changing `base_url`, `auth`, `http_headers`, `aws.profile`, `aws.region`, ...": SEEN).
	runs.set(id, await world.exec({env: {AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey, AWS_SESSION_TOKEN: keys.sessionToken}}));
}

beforeAll(async () => {
	await Promise.all([
		runtimeRun('ca-global', 'ca-central-1', 'global.openai.gpt-5.6-terra'),
		runtimeRun('us-geo', 'us-east-1', 'us.openai.gpt-6-sol'),
		runtimeRun('eu-west-3', 'eu-west-3', 'global.openai.gpt-6.1-sol'),
		runtimeRun('denied', 'ca-central-1', 'global.openai.gpt-6.1-sol', 'runtime-profile-denied'),
		runtimeRun('mantle-only', 'us-east-1', 'openai.gpt-5.5'),
	]);
}, 180_000);

describe('Codex 0.169.0, provider amazon-bedrock-runtime', () => {
	it.each([
		['ca-global', 'POST bedrock-runtime.ca-central-1.amazonaws.com/openai/v1/responses sigv4 bedrock ca-central-1 global.openai.gpt-5.6-terra 200'],
		['us-geo', 'POST bedrock-runtime.us-east-1.amazonaws.com/openai/v1/responses sigv4 bedrock us-east-1 us.openai.gpt-6-sol 200'],
		// A region outside Mantle's 12: no allow-list on this provider.
		['eu-west-3', 'POST bedrock-runtime.eu-west-3.amazonaws.com/openai/v1/responses sigv4 bedrock eu-west-3 global.openai.gpt-6.1-sol 200'],
	])('%s: one Responses request on the Runtime host, signed for service bedrock, and the answer', (id, request) => {
		const run = runs.get(id)!;
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain('ready');
		// One request per turn and no other model: no helper or background model is called for a prompt.
		expect(run.inference.map(describeRequest)).toEqual([request]);
		expect(run.refused.filter((t) => /amazonaws\.com|api\.aws/.test(t))).toEqual([]);
	});

	it('a profile the role may not invoke: the 403 reaches the user with the IAM action and the profile ARN', () => {
		const run = runs.get('denied')!;
		expect(run.code).toBe(1);
		expect(errorLines(run).join('\n')).toContain('is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:ca-central-1:111122223333:inference-profile/global.openai.gpt-6.1-sol');
	});

	it('a Mantle-only model on Runtime: "The provided model identifier is invalid."', () => {
		const run = runs.get('mantle-only')!;
		expect(run.code).toBe(1);
		expect(errorLines(run).join('\n')).toContain('The provided model identifier is invalid.');
		expect(run.inference.every((r) => r.host === 'bedrock-runtime.us-east-1.amazonaws.com')).toBe(true);
	});
});
