// `doctor` on a healthy setup (made by the wizard's own steps against the simulated AWS), on broken and
// half-configured ones, as JSON (no secrets), and `--fix` repairing what is local, after which a second
// doctor passes. The real Codex (node_modules/.bin) judges the config; the AWS calls go to the fake.
import {mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {Writable} from 'node:stream';
import {describe, expect, it, vi} from 'vitest';
import {runDoctor, firstFailingStep} from '../../source/core/doctor.js';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {STEPS} from '../../source/core/steps/index.js';
import {modelAccess} from '../../source/core/steps/model-access.js';
import {region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {doctorWith} from '../../source/doctor-command.js';
import {CODEX, SYSTEM_PATH} from '../helpers/codex.js';
import {snapshot} from '../helpers/snapshot.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const SETUP_FLAGS = {...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5', yes: true};

async function healthy(scenario = 'happy') {
	const world = await wizardWorld(scenario);
	vi.stubEnv('PATH', `${path.dirname(CODEX)}:${SYSTEM_PATH}`);
	const {result} = await world.run([ssoProfile, region, modelAccess, codexConfig], SETUP_FLAGS);
	expect(result.exitCode).toBe(0);
	return world;
}

function sink() {
	let text = '';
	const stream = new Writable({write(chunk, _enc, done) { text += chunk.toString(); done(); }});
	return {stream, text: () => text};
}

const statusOf = (report: Awaited<ReturnType<typeof runDoctor>>) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));

