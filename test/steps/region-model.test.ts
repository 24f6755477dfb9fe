// The region and model-access steps after a real SSO step, through the real clients against the
// simulated AWS: per-region catalogues, Runtime ID mapping, availability, agreements, denials.
import {describe, expect, it} from 'vitest';
import type {Flags} from '../../source/core/context.js';
import {modelAccess} from '../../source/core/steps/model-access.js';
import {recommend, region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import type {Scenario} from '../../source/fake-aws/types.js';
import type {ScriptedAnswer} from '../helpers/recording-renderer.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

async function through(scenario: string | Scenario, flags: Flags, options: {interactive?: boolean; script?: ScriptedAnswer[]} = {}) {
	const world = await wizardWorld(scenario);
	const outcome = await world.run([ssoProfile, region, modelAccess], {...SSO_FLAGS, profile: 'codex-bedrock', ...flags}, options);
	return {...outcome, fake: world.fake};
}

describe('region step', () => {
	it('shows documented vs seen per region, recommends the profile region, offers only Mantle regions', async () => {
		const {result, blocks, notes} = await through('happy', {model: 'openai.gpt-5.4'});
		expect(result.exitCode).toBe(0);
		const matrix = blocks.find((b) => b.title.startsWith('Regions:'))!;
		expect(matrix.lines).toHaveLength(12);
		expect(matrix.lines[0]).toBe('us-east-1       Mantle   · 9 documented · sees 6: gpt-5.5, gpt-5.4, 4 gpt-oss');
		expect(notes).toContain("Recommended: us-east-1 (your profile's region, and it works).");
		expect(notes).toContain('In-region: prompts are processed in us-east-1. US geo routing keeps them in US regions.');
		expect(result.state.answers).toMatchObject({region: 'us-east-1', model: 'openai.gpt-5.4'});
	});

	it('refuses a region Codex cannot use, naming the ones it can', async () => {
		const {result} = await through('happy', {region: 'ca-central-1'});
		expect(result.exitCode).toBe(2);
		expect(result.state.failure?.message).toMatch(/^--region ca-central-1: not one of the choices \(us-east-1, us-east-2, us-west-2, eu-central-1/);
	});

	it('checks only --probe-regions, and says when a region timed out', async () => {
		const {result, blocks} = await through('happy', {'probe-regions': 'eu-west-1,ca-central-1', region: 'eu-west-1', model: 'openai.gpt-oss-120b'});
		expect(result.exitCode).toBe(0);
		expect(blocks.find((b) => b.title.startsWith('Regions:'))?.lines).toEqual([
			'eu-west-1       Mantle   · 4 documented · sees 4: 4 gpt-oss',
			'ca-central-1    no Mantle (Codex cannot use it) · 0 documented · sees no OpenAI model',
		]);
	});

	it('recommends another region of the same geography when the profile region has nothing', async () => {
		const {result, notes} = await through('region-without-openai', {model: 'openai.gpt-5.4'});
		expect(notes).toContain('Recommended: us-east-2.');
		expect(result.state.answers.region).toBe('us-east-2');
		expect(recommend([], 'us-east-1')).toBeUndefined();
	});
});

describe('model-access step', () => {
	it('maps a Runtime ID to its Mantle ID and explains why', async () => {
		const {result, notes} = await through('happy', {region: 'eu-west-1', model: 'openai.gpt-oss-120b-1:0'});
		expect(result.exitCode).toBe(0);
		expect(notes).toContain('openai.gpt-oss-120b-1:0 is a Bedrock Runtime ID; Codex talks to Mantle, which names the same model openai.gpt-oss-120b. Using openai.gpt-oss-120b.');
		expect(result.state.answers.model).toBe('openai.gpt-oss-120b');
	});

	it('offers the models newest first with context and price, defaulting to the newest', async () => {
		const {result, renderer} = await through('happy', {region: 'us-east-1'}, {interactive: true, script: ['codex-bedrock', 'sso:account:access', true, (q) => (q.kind === 'select' ? q.choices[1]!.value : 'x')]});
		const question = renderer.asked.find((q) => q.id === 'model');
		expect(question?.kind === 'select' && question.choices.map((c) => c.value)).toEqual(['openai.gpt-5.5', 'openai.gpt-5.4', 'openai.gpt-oss-safeguard-120b', 'openai.gpt-oss-safeguard-20b', 'openai.gpt-oss-120b', 'openai.gpt-oss-20b']);
		expect(question?.kind === 'select' && question.default).toBe('openai.gpt-5.5');
		expect(question?.kind === 'select' && question.choices[1]?.hint).toBe('272K context · $2.75/$16.50 per 1M in/out');
		expect(result.state.answers.model).toBe('openai.gpt-5.4');
	});

	it('a model not served in the region fails and points back to the region', async () => {
		const {result} = await through('happy', {region: 'eu-central-1', model: 'openai.gpt-5.4'});
		expect(result.state.failure).toMatchObject({code: 'model.not-in-region', fixStep: 'region', hint: 'Models here: openai.gpt-oss-120b, openai.gpt-oss-20b.'});
	});

	it('shows availability in words; NOT_AUTHORIZED fails naming the IAM actions', async () => {
		const {result, blocks} = await through('no-model-access', {model: 'openai.gpt-5.4'});
		expect(blocks.find((b) => b.title.startsWith('Access to'))?.lines).toEqual([
			'Authorization: your role may NOT use this model (IAM policy, SCP or permission set)',
			'Entitlement: the account is entitled to it',
			'Agreement: not accepted yet',
			'Region: offered in this region',
		]);
		expect(result.state.failure).toMatchObject({code: 'model.not-authorized', hint: expect.stringContaining('bedrock:GetFoundationModelAvailability')});
	});

	it('agreement needed: shows the terms and creates the agreement only with --accept-agreement', async () => {
		const refused = await through('agreement-needed', {model: 'openai.gpt-5.4'});
		expect(refused.result.exitCode).toBe(2);
		expect(refused.result.state.failure?.message).toContain('needs an explicit yes: pass --accept-agreement');
		expect(refused.fake.state.agreements.size).toBe(0);
		const accepted = await through('agreement-needed', {model: 'openai.gpt-5.4', 'accept-agreement': true});
		expect(accepted.result.exitCode).toBe(0);
		expect(accepted.blocks.find((b) => b.title === 'Terms for openai.gpt-5.4')?.lines).toContain('Legal terms: https://aws.amazon.com/legal/bedrock/third-party-models/');
		expect([...accepted.fake.state.agreements]).toEqual(['us-east-1|openai.gpt-5.4']);
	});

	it('an agreement that sits PENDING after it is created: re-checked until active, created once', async () => {
		const {result, notes, renderer, fake} = await through('agreement-pending', {model: 'openai.gpt-5.4', 'accept-agreement': true});
		expect(result.exitCode).toBe(0);
		expect(fake.state.log.filter((l) => l.operation === 'CreateFoundationModelAgreement').map((l) => l.status)).toEqual([202]);
		// Re-checked every 10 s on the simulated clock until the 45 s of PENDING are over.
		const checks = fake.state.log.filter((l) => l.operation === 'GetFoundationModelAvailability');
		expect(checks.length).toBeGreaterThanOrEqual(6);
		expect(renderer.tasks).toContain('Waiting for the agreement for openai.gpt-5.4 to become active (re-checked every 10 s, up to 2 min)');
		expect(notes).toContain('The agreement for openai.gpt-5.4 is active.');
		expect(result.state.steps.find((s) => s.id === 'model-access')?.summary).toBe('openai.gpt-5.4 · access granted');
	});

	it('a re-run while the agreement is still PENDING waits for it and never creates it twice', async () => {
		const scenario = (await import('../../source/fake-aws/scenarios.js')).getScenario('agreement-pending');
		scenario.agreementActivationMs = 10 * 60_000;
		const world = await wizardWorld(scenario);
		const first = await world.run([ssoProfile, region, modelAccess], {...SSO_FLAGS, profile: 'codex-bedrock', model: 'openai.gpt-5.4', 'accept-agreement': true});
		expect(first.result.exitCode).toBe(0);
		expect(first.notes).toContain('The agreement for openai.gpt-5.4 is still being processed after 2 min (AWS: it can take up to 15 minutes). It was not created again; the test prompt will show whether the model answers yet.');
		const again = await world.run([ssoProfile, region, modelAccess], {...SSO_FLAGS, profile: 'codex-bedrock', model: 'openai.gpt-5.4', 'accept-agreement': true});
		expect(again.result.exitCode).toBe(0);
		expect(again.notes).toContain('The agreement for openai.gpt-5.4 exists and is being processed; waiting for it instead of creating another.');
		expect(world.fake.state.log.filter((l) => l.operation === 'CreateFoundationModelAgreement')).toHaveLength(1);
	});

	it('agreement needed, declined in the terminal: nothing is created', async () => {
		const {result, fake} = await through('agreement-needed', {model: 'openai.gpt-5.4'}, {interactive: true, script: ['codex-bedrock', 'sso:account:access', true, 'us-east-1', false]});
		expect(result.state.failure).toMatchObject({code: 'bedrock.agreement-declined'});
		expect(fake.state.agreements.size).toBe(0);
	});

	it('marketplace-denied: the agreement error is reported with the Marketplace fix', async () => {
		const {result} = await through('marketplace-denied', {model: 'openai.gpt-5.4'});
		expect(result.state.failure).toMatchObject({code: 'model.agreement-error', hint: expect.stringContaining('aws-marketplace:Subscribe')});
	});

	it('bedrock-iam-denied: AccessDenied on the control plane names the missing actions', async () => {
		const {result} = await through('bedrock-iam-denied', {region: 'us-east-1', model: 'openai.gpt-5.4'});
		expect(result.state.failure).toMatchObject({code: 'bedrock.access-denied', httpStatus: 403, message: expect.stringContaining('bedrock:ListFoundationModels'), hint: expect.stringContaining('aws-marketplace:Subscribe')});
	});
});
