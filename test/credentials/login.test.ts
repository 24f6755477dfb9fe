// `codex-bedrock-setup login` after the SSO session ended, with no AWS CLI involved: it signs in again
// and writes the token cache; then the readers we did not write accept it: Debian's AWS CLI, botocore
// (Python), and the real Codex through the TLS proxy.
import {execFile, spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Writable} from 'node:stream';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {codexConfigLines} from '../../source/core/steps/summary.js';
import {loginWith} from '../../source/login-command.js';
import {expiredSsoWorld, PROFILE} from '../helpers/expired-sso.js';
import {interceptingProxy, TEST_CA} from '../helpers/tls-proxy.js';
import {issuedSecrets} from '../helpers/fake-aws.js';

const AWS_CLI = '/usr/bin/aws';
const CODEX = path.resolve(import.meta.dirname, '../../node_modules/.bin/codex');

function sink() {
	let text = '';
	const stream = new Writable({
		write(chunk: Buffer, _enc, done) {
			text += chunk.toString();
			done();
		},
	});
	return {stream, text: () => text};
}

describe('codex-bedrock-setup login', () => {
	it('an ended session: login signs in again; the AWS CLI, botocore and the real Codex accept the new cache', {timeout: 120_000}, async () => {
		const {fake, home, context} = await expiredSsoWorld();
		const out = sink();
		const code = await loginWith(context({profile: PROFILE}), {color: false, output: out.stream});
		expect(code, out.text()).toBe(0);
		const text = out.text();
		expect(text).toContain('How long this sign-in lasts');
		expect(text).toMatch(/Access token: 60 min left \(until \d{4}-\d\d-\d\d \d\d:\d\d UTC\), refreshed by the AWS SDKs \(and Codex\) by themselves\./);
		expect(text).toContain('Refresh: possible until the IAM Identity Center session ends (set by your administrator, 8 hours by default; AWS does not tell clients when), and at most until the client registration expires');
		expect(text).toMatch(/Role credentials: 60 min left/);
		// Nothing secret on the screen: no token, client secret or key the simulated AWS issued.
		for (const secret of issuedSecrets(fake)) expect(text).not.toContain(secret);

		const proxy = await interceptingProxy(fake);
		// Only the proxy and the test CA: Debian's AWS CLI (2.9) ignores AWS_ENDPOINT_URL_* variables.
		const env = {PATH: '/usr/bin:/bin', HOME: home, HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: TEST_CA, AWS_PAGER: ''};
		if (existsSync(AWS_CLI) || process.env['CI']) {
			const {stdout} = await promisify(execFile)(AWS_CLI, ['sts', 'get-caller-identity', '--profile', PROFILE, '--region', 'us-east-1', '--output', 'json'], {env, timeout: 60_000});
			expect(JSON.parse(stdout)).toMatchObject({Account: '111122223333'});
		}
		// botocore (the Python SDK the AWS CLI v1 and many tools use) resolves the profile from the cache.
		const python = await promisify(execFile)('python3', ['-c', 'import botocore.session as s; c = s.Session(profile="codex-bedrock").get_credentials().get_frozen_credentials(); print(c.access_key[:8])'], {env: {...env, PATH: process.env['PATH'] ?? ''}, timeout: 60_000});
		expect(python.stdout.trim()).toBe('ASIAFAKE');

		const codexHome = path.join(home, '.codex');
		mkdirSync(codexHome, {recursive: true});
		writeFileSync(path.join(codexHome, 'config.toml'), `${codexConfigLines({profile: PROFILE, region: 'us-east-1', model: 'openai.gpt-5.5'})!.join('\n')}\n`);
		const run = await new Promise<{code: number | null; stdout: string; stderr: string}>((resolve, reject) => {
			const child = spawn(CODEX, ['exec', '--skip-git-repo-check', '-s', 'read-only', '--ephemeral', 'Reply with the single word: ready'], {
				cwd: mkdtempSync(path.join(tmpdir(), 'cbs-codex-work-')),
				env: {PATH: process.env['PATH'] ?? '', HOME: home, CODEX_HOME: codexHome, HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: TEST_CA},
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
			child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
			const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
			child.on('error', reject);
			child.on('close', (exit) => {
				clearTimeout(timer);
				resolve({code: exit, stdout, stderr});
			});
		});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain('ready');
	});

	it('a profile that is not an SSO profile, or none at all: exit 1 with what to do', async () => {
		const {context} = await expiredSsoWorld();
		const out = sink();
		expect(await loginWith(context({profile: 'nope'}), {color: false, output: out.stream})).toBe(1);
		expect(out.text()).toContain('There is no SSO profile nope in ~/.aws/config.');
		expect(out.text()).toContain('SSO profiles there: codex-bedrock; pass --profile NAME, or run npx codex-bedrock-setup to create one.');
	});
});

describe('login through the CLI entry', () => {
	const root = path.resolve(import.meta.dirname, '../..');
	const cli = (args: string[]) => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-login-cli-'));
		return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.ts'), ...args], {cwd: root, encoding: 'utf8', input: '', env: {PATH: process.env['PATH'] ?? '', HOME: home, NO_COLOR: '1', HTTPS_PROXY: 'http://127.0.0.1:9'}, timeout: 30_000});
	};

	it('needs no terminal; no profile: exit 1 saying what to do; a bad --profile: exit 2 before anything', () => {
		const missing = cli(['login', '--profile', 'work']);
		expect(missing.status).toBe(1);
		expect(missing.stdout).toContain('There is no SSO profile work in ~/.aws/config.');
		const bad = cli(['login', '--profile', 'has space']);
		expect(bad.status).toBe(2);
		expect(bad.stderr).toContain('--profile has space:');
	});
});
