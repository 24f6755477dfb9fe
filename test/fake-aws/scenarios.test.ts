// The named scenarios as data, every one of them served, and the standalone server (npm run fake-aws).
import {spawn} from 'node:child_process';
import path from 'node:path';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {describe, expect, it} from 'vitest';
import {describeScenarios, getScenario, MANTLE_REGIONS, SCENARIO_NAMES} from '../../source/fake-aws/scenarios.js';
import {credentialsFor, fakeAws} from '../helpers/fake-aws.js';

/** Operations the signed services answer; a fault naming anything else in their families is a typo. */
const SIGNED_OPERATIONS = new Set([
	'GetCallerIdentity',
	'ListFoundationModels',
	'GetFoundationModel',
	'GetFoundationModelAvailability',
	'ListFoundationModelAgreementOffers',
	'CreateFoundationModelAgreement',
	'MantleListModels',
	'MantleResponses',
	'MantleChatCompletions',
]);

describe('scenarios', () => {
	it('every named scenario builds, fresh each time, with a description', () => {
		expect(SCENARIO_NAMES.length).toBeGreaterThanOrEqual(15);
		for (const name of SCENARIO_NAMES) {
			const scenario = getScenario(name);
			expect(scenario.name).toBe(name);
			expect(scenario.description.length).toBeGreaterThan(10);
		}
		getScenario('happy').regions['us-east-1']!.models = [];
		expect(getScenario('happy').regions['us-east-1']!.models.length).toBeGreaterThan(0);
		expect(describeScenarios().map((s) => s.name)).toEqual(SCENARIO_NAMES);
		expect(() => getScenario('nope')).toThrow('Unknown scenario "nope"');
	});

	it.each(SCENARIO_NAMES)('%s: faults name real operations, catalogues are consistent', (name) => {
		const scenario = getScenario(name);
		for (const fault of scenario.faults) {
			if (/Foundation|^Mantle|CallerIdentity/.test(fault.operation)) expect(SIGNED_OPERATIONS).toContain(fault.operation);
			if (fault.region) expect(Object.keys(scenario.regions)).toContain(fault.region);
		}
		for (const [region, fixture] of Object.entries(scenario.regions)) {
			expect(fixture.mantle).toBe((MANTLE_REGIONS as readonly string[]).includes(region));
			for (const model of fixture.models) {
				expect(model.runtimeId ?? model.mantleId).toBeTruthy();
				if (model.mantleId) expect(model.mantleRoute).toMatch(/^\/(openai\/)?v1$/);
			}
		}
	});

	it.each(SCENARIO_NAMES)('%s: the simulated AWS starts and STS answers', async (name) => {
		const fake = await fakeAws({scenario: name});
		// Two attempts: under clock-skew the SDK corrects its clock from the Date header and signs again.
		const sts = new STSClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), credentials: credentialsFor(fake), maxAttempts: 2});
		await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({Account: '111122223333'});
	});
});

describe('npm run fake-aws (standalone.ts)', () => {
	const script = path.resolve('source/fake-aws/standalone.ts');

	function run(args: string[], until?: RegExp) {
		const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		const ready = until
			? new Promise<void>((resolve, reject) => {
					child.stdout.on('data', () => until.test(stdout) && resolve());
					void exited.then(() => reject(new Error(`exited before ${until}: ${stderr}`)));
				})
			: Promise.resolve();
		return {child, ready, exited, output: () => ({stdout, stderr})};
	}

	it('prints the variables, logs each request, and stops on SIGTERM', async () => {
		const server = run(['--scenario', 'throttled', '--port', '0'], /Ctrl-C stops/);
		await server.ready;
		const exports = Object.fromEntries([...server.output().stdout.matchAll(/^export (\w+)=(.+)$/gm)].map((m) => [m[1], m[2]]));
		expect(Object.keys(exports)).toEqual(expect.arrayContaining(['AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_BEDROCK', 'AWS_ENDPOINT_URL_BEDROCK_MANTLE', 'AWS_CONFIG_FILE']));
		expect(server.output().stdout).toContain('scenario "throttled"');
		const response = await fetch(`${exports['AWS_ENDPOINT_URL_BEDROCK']}/foundation-models`);
		expect(response.status).toBe(403);
		server.child.kill('SIGTERM');
		expect(await server.exited).toBe(0);
		expect(server.output().stderr).toContain('GET /foundation-models -> 403 (ListFoundationModels)');
	});

	it('--list prints every scenario; a bad scenario or port is a usage error (exit 2)', async () => {
		const [list, badScenario, badPort] = [run(['--list']), run(['--scenario', 'nope']), run(['--port', '99999'])];
		expect(await list.exited).toBe(0);
		for (const name of SCENARIO_NAMES) expect(list.output().stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
		expect(await badScenario.exited).toBe(2);
		expect(badScenario.output().stderr).toContain('Unknown scenario "nope"');
		expect(await badPort.exited).toBe(2);
		expect(badPort.output().stderr).toContain('--port must be a whole number from 0 to 65535');
	});
});
