import {describe, expect, it} from 'vitest';
import {prefixedEndpoints, systemClock} from '../../source/core/context.js';
import {codexModels, isPermissionDenial, probeRegions, routeFindings, usableModels} from '../../source/core/bedrock/probe.js';
import {compareNewestFirst, describeModel, isRuntimeId, MANTLE_REGIONS, toMantleId} from '../../source/core/bedrock/models.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import {testContext} from '../helpers/context.js';
import {credentialsFor, fakeAws} from '../helpers/fake-aws.js';

function contextFor(fake: FakeAws) {
	return {...testContext({clock: systemClock}), endpoints: prefixedEndpoints(fake.url)};
}

describe('model IDs', () => {
	it('maps Runtime IDs to Mantle IDs and orders models newest first', () => {
		expect(isRuntimeId('openai.gpt-oss-120b-1:0')).toBe(true);
		expect(isRuntimeId('openai.gpt-5.4')).toBe(false);
		expect(toMantleId('openai.gpt-oss-120b-1:0')).toBe('openai.gpt-oss-120b');
		expect(toMantleId('openai.gpt-5.4')).toBe('openai.gpt-5.4');
		expect(['openai.gpt-oss-20b', 'openai.gpt-5.4', 'openai.gpt-oss-safeguard-120b', 'openai.gpt-5.5', 'openai.gpt-oss-120b'].sort(compareNewestFirst)).toEqual([
			'openai.gpt-5.5', 'openai.gpt-5.4', 'openai.gpt-oss-safeguard-120b', 'openai.gpt-oss-120b', 'openai.gpt-oss-20b',
		]);
		expect(describeModel('openai.gpt-oss-120b')).toBe('128K context · $0.15/$0.60 per 1M in/out');
		expect(describeModel('openai.unknown')).toBe('');
		expect(MANTLE_REGIONS).toHaveLength(12);
		expect(MANTLE_REGIONS).not.toContain('ca-central-1');
	});
});

