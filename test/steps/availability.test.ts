// Every enum value GetFoundationModelAvailability can answer, in words and through the step.
import {describe, expect, it} from 'vitest';
import {describeAvailability, modelAccess} from '../../source/core/steps/model-access.js';
import {region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import type {ModelFixture} from '../../source/fake-aws/types.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

describe('availability in words', () => {
	it.each([
		[{authorizationStatus: 'AUTHORIZED'}, 'Authorization: your role may use this model'],
		[{authorizationStatus: 'NOT_AUTHORIZED'}, 'Authorization: your role may NOT use this model (IAM policy, SCP or permission set)'],
		[{entitlementAvailability: 'AVAILABLE'}, 'Entitlement: the account is entitled to it'],
		[{entitlementAvailability: 'NOT_AVAILABLE'}, 'Entitlement: no Marketplace entitlement yet'],
		[{agreementAvailability: {status: 'AVAILABLE'}}, 'Agreement: accepted'],
		[{agreementAvailability: {status: 'PENDING'}}, 'Agreement: being processed (the Marketplace subscription can take up to 15 minutes)'],
		[{agreementAvailability: {status: 'NOT_AVAILABLE'}}, 'Agreement: not accepted yet'],
		[{agreementAvailability: {status: 'ERROR', errorMessage: 'payment method missing'}}, 'Agreement: failed: payment method missing'],
		[{regionAvailability: 'AVAILABLE'}, 'Region: offered in this region'],
		[{regionAvailability: 'NOT_AVAILABLE'}, 'Region: NOT offered in this region'],
	])('%j', (answer, line) => {
		expect(describeAvailability(answer)).toContain(line);
	});
});

function withAvailability(patch: Partial<ModelFixture['availability']>) {
	const scenario = getScenario('happy');
	for (const fixture of Object.values(scenario.regions)) for (const model of fixture.models) model.availability = {...model.availability, ...patch};
	return scenario;
}

async function access(patch: Partial<ModelFixture['availability']>) {
	const world = await wizardWorld(withAvailability(patch));
	return world.run([ssoProfile, region, modelAccess], {...SSO_FLAGS, profile: 'p', region: 'us-east-1', model: 'openai.gpt-5.4'});
}

async function accessWithWorld(patch: Partial<ModelFixture['availability']>) {
	const world = await wizardWorld(withAvailability(patch));
	return {...(await world.run([ssoProfile, region, modelAccess], {...SSO_FLAGS, profile: 'p', region: 'us-east-1', model: 'openai.gpt-5.4'})), world};
}

describe('model-access step on each availability answer (through the real client)', () => {
	it('PENDING: waits and re-checks (never creates it again), then goes on, saying the subscription is still being processed', async () => {
		const {result, notes, world} = await accessWithWorld({agreement: 'PENDING'});
		expect(result.exitCode).toBe(0);
		expect(notes).toContain('The agreement for openai.gpt-5.4 exists and is being processed; waiting for it instead of creating another.');
		expect(notes).toContain('The agreement for openai.gpt-5.4 is still being processed after 2 min (AWS: it can take up to 15 minutes). It was not created again; the test prompt will show whether the model answers yet.');
		expect(world.fake.state.log.filter((l) => l.operation === 'CreateFoundationModelAgreement')).toEqual([]);
		expect(world.fake.state.log.filter((l) => l.operation === 'GetFoundationModelAvailability').length).toBeGreaterThan(2);
	});

	it('region NOT_AVAILABLE: fails and points back to the region step', async () => {
		const {result} = await access({region: 'NOT_AVAILABLE'});
		expect(result.state.failure).toMatchObject({code: 'model.region-unavailable', fixStep: 'region'});
	});
});
