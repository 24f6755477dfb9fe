// The built CLI (dist/cli.js) in a pseudo-terminal (100x40), driven with keystrokes through the whole
// wizard: the --demo Ink UI, and the real (non-demo) path against the simulated AWS in this process, whose
// files are then judged by tools we did not write (codex doctor, codex exec, the AWS SDK's fromIni, the AWS
// CLI). Then failure scenarios, Ctrl-C at every step, two runs at once on one HOME, and a scan of
// everything the suite saw for the secrets the simulated AWS issued.
//
// Build: .ci/run builds before testing; run alone, ensureBuilt() builds when dist/ is missing or stale.
// Waits are on screen text; each time-out is only a bound on failure.
import {execFile, spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {fromIni} from '@aws-sdk/credential-providers';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import {startFakeAws, type FakeAws} from '../../source/fake-aws/server.js';
import {RULES} from '../../source/core/troubleshoot/rules.js';
import {doctorLoad} from '../helpers/codex.js';
import {CLI, CODEX_BIN_DIR, ensureBuilt, KEY, killAll, spawnCli, stripAnsi, transcripts, type CliRun} from '../helpers/pty.js';
import {TEST_CA, TLS_DIR} from '../helpers/tls-proxy.js';
import {startTlsProxy, type TlsProxy} from '../../source/fake-aws/tls-proxy.js';

const CODEX = path.join(CODEX_BIN_DIR, 'codex');
const PATH = `${CODEX_BIN_DIR}:${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;

/** Everything shown or written by these runs (except the token cache), for the secret scan at the end. */
const seen: Array<{label: string; text: string}> = [];
/** Every token, key and secret the simulated AWS issued (or the demo's token cache holds). */
const issued = new Set<string>();
/** Homes whose files are scanned at the end. */
const homes: string[] = [];

function collectIssued(fake: FakeAws): void {
	const {state} = fake;
	for (const secret of [
		...[...state.credentials.values()].flatMap((c) => [c.secretAccessKey, c.sessionToken ?? '']),
		...state.accessTokens.keys(),
		...state.refreshTokens.keys(),
		...[...state.clients.values()].map((c) => c.clientSecret),
		...[...state.deviceCodes.keys()],
		...[...state.authCodes.keys()],
		...(state.bearerKeys ? state.bearerKeys.keys() : []),
	]) {
		if (secret.length >= 8) issued.add(secret);
	}
}

/** The secrets in a home's token cache (a demo's simulated AWS is in the CLI's process: this is how we learn them). */
function collectCacheSecrets(home: string): void {
	const cache = path.join(home, '.aws', 'sso', 'cache');
	if (!existsSync(cache)) return;
	for (const file of readdirSync(cache)) {
		const data = JSON.parse(readFileSync(path.join(cache, file), 'utf8')) as Record<string, unknown>;
		for (const key of ['accessToken', 'refreshToken', 'clientSecret']) {
			if (typeof data[key] === 'string' && (data[key] as string).length >= 8) issued.add(data[key] as string);
		}
	}
}

function tempHome(label: string): {home: string; env: Record<string, string>} {
	const home = mkdtempSync(path.join(tmpdir(), `cbs-pty-${label}-`));
	homes.push(home);
	return {
		home,
		env: {
			PATH,
			HOME: home,
			AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
			AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
			CODEX_HOME: path.join(home, '.codex'),
		},
	};
}

/** Wait for a question, then answer it. */
async function answer(run: CliRun, question: string | RegExp, keys: string, timeoutMs?: number): Promise<void> {
	await run.waitFor(question, timeoutMs === undefined ? {} : {timeoutMs});
	run.write(keys);
}

async function finished(run: CliRun, label: string): Promise<number> {
	const {exitCode} = await run.exited;
	seen.push({label, text: run.transcript()});
	return exitCode;
}

beforeAll(() => ensureBuilt(), 120_000);
afterEach(() => killAll());

describe('--demo in the Ink UI, driven by keys', () => {
	it('Enter on the defaults, Down for the second account; the files it shows at the end are right', {timeout: 90_000}, async () => {
		const {env} = tempHome('demo');
		const run = spawnCli(['--demo'], {env});
		await run.waitFor('DEMO (scenario "happy")');
		await answer(run, '? Profile name', KEY.enter);
		await answer(run, '? SSO session name', KEY.enter);
		await answer(run, '? SSO start URL', KEY.enter);
		await answer(run, '? SSO region', KEY.enter);
		await answer(run, '? SSO registration scopes', KEY.enter);
		await run.waitFor('? Account (2 available)');
		await run.waitFor('❯ dev-sandbox (111122223333)');
		run.write(KEY.down);
		await answer(run, '❯ ml-platform (444455556666)', KEY.enter);
		// ml-platform has one role: no Role question.
		await run.waitFor('? Write ~/.aws/config?');
		expect(run.screen()).toContain('+[profile codex-bedrock]');
		run.write(KEY.enter);
		await answer(run, '? Region for Codex', KEY.enter);
		await answer(run, /\? Model \(\d+ served in us-east-1/, KEY.enter);
		await run.waitFor('? Write ~/.codex/config.toml?');
		expect(run.screen()).toContain('+model_provider = "amazon-bedrock"');
		run.write(KEY.enter);
		await answer(run, '? Send the test prompt now', KEY.enter);
		await run.waitFor('Demo home: ', {where: 'transcript', timeoutMs: 30_000});
		expect(await finished(run, 'demo screen')).toBe(0);

		const transcript = run.transcript();
		expect(run.screen()).toContain('✔ AWS SSO profile — codex-bedrock · BedrockDeveloper in account 444455556666');
		expect(run.screen()).toContain('✔ Summary — 2 files written');
		expect(run.screen()).toContain('Done.');
		const demoHome = /Demo home: (\S+)/.exec(transcript)![1]!;
		homes.push(demoHome);
		collectCacheSecrets(demoHome);
		expect(transcript).toMatch(/~\/\.aws\/config \(\d+ bytes\)/);
		expect(transcript).toMatch(/~\/\.codex\/config\.toml \(\d+ bytes\)/);
		const awsConfig = readFileSync(path.join(demoHome, '.aws', 'config'), 'utf8');
		expect(awsConfig).toContain('[profile codex-bedrock]');
		expect(awsConfig).toContain('sso_account_id = 444455556666');
		expect(awsConfig).toContain('sso_role_name = BedrockDeveloper');
		expect(awsConfig).toContain(`sso_start_url = ${DEMO_START_URL}`);
		const toml = readFileSync(path.join(demoHome, '.codex', 'config.toml'), 'utf8');
		expect(toml).toContain('model_provider = "amazon-bedrock"');
		expect(toml).toContain('profile = "codex-bedrock"');
		// The judge: the real Codex loads what the demo wrote.
		const load = await doctorLoad(path.join(demoHome, '.codex'));
		expect(load).toMatchObject({provider: 'amazon-bedrock', model: expect.stringMatching(/^openai\./)});
	});
});