describe('live region probe through the real clients', () => {
	it('reports each region its own catalogue, from the control plane and from Mantle', async () => {
		const fake = await fakeAws();
		const probes = await probeRegions(contextFor(fake), credentialsFor(fake), ['us-east-1', 'eu-central-1', 'ca-central-1']);
		const byRegion = Object.fromEntries(probes.map((p) => [p.region, p]));
		expect(byRegion['us-east-1']?.mantle.ids).toEqual(['openai.gpt-oss-120b', 'openai.gpt-oss-20b', 'openai.gpt-oss-safeguard-120b', 'openai.gpt-oss-safeguard-20b', 'openai.gpt-5.6-sol', 'openai.gpt-5.6-terra', 'openai.gpt-5.6-luna', 'openai.gpt-5.5', 'openai.gpt-5.4']);
		expect(byRegion['us-east-1']?.listed.onDemand).toEqual(['openai.gpt-oss-120b-1:0', 'openai.gpt-oss-20b-1:0', 'openai.gpt-oss-safeguard-120b-1:0', 'openai.gpt-oss-safeguard-20b-1:0', 'openai.gpt-5.6-sol', 'openai.gpt-5.6-terra', 'openai.gpt-5.6-luna']);
		expect(byRegion['eu-central-1']?.listed.ids.slice(0, 2)).toEqual(['openai.gpt-oss-120b-1:0', 'openai.gpt-oss-20b-1:0']);
		// ca-central-1: no Mantle endpoint (not even asked), nothing in-region, global profiles only.
		expect(byRegion['ca-central-1']).toMatchObject({listed: {status: 'ok', onDemand: []}, mantle: {status: 'absent', ids: []}, profiles: {status: 'ok'}});
		expect(byRegion['ca-central-1']!.profiles.ids.every((id) => id.startsWith('global.openai.'))).toBe(true);
		expect(fake.state.log.some((l) => l.operation.startsWith('Mantle') && l.region === 'ca-central-1')).toBe(false);
		// gpt-oss is listed on both routes in eu-central-1, but Codex can use only the global GPT profiles there.
		expect(codexModels(byRegion['eu-central-1']!, 'mantle')).toEqual([]);
		expect(codexModels(byRegion['eu-central-1']!, 'runtime')[0]).toBe('global.openai.gpt-6.1-sol');
		expect(codexModels(byRegion['eu-central-1']!, 'runtime', 'geo')).toEqual([]);
		expect(routeFindings(byRegion['eu-central-1']!, 'runtime', 'geo')).toMatch(/8 OpenAI inference profiles \(8 global\); your team's preset requires no global profile, which none of them meets\.$/);
		expect(usableModels(byRegion['eu-central-1']!)).toEqual(codexModels(byRegion['eu-central-1']!, 'runtime'));
	});

	it('takes about as long as the slowest region, not the sum', async () => {
		const scenario = getScenario('happy');
		const delays: Record<string, number> = {'us-east-1': 240, 'us-east-2': 160, 'us-west-2': 80};
		for (const [region, ms] of Object.entries(delays)) scenario.regions[region]!.latencyMs = ms;
		const fake = await fakeAws({scenario});
		const started = Date.now();
		const probes = await probeRegions(contextFor(fake), credentialsFor(fake), Object.keys(delays));
		const wall = Date.now() - started;
		expect(probes.every((p) => p.listed.status === 'ok' && p.mantle.status === 'ok')).toBe(true);
		// Within a region, each host's two lists share its one connection (one after the other, each with
		// the region's delay): at least twice the slowest delay. Regions in parallel: less than the two
		// slowest regions one after the other (a probe asking region by region takes 2 * (240 + 160 + 80)).
		expect(wall).toBeGreaterThanOrEqual(2 * 240);
		expect(wall).toBeLessThan(2 * 240 + 2 * 160);
	});

	it('a region that never answers is a time-out, not "no models"', async () => {
		const fake = await fakeAws({scenario: 'region-timeout'});
		const [probe] = await probeRegions(contextFor(fake), credentialsFor(fake), ['eu-central-1'], {timeoutMs: 60});
		expect(probe?.listed).toMatchObject({status: 'timeout', ids: []});
		expect(probe?.mantle.status).toBe('timeout');
	});

	it('AccessDenied on the control plane is "denied", with the missing action in the message', async () => {
		const fake = await fakeAws({scenario: 'bedrock-iam-denied'});
		const [probe] = await probeRegions(contextFor(fake), credentialsFor(fake), ['us-east-1']);
		expect(probe?.listed.status).toBe('denied');
		expect(probe?.listed.failure?.message).toContain('bedrock:ListFoundationModels');
		expect(probe?.mantle.status).toBe('ok');
	});

	it('names the action the role needs only for a permission denial, not for a refused signature or token (403 too)', async () => {
		const denied = await fakeAws({scenario: 'bedrock-iam-denied'});
		const [noPermission] = await probeRegions(contextFor(denied), credentialsFor(denied), ['us-east-1']);
		expect(isPermissionDenial(noPermission!.listed.failure)).toBe(true);
		expect(routeFindings(noPermission!, 'runtime')).toContain('ListFoundationModels in us-east-1 was refused (the role needs bedrock:ListFoundationModels)');

		const fake = await fakeAws();
		const [expired] = await probeRegions(contextFor(fake), credentialsFor(fake, {ttlSeconds: -60}), ['us-east-1']);
		const wrongKey = {...credentialsFor(fake), secretAccessKey: 'not-the-secret-aws-issued'};
		const [badSignature] = await probeRegions(contextFor(fake), wrongKey, ['us-east-1']);
		for (const probe of [expired!, badSignature!]) {
			expect(probe.listed.status).toBe('denied');
			expect(probe.listed.failure?.httpStatus).toBe(403);
			expect(isPermissionDenial(probe.listed.failure)).toBe(false);
			const text = routeFindings(probe, 'runtime');
			expect(text).toContain('ListFoundationModels in us-east-1 was refused (the credentials or the clock, not the role)');
			expect(text).not.toContain('the role needs');
		}
		expect(expired!.listed.failure?.errorName).toBe('ExpiredTokenException');
		expect(badSignature!.listed.failure?.errorName).toMatch(/InvalidSignatureException|SignatureDoesNotMatch/);
	});

	it('throttling is retried by the SDK (no waiting in tests) and the probe still succeeds', async () => {
		const fake = await fakeAws({scenario: 'throttled'});
		const [probe] = await probeRegions(contextFor(fake), credentialsFor(fake), ['us-east-1'], {retryDelayMs: 0});
		expect(probe?.listed.status).toBe('ok');
		expect(fake.state.log.filter((l) => l.operation === 'ListFoundationModels').map((l) => l.status)).toEqual([429, 429, 200]);
	});
});