describe('doctor', () => {
	it('a healthy setup: every check passes, with the values found; exit 0', async () => {
		const world = await healthy();
		const report = await runDoctor(world.context());
		expect(statusOf(report)).toEqual({
			node: 'pass',
			'codex.installed': 'pass',
			'aws.config': 'pass',
			'aws.profile': 'pass',
			'sso.token': 'pass',
			'aws.identity': 'pass',
			'sso.session': 'pass',
			'codex.auth-refresh': 'info',
			'region.mantle': 'pass',
			'model.listed': 'pass',
			'codex.config': 'pass',
			'codex.doctor': 'pass',
			env: 'pass',
			// What the role sees of the lead's side (a scenario without team fixtures has none of it).
			'team.budget.bedrock': 'info',
			'team.cloudtrail': 'info',
			'team.invocation-logging': 'info',
			'readiness.cost-owner': 'info',
		});
		expect(report.ok).toBe(true);
		expect(report.checks.find((c) => c.id === 'sso.session')?.summary).toBe('access token 60 min left, refreshable; role credentials 60 min left; refresh until the Identity Center session ends (8 h by default)');
		expect(report.checks.find((c) => c.id === 'codex.auth-refresh')?.summary).toBe('Codex cannot sign in again by itself: when the session ends, run npx codex-bedrock-setup login --profile codex-bedrock (re-run the wizard with the AWS CLI v2 installed to let Codex do it)');
		expect(report.setup).toMatchObject({profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5', accountId: '111122223333', roleName: 'BedrockDeveloper', shape: 'default'});
		expect(report.checks.find((c) => c.id === 'codex.doctor')?.summary).toBe('agrees: amazon-bedrock, openai.gpt-5.5');
		const out = sink();
		expect(await doctorWith(world.context(), {}, {terminal: false, color: false, output: out.stream, errors: sink().stream})).toBe(0);
		expect(out.text()).toContain('✔ Codex config  ~/.codex/config.toml: amazon-bedrock, openai.gpt-5.5, us-east-1, profile codex-bedrock');
		expect(out.text()).toMatch(/\n12 checks: 12 passed, 0 failed, 5 for you to check\.\nCodex is set up for Amazon Bedrock\.\n$/);
	});

	it('credentials Codex ignores (aws.profile comes first in Codex\'s observed order) are a warning, not a failure', async () => {
		const world = await healthy();
		vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', 'bedrock-api-key-QUJTS2V5c2VjcmV0');
		writeFileSync(path.join(world.home, '.codex', 'auth.json'), JSON.stringify({auth_mode: 'bedrockApiKey', bedrock_api_key: {api_key: 'bedrock-api-key-c3RvcmVkc2VjcmV0', region: 'us-east-1'}}));
		const report = await runDoctor(world.context());
		expect(report.ok).toBe(true);
		const shadowed = report.checks.find((c) => c.id === 'codex.credential-shadowed');
		expect(shadowed).toMatchObject({status: 'warn', diagnosis: {ruleId: 'codex.credential-shadowed'}});
		expect(shadowed?.summary).toContain('run `codex logout`');
		expect(JSON.stringify(report)).not.toMatch(/QUJTS2V5c2VjcmV0|c3RvcmVkc2VjcmV0/);
	});

	it('--json: the same report for scripts, exit 1 on a failure, and no token or key anywhere', async () => {
		const world = await healthy();
		// Without aws.profile in config.toml, AWS_BEARER_TOKEN_BEDROCK is what Codex signs with.
		const config = path.join(world.home, '.codex', 'config.toml');
		writeFileSync(config, readFileSync(config, 'utf8').replace(/^profile = .*\n/m, ''));
		vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', 'bedrock-api-key-QUJTS2V5c2VjcmV0');
		const out = sink();
		const code = await doctorWith(world.context({profile: 'codex-bedrock'}), {json: true}, {terminal: false, color: false, output: out.stream, errors: sink().stream});
		expect(code).toBe(1);
		const report = JSON.parse(out.text()) as {ok: boolean; checks: Array<{id: string; status: string; summary: string; diagnosis?: {ruleId: string}}>};
		expect(report.ok).toBe(false);
		expect(report.checks.find((c) => c.id === 'env.bearer-token')).toMatchObject({status: 'fail', diagnosis: {ruleId: 'env.bearer-token'}});
		expect(report.checks.find((c) => c.id === 'env.bearer-token')?.summary).toMatch(/^Codex will sign with the Bedrock API key in AWS_BEARER_TOKEN_BEDROCK: the config sets no aws\.profile/);
		const secrets = [
			'QUJTS2V5c2VjcmV0',
			...world.fake.state.accessTokens.keys(),
			...[...world.fake.state.credentials.values()].flatMap((c) => [c.secretAccessKey, c.sessionToken]),
		];
		for (const secret of secrets) expect(out.text()).not.toContain(secret);
	});

	it('half configured: an SSO profile but no Codex config; the re-run starts at the Codex config step', async () => {
		const world = await wizardWorld('happy');
		vi.stubEnv('PATH', `${path.dirname(CODEX)}:${SYSTEM_PATH}`);
		await world.run([ssoProfile], SETUP_FLAGS);
		const report = await runDoctor(world.context({profile: 'codex-bedrock'}), {profile: 'codex-bedrock'});
		expect(statusOf(report)).toMatchObject({'aws.profile': 'pass', 'sso.token': 'pass', 'aws.identity': 'pass', 'region.mantle': 'skip', 'model.listed': 'skip', 'codex.config': 'fail'});
		expect(report.checks.find((c) => c.id === 'codex.config')?.diagnosis?.ruleId).toBe('local.not-set-up');
		expect(firstFailingStep(report, STEPS.map((s) => s.id))).toBe('codex-config');
	});

	it('broken: an expired sign-in that cannot be refreshed fails sso.token with the login fix, and skips what needs it', async () => {
		const world = await healthy();
		// Two hours later, with a cached sign-in that has no refresh token left: it cannot be renewed.
		world.clock.advance(2 * 3600_000);
		const cache = path.join(world.home, '.aws', 'sso', 'cache');
		for (const file of readdirSync(cache)) {
			const token = JSON.parse(readFileSync(path.join(cache, file), 'utf8')) as Record<string, unknown>;
			if (token['accessToken']) writeFileSync(path.join(cache, file), JSON.stringify({...token, refreshToken: undefined}));
		}
		const report = await runDoctor(world.context());
		const token = report.checks.find((c) => c.id === 'sso.token')!;
		expect(token).toMatchObject({status: 'fail', failure: {code: 'sso.token-expired'}, diagnosis: {ruleId: 'auth.sso-expired', fix: ['npx codex-bedrock-setup login --profile codex-bedrock (or, with the AWS CLI: aws sso login --profile codex-bedrock)', 'or re-run the wizard and sign in again.']}});
		expect(statusOf(report)).toMatchObject({'aws.identity': 'skip', 'model.listed': 'skip', 'codex.config': 'pass'});
		expect(firstFailingStep(report, STEPS.map((s) => s.id))).toBe('sso-profile');
	});

	it('offline: the SSO portal does not resolve; the identity check says it is the network, not an unknown error', async () => {
		const world = await healthy();
		// The SDK's SSO credential provider keeps only the text of the socket error.
		vi.stubEnv('AWS_ENDPOINT_URL_SSO', 'http://portal.invalid');
		const report = await runDoctor(world.context());
		const identity = report.checks.find((c) => c.id === 'aws.identity')!;
		expect(identity.status).toBe('fail');
		expect(identity.failure?.nodeCode).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
		expect(identity.diagnosis?.ruleId).toBe('network.dns');
	});

	it('a Runtime setup in ca-central-1 (the wizard chose amazon-bedrock-runtime and a global profile) passes', async () => {
		const world = await wizardWorld();
		vi.stubEnv('PATH', `${path.dirname(CODEX)}:${SYSTEM_PATH}`);
		const {result} = await world.run([ssoProfile, region, modelAccess, codexConfig], {...SETUP_FLAGS, region: 'ca-central-1', model: undefined});
		expect(result.exitCode).toBe(0);
		const report = await runDoctor(world.context());
		expect(statusOf(report)).toMatchObject({'region.mantle': 'pass', 'model.listed': 'pass', 'codex.config': 'pass', 'codex.doctor': 'pass'});
		expect(report.setup).toMatchObject({route: 'runtime', region: 'ca-central-1', model: 'global.openai.gpt-6.1-sol', inferenceScope: 'global'});
		expect(report.checks.find((c) => c.id === 'codex.doctor')?.summary).toBe('agrees: amazon-bedrock-runtime, global.openai.gpt-6.1-sol');
		expect(report.ok).toBe(true);
	});

	it('a model Codex cannot use on its route (gpt-oss on Mantle, a profile on Mantle, gpt-oss on Runtime) fails, and doctor exits 1', async () => {
		const world = await healthy();
		const config = path.join(world.home, '.codex', 'config.toml');
		const good = readFileSync(config, 'utf8');
		const cases: Array<[string, string]> = [
			[good.replace('openai.gpt-5.5', 'openai.gpt-oss-120b'), 'codex.model-unusable'],
			[good.replace('openai.gpt-5.5', 'global.openai.gpt-6-sol'), 'codex.model-unusable'],
			[good.replaceAll('amazon-bedrock', 'amazon-bedrock-runtime').replace('openai.gpt-5.5', 'openai.gpt-oss-20b'), 'codex.model-unusable'],
		];
		for (const [text, code] of cases) {
			writeFileSync(config, text);
			const report = await runDoctor(world.context());
			const model = report.checks.find((c) => c.id === 'model.listed');
			expect(model?.status, text).toBe('fail');
			expect(model?.failure?.code, text).toBe(code);
			const out = sink();
			expect(await doctorWith(world.context(), {}, {terminal: false, color: false, output: out.stream, errors: sink().stream})).toBe(1);
		}
	});

	it('broken: a Runtime ID, a refused region and a profile that is not in ~/.aws/config', async () => {
		const world = await healthy();
		const config = path.join(world.home, '.codex', 'config.toml');
		writeFileSync(config, readFileSync(config, 'utf8').replace('openai.gpt-5.5', 'openai.gpt-oss-120b-1:0').replace('"us-east-1"', '"us-west-1"').replace('"codex-bedrock"', '"old-profile"'));
		const report = await runDoctor(world.context());
		const by = Object.fromEntries(report.checks.map((c) => [c.id, c]));
		expect(by['aws.profile']).toMatchObject({status: 'fail', diagnosis: {ruleId: 'codex.profile-mismatch'}});
		expect(by['region.mantle']).toMatchObject({status: 'fail', diagnosis: {ruleId: 'codex.region-refused'}});
		expect(by['model.listed']).toMatchObject({status: 'fail', diagnosis: {ruleId: 'codex.runtime-id'}});
	});

	it('--fix repairs the local problems (a Runtime ID in config.toml, a lost sign-in) and a second doctor passes', async () => {
		const world = await healthy();
		const config = path.join(world.home, '.codex', 'config.toml');
		writeFileSync(config, readFileSync(config, 'utf8').replace('openai.gpt-5.5', 'openai.gpt-5.5-1:0'));
		// The sign-in is lost too: the token cache is emptied.
		const cache = path.join(world.home, '.aws', 'sso', 'cache');
		for (const file of readdirSync(cache)) writeFileSync(path.join(cache, file), '{}');
		const out = sink();
		const code = await doctorWith(world.context({yes: true, fix: true}), {yes: true, fix: true}, {terminal: false, color: false, output: out.stream, errors: sink().stream});
		expect(out.text()).toContain('Fixing: sso-profile, codex-config');
		expect(out.text()).toContain('Checking again:');
		expect(code).toBe(0);
		expect(readFileSync(config, 'utf8')).toContain('model = "openai.gpt-5.5"\n');
		const second = await runDoctor(world.context());
		expect(second.ok).toBe(true);
	});

	it('--fix --dry-run shows the fixes as diffs and writes nothing (HOME byte for byte the same)', async () => {
		const world = await healthy();
		const config = path.join(world.home, '.codex', 'config.toml');
		writeFileSync(config, readFileSync(config, 'utf8').replace('openai.gpt-5.5', 'openai.gpt-5.5-1:0'));
		const cache = path.join(world.home, '.aws', 'sso', 'cache');
		for (const file of readdirSync(cache)) writeFileSync(path.join(cache, file), '{}');
		const before = snapshot(world.home);
		const out = sink();
		const flags = {yes: true, fix: true, 'dry-run': true};
		const code = await doctorWith(world.context(flags), flags, {terminal: false, color: false, output: out.stream, errors: sink().stream});
		expect(snapshot(world.home)).toEqual(before);
		expect(code).toBe(1);
		expect(out.text()).toContain('Dry run: the fixes below are shown as diffs; nothing is written.');
		expect(out.text()).toContain('Fixing: sso-profile, codex-config');
		expect(out.text()).toContain('-model = "openai.gpt-5.5-1:0"');
		expect(out.text()).toContain('+model = "openai.gpt-5.5"');
		expect(out.text()).toContain('Dry run: nothing was written; the report above still describes this machine.');
		expect(out.text()).not.toContain('Checking again:');
	});

	it('--fix says so when nothing can be fixed locally', async () => {
		const world = await healthy();
		const config = path.join(world.home, '.codex', 'config.toml');
		writeFileSync(config, readFileSync(config, 'utf8').replace('"us-east-1"', '"us-west-1"'));
		mkdirSync(path.dirname(config), {recursive: true});
		const out = sink();
		const code = await doctorWith(world.context(), {yes: true, fix: true}, {terminal: false, color: false, output: out.stream, errors: sink().stream});
		expect(code).toBe(1);
		expect(out.text()).toContain('None of the failures can be fixed locally: see the fixes above.');
		expect(out.text()).not.toContain('Fixing:');
	});
});

describe('doctor --fix asks before each fix', () => {
	it('the question comes before the step does anything (no sign-in, no write); a no skips that fix only', async () => {
		const {askFirst} = await import('../../source/doctor-command.js');
		const {runWizard} = await import('../../source/core/driver.js');
		const {recordingRenderer} = await import('../helpers/recording-renderer.js');
		const {testContext} = await import('../helpers/context.js');
		const ran: string[] = [];
		const step = (id: 'sso-profile' | 'codex-config', title: string) => ({id, title, flags: [], run: async () => (ran.push(id), {status: 'done' as const, summary: 'fixed'})});
		const renderer = recordingRenderer([false, true]);
		const result = await runWizard({steps: askFirst([step('sso-profile', 'AWS SSO profile'), step('codex-config', 'Codex config')]), ctx: testContext(), renderer, interactive: true, resume: false});
		expect(renderer.asked.map((q) => q.message)).toEqual([
			'Fix "AWS SSO profile" now? This signs in to IAM Identity Center (a browser or a device code) and may update ~/.aws/config (a diff first).',
			'Fix "Codex config" now? This updates the Codex config (a diff first, then a backup and an atomic write).',
		]);
		expect(ran).toEqual(['codex-config']);
		expect(result.state.steps.map((s) => s.status)).toEqual(['skipped', 'done']);
	});
});
