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
	it('shows what each region offers on both routes, recommends the profile region, and says why the route', async () => {
		const {result, blocks, notes} = await through('happy', {model: 'openai.gpt-5.4'});
		expect(result.exitCode).toBe(0);
		const matrix = blocks.find((b) => b.title.startsWith('Regions:'))!;
		expect(matrix.lines).toHaveLength(19);
		expect(matrix.lines[0]).toBe('us-east-1      Runtime 19 (in-region/geo/global) · Mantle 5 · 9 documented');
		expect(matrix.lines).toContain('ca-central-1   Runtime 8 (global) · Mantle none · 0 documented');
		expect(matrix.lines).toContain('eu-central-1   Runtime 8 (global) · Mantle 0 · 2 documented');
		for (const line of matrix.lines) expect(line.length, line).toBeLessThanOrEqual(78);
		expect(notes).toContain("Recommended: us-east-1 (your profile's region, and it works).");
		// GPT-5.4 is Mantle-only: the route follows the model, and says so.
		expect(notes.some((n) => n.startsWith('Mantle: openai.gpt-5.4 is not on Runtime in us-east-1 for this account'))).toBe(true);
		expect(result.state.answers).toMatchObject({region: 'us-east-1', route: 'mantle', model: 'openai.gpt-5.4', inferenceScope: 'in-region'});
	});

	it('--region ca-central-1 (no Mantle): Runtime, with the reason, never "not one of the choices"', async () => {
		const {result, notes, blocks} = await through('happy', {region: 'ca-central-1'});
		expect(result.exitCode).toBe(0);
		expect(notes).toContain("Runtime: AWS's recommended endpoint, the only one in ca-central-1; 8 models Codex can use.");
		expect(result.state.answers).toMatchObject({region: 'ca-central-1', route: 'runtime', model: 'global.openai.gpt-6.1-sol', inferenceScope: 'global'});
		const residency = blocks.find((b) => b.title === 'Where prompts to global.openai.gpt-6.1-sol may be processed')!;
		expect(residency.lines[0]).toBe('Global (global. profile): Bedrock may process the prompt and the answer in any commercial AWS Region worldwide, including Regions outside Canada; data at rest stays in ca-central-1. Use it only where no data-residency rule applies.');
		expect(residency.lines.at(-1)).toBe('Source: https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html (read 2026-12-01)');
	});

	it('--region ca-central-1 where the account sees no OpenAI model: the probe\'s precise reason', async () => {
		const {result} = await through('ca-no-openai', {region: 'ca-central-1'});
		expect(result.exitCode).toBe(1);
		expect(result.state.failure).toMatchObject({
			code: 'region.none-usable',
			fixStep: 'region',
			message: 'Codex cannot use Bedrock in ca-central-1 with this account: Runtime in ca-central-1: the control plane lists 0 OpenAI models, 0 served in-region; 0 OpenAI inference profiles. ca-central-1 has no Bedrock Mantle endpoint (AWS endpoints-region-availability).',
		});
	});

	it('--route mantle where there is no Mantle, and a preset that forbids global profiles: refused with the reason', async () => {
		const mantle = await through('happy', {region: 'ca-central-1', route: 'mantle'});
		expect(mantle.result.state.failure).toMatchObject({code: 'region.route-empty', message: expect.stringContaining('ca-central-1 has no Bedrock Mantle endpoint'), hint: expect.stringContaining('The other route serves 8 here')});
		const world = await wizardWorld('happy');
		const ctx = {...world.context({...SSO_FLAGS, profile: 'codex-bedrock', region: 'ca-central-1'}), locks: {scope: 'geo' as const}};
		const {runWizard} = await import('../../source/core/driver.js');
		const {recordingRenderer} = await import('../helpers/recording-renderer.js');
		const geoOnly = await runWizard({steps: [ssoProfile, region, modelAccess], ctx, renderer: recordingRenderer(), interactive: false});
		expect(geoOnly.state.failure).toMatchObject({code: 'region.none-usable', message: expect.stringContaining("your team's preset requires no global profile, which none of them meets")});
		const flagged = await runWizard({steps: [ssoProfile, region, modelAccess], ctx: {...ctx, flags: {...ctx.flags, region: 'us-east-1', model: 'global.openai.gpt-6-sol'}}, renderer: recordingRenderer(), interactive: false});
		expect(flagged.state.failure).toMatchObject({code: 'model.scope-refused', message: "global.openai.gpt-6-sol is a global inference profile; your team's preset requires geographic profiles at most (no global. profile)."});
	});

	it('checks only --probe-regions, and says when a region timed out', async () => {
		const {result, blocks} = await through('region-timeout', {'probe-regions': 'eu-west-1,eu-central-1', region: 'eu-west-1', 'probe-timeout': '0.3'});
		expect(result.exitCode).toBe(0);
		expect(blocks.find((b) => b.title.startsWith('Regions:'))?.lines).toEqual([
			'eu-west-1      Runtime 8 (global) · Mantle 0 · 4 documented',
			'eu-central-1   Runtime timed out · Mantle timed out · 2 documented',
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
	it('gpt-oss is never offered for Codex: not offered, with the reason, and refused by flag (also as a Runtime ID)', async () => {
		const {result, notes, blocks} = await through('happy', {region: 'eu-west-1', route: 'mantle', model: 'openai.gpt-oss-120b-1:0'});
		expect(result.state.failure).toMatchObject({code: 'region.route-empty'});
		const runtime = await through('happy', {region: 'us-east-1', route: 'runtime', model: 'openai.gpt-oss-120b-1:0'});
		expect(runtime.notes).toContain('openai.gpt-oss-120b-1:0 is a control-plane ID with a version suffix; Codex names the same model openai.gpt-oss-120b. Using openai.gpt-oss-120b.');
		expect(runtime.result.state.failure).toMatchObject({code: 'model.codex-cannot-use', message: expect.stringContaining('Codex cannot use it on either route')});
		const listed = await through('happy', {region: 'us-east-1', route: 'mantle', model: 'openai.gpt-5.5'});
		expect(listed.blocks.find((b) => b.title === 'Not offered in us-east-1 on Mantle')?.lines).toEqual(expect.arrayContaining([expect.stringMatching(/^openai\.gpt-oss-120b: Codex sends every request to \/openai\/v1\/responses/)]));
		void notes;
		void blocks;
	});

	it('offers the models newest first with context and price, defaulting to the newest', async () => {
		const {result, renderer} = await through('happy', {region: 'us-east-1'}, {interactive: true, script: ['codex-bedrock', 'sso:account:access', true, (q) => (q.kind === 'select' ? q.choices[1]!.value : 'x'), (q) => (q.kind === 'select' ? q.choices[1]!.value : 'x')]});
		const routeQuestion = renderer.asked.find((q) => q.id === 'route');
		expect(routeQuestion?.kind === 'select' && routeQuestion.default).toBe('runtime');
		const question = renderer.asked.find((q) => q.id === 'model');
		// The region is a flag; the script takes the second choice of the route (Mantle) and of the model.
		expect(result.state.answers.route).toBe('mantle');
		expect(question?.kind === 'select' && question.choices.map((c) => c.value)).toEqual(['openai.gpt-5.6-sol', 'openai.gpt-5.6-terra', 'openai.gpt-5.6-luna', 'openai.gpt-5.5', 'openai.gpt-5.4']);
		expect(question?.kind === 'select' && question.default).toBe('openai.gpt-5.6-sol');
		expect(question?.kind === 'select' && question.choices[4]?.hint).toBe('in-region · 272K context · $2.75/$16.50 per 1M in/out');
		expect(result.state.answers.model).toBe('openai.gpt-5.6-terra');
	});

	it('a model not served in the region fails and points back to the region', async () => {
		const {result} = await through('happy', {region: 'eu-central-1', model: 'openai.gpt-5.4'});
		expect(result.state.failure).toMatchObject({code: 'model.not-in-region', fixStep: 'region', hint: expect.stringMatching(/^Models here: global\.openai\.gpt-6\.1-sol, /)});
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
