// Read-only commands write nothing: `doctor`, `doctor --json`, the wizard's `--dry-run` and
// `doctor --fix --dry-run` leave HOME byte for byte as it was, also when the cached SSO sign-in has
// expired and can be refreshed (the AWS SDK's own token provider would refresh it and write the cache
// back: a read-only command keeps the refreshed token in memory). And where a run may write, the SDK's
// refresh is done by us first, atomically (the SDK's own write is a plain writeFile a kill leaves empty).
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {Writable} from 'node:stream';
import {describe, expect, it, vi} from 'vitest';
import {createDryRun} from '../../source/core/context.js';
import {formatCacheTime, serializeToken, type SsoToken} from '../../source/core/aws-config/token-cache.js';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {STEPS} from '../../source/core/steps/index.js';
import {modelAccess} from '../../source/core/steps/model-access.js';
import {region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {doctorWith} from '../../source/doctor-command.js';
import {CODEX, SYSTEM_PATH} from '../helpers/codex.js';
import {snapshot} from '../helpers/snapshot.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const SETUP = {...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5', yes: true};

function sink() {
	let text = '';
	const stream = new Writable({write(chunk, _enc, done) { text += chunk.toString(); done(); }});
	return {stream, text: () => text};
}

/** A set-up HOME whose cached sign-in has expired two hours ago but can be refreshed without a browser. */
async function expiredButRefreshable() {
	const world = await wizardWorld('happy');
	vi.stubEnv('PATH', `${path.dirname(CODEX)}:${SYSTEM_PATH}`);
	const {result} = await world.run([ssoProfile, region, modelAccess, codexConfig], SETUP);
	expect(result.exitCode).toBe(0);
	// The SDK judges expiry by the real clock, the fake AWS by the shared test clock: the cached access
	// token is marked expired a minute ago (both agree), its refresh token and registration stay valid.
	const cacheDir = path.join(world.home, '.aws', 'sso', 'cache');
	const tokenFile = readdirSync(cacheDir).map((f) => path.join(cacheDir, f)).find((f) => 'refreshToken' in JSON.parse(readFileSync(f, 'utf8')))!;
	const token = JSON.parse(readFileSync(tokenFile, 'utf8')) as SsoToken;
	writeFileSync(tokenFile, serializeToken({...token, expiresAt: formatCacheTime(Math.min(Date.now(), world.clock.now()) - 60_000)}));
	return {world, tokenFile};
}

describe('read-only commands write nothing', () => {
	it.each([
		['doctor', {}],
		['doctor --json', {json: true}],
		['doctor --fix --dry-run', {fix: true, 'dry-run': true, yes: true}],
	])('%s with a refreshable sign-in: HOME byte for byte, the token cache included', async (_name, flags) => {
		const {world} = await expiredButRefreshable();
		const before = snapshot(world.home);
		const out = sink();
		await doctorWith(world.context(flags), flags, {terminal: false, color: false, output: out.stream, errors: sink().stream});
		// The identity check did run, with a token refreshed in memory.
		expect(world.fake.state.log.map((l) => l.operation)).toContain('GetRoleCredentials');
		expect(out.text()).not.toMatch(/aws\.identity.*fail/);
		expect(snapshot(world.home)).toEqual(before);
	});

	it('--dry-run of the whole wizard with a refreshable sign-in: HOME byte for byte', async () => {
		const {world} = await expiredButRefreshable();
		const before = snapshot(world.home);
		const ctx = {...world.context({...SETUP, 'dry-run': true, 'skip-codex-exec': true}), dryRun: createDryRun()};
		const {runWizard} = await import('../../source/core/driver.js');
		const {recordingRenderer} = await import('../helpers/recording-renderer.js');
		const result = await runWizard({steps: [...STEPS], ctx, renderer: recordingRenderer([]), interactive: false});
		expect(result.exitCode).toBe(0);
		expect(snapshot(world.home)).toEqual(before);
	});

	it('a run that may write: the token the SDK would refresh is refreshed by us first and written atomically, in the AWS CLI format', async () => {
		const {world, tokenFile} = await expiredButRefreshable();
		const old = readFileSync(tokenFile, 'utf8');
		const {result} = await world.run([region], {region: 'us-east-1', yes: true}, {answers: {profile: 'codex-bedrock'}});
		expect(result.exitCode).toBe(0);
		const now = readFileSync(tokenFile, 'utf8');
		expect(now).not.toBe(old);
		// Ours: compact, Python separators, no newline (the SDK's own write is JSON.stringify(token, null, 2)).
		expect(now).toMatch(/^\{"startUrl": "[^"]+", "region": /);
		expect(now).not.toContain('\n');
		expect(readdirSync(path.dirname(tokenFile)).filter((n) => n.includes('cbs-tmp'))).toEqual([]);
	});
});
