// The built CLI (dist/cli.js) in a pseudo-terminal (100x40), driven with keystrokes through the whole
// wizard: the --demo Ink UI, and the real (non-demo) path against the simulated AWS in this process, whose
// files are then judged by tools we did not write (codex doctor, codex exec, the AWS SDK's fromIni, the AWS
// CLI). Then failure scenarios, Ctrl-C at every step, two runs at once on one HOME, and a scan of
// everything the suite saw for the secrets the simulated AWS issued.
//
// Build: .ci/run builds before testing; run alone, ensureBuilt() builds when dist/ is missing or stale.
// Waits are on screen text; each time-out is only a bound on failure.
import {execFile, spawn} from 'node:child_process';
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fromIni} from '@aws-sdk/credential-providers';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import {startFakeAws, type FakeAws} from '../../source/fake-aws/server.js';
import {RULES} from '../../source/core/troubleshoot/rules.js';
import {doctorLoad} from '../helpers/codex.js';
import {CLI, CODEX_BIN_DIR, ensureBuilt, KEY, killAll, spawnCli, stripAnsi, submit, transcripts, type CliRun} from '../helpers/pty.js';
import {TEST_CA, TLS_DIR} from '../helpers/tls-proxy.js';
import {startTlsProxy, type TlsProxy} from '../../source/fake-aws/tls-proxy.js';

const CODEX = path.join(CODEX_BIN_DIR, 'codex');
// Debian's AWS CLI v2 (.ci/run installs it); explicit, since a pip-installed v1 may shadow `aws` on PATH.
const AWS_CLI = '/usr/bin/aws';
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


async function finished(run: CliRun, label: string): Promise<number> {
	const {exitCode} = await run.exited;
	seen.push({label, text: run.transcript()});
	return exitCode;
}

beforeAll(() => ensureBuilt(), 120_000);
// Not afterEach: some tests below run concurrently, and each waits for its own runs to exit.
afterAll(() => killAll());

describe('--demo in the Ink UI, driven by keys', () => {
	it('Enter on the defaults, Down for the second account; the files it shows at the end are right', {timeout: 90_000}, async () => {
		const {env} = tempHome('demo');
		const run = spawnCli(['--demo', '--keep-demo-home'], {env});
		await run.waitFor('DEMO (scenario "happy")');
		for (const question of ['? Profile name', '? SSO session name', '? SSO start URL', '? SSO region', '? SSO registration scopes']) await submit(run, question);
		await run.waitFor('? Account (2 available)');
		await run.waitFor('❯ dev-sandbox (111122223333)');
		await submit(run, '❯ dev-sandbox (111122223333)', {keys: KEY.down});
		await submit(run, '❯ ml-platform (444455556666)');
		// ml-platform has one role: no Role question.
		await run.waitFor('? Write ~/.aws/config?');
		expect(run.screen()).toContain('+[profile codex-bedrock]');
		await submit(run, '? Write ~/.aws/config?');
		await submit(run, '? Region for Codex');
		await submit(run, /\? Model \(\d+ (served|on \w+) in us-east-1/);
		await run.waitFor('? Write ~/.codex/config.toml?');
		// The probe picks Bedrock Runtime in us-east-1 (AWS's recommended endpoint) and its newest model.
		expect(run.screen()).toContain('+model_provider = "amazon-bedrock-runtime"');
		await submit(run, '? Write ~/.codex/config.toml?');
		await submit(run, '? Send the test prompt now');
		// Codex is on PATH here: the demo sends the same prompt through the real Codex, via its local proxy.
		await submit(run, '? Send the same prompt through Codex too');
		await run.waitFor('Demo home: ', {where: 'transcript', timeoutMs: 30_000});
		expect(await finished(run, 'demo screen')).toBe(0);
		expect(run.transcript()).toMatch(/✔ Test prompt — us\.openai\.gpt-6\.1-sol answered in \d+ ms; through Codex: codex exec answered/);
		expect(run.transcript()).toMatch(/~\/\.codex\/\.\.\.: \d+ files of Codex's own state/);

		const transcript = run.transcript();
		expect(run.scrollback()).toContain('✔ AWS SSO profile — codex-bedrock · BedrockDeveloper in account 444455556666');
		expect(run.scrollback()).toContain('✔ Summary — 2 files written');
		expect(run.scrollback()).toContain('Done.');
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
		expect(toml).toContain('model_provider = "amazon-bedrock-runtime"');
		expect(toml).toContain('profile = "codex-bedrock"');
		// The judge: the real Codex loads what the demo wrote.
		const load = await doctorLoad(path.join(demoHome, '.codex'));
		expect(load).toMatchObject({provider: 'amazon-bedrock-runtime', model: expect.stringMatching(/^(us\.|global\.)?openai\./)});
	});
});

/** The simulated AWS in this process (its state tells us every secret it issued) and the TLS proxy for Codex. */
async function simulatedAws(scenario = 'happy'): Promise<{fake: FakeAws; proxy: TlsProxy; env: Record<string, string>; close: () => Promise<void>}> {
	const fake = await startFakeAws({scenario});
	const proxy = await startTlsProxy({
		target: fake.url,
		key: readFileSync(path.join(TLS_DIR, 'aws-hosts.key')),
		cert: readFileSync(path.join(TLS_DIR, 'aws-hosts.pem')),
	});
	return {
		fake,
		proxy,
		// What a user's shell would have, pointed at the simulated AWS: endpoint overrides for the SDKs, and
		// for Codex (which only knows the real Mantle URL) the intercepting proxy and the CA it trusts.
		env: {...fake.env(), HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: TEST_CA},
		close: async () => {
			collectIssued(fake);
			await proxy.close();
			await fake.close();
		},
	};
}

const MODEL_QUESTION = /\? Model \(\d+ (served|on \w+) in/;

/** The real (non-demo) wizard's questions in order: the default for each, except the start URL, typed. */
const QUESTIONS: Array<[string | RegExp, string?]> = [
	['? Profile name'],
	['? SSO session name'],
	['? SSO start URL', DEMO_START_URL],
	['? SSO region'],
	['? SSO registration scopes'],
	// No DISPLAY: a device code, which the simulated Identity Center approves after two polls.
	['? Account (2 available)'],
	['? Role'],
	['? Write ~/.aws/config?'],
	['? Region for Codex'],
	[MODEL_QUESTION],
	['? Write ~/.codex/config.toml?'],
	['? Send the test prompt now'],
	['? Send the same prompt through Codex too'],
];

/** Answer the questions up to (not including) the one matching `stop`, which is then on screen. */
async function realWizard(run: CliRun, stop?: string | RegExp): Promise<void> {
	for (const [question, text] of QUESTIONS) {
		if (question === stop) return run.waitFor(question, {timeoutMs: 30_000});
		await submit(run, question, text ? {text} : {});
	}
}

describe('the real wizard against the simulated AWS, in a temporary HOME', () => {
	let aws: Awaited<ReturnType<typeof simulatedAws>>;
	let home: string;
	let env: Record<string, string>;
	beforeAll(async () => {
		aws = await simulatedAws();
		({home, env} = tempHome('real'));
		env = {...env, ...aws.env};
	});
	afterAll(async () => {
		await aws.close();
	});

	it('every question answered by keys; the files are right', {timeout: 120_000}, async () => {
		const run = spawnCli([], {env});
		await realWizard(run);
		await run.waitFor('Done.', {timeoutMs: 60_000});
		expect(await finished(run, 'real wizard screen')).toBe(0);
		const screen = run.scrollback(); // the step lines are in scrollback once the run ends
		expect(screen).toContain('✔ AWS SSO profile — codex-bedrock · BedrockDeveloper in account 111122223333');
		expect(screen).toMatch(/✔ Test prompt — us\.openai\.gpt-6\.1-sol answered in .*; through Codex: codex exec answered/);
		expect(run.transcript()).toContain('Using a device code: no graphical display');

		const awsConfig = readFileSync(path.join(home, '.aws', 'config'), 'utf8');
		expect(awsConfig).toContain('[profile codex-bedrock]\nsso_session = codex-bedrock\nsso_account_id = 111122223333\nsso_role_name = BedrockDeveloper\n');
		expect(awsConfig).toContain(`[sso-session codex-bedrock]\nsso_start_url = ${DEMO_START_URL}\nsso_region = us-east-1\n`);
		const cache = path.join(home, '.aws', 'sso', 'cache');
		const cacheFiles = readdirSync(cache);
		expect(cacheFiles.length).toBeGreaterThanOrEqual(1);
		for (const file of cacheFiles) expect(statSync(path.join(cache, file)).mode & 0o777).toBe(0o600);
		expect(statSync(cache).mode & 0o077).toBe(0);
		const tokens = cacheFiles.map((f) => JSON.parse(readFileSync(path.join(cache, f), 'utf8')) as Record<string, string>).filter((t) => t['accessToken']);
		expect(tokens).toHaveLength(1);
		expect(aws.fake.state.accessTokens.has(tokens[0]!['accessToken']!)).toBe(true);
		expect(tokens[0]).toMatchObject({startUrl: DEMO_START_URL, region: 'us-east-1'});
		const toml = readFileSync(path.join(home, '.codex', 'config.toml'), 'utf8');
		// The device-code sign-in lets an AWS CLI v2 on PATH (Debian's 2.9 here) sign Codex in again by itself.
		const refresh = '\n[model_providers.amazon-bedrock-runtime.aws.auth_refresh]\ncommand = "aws"\nargs = [ "sso", "login", "--profile", "codex-bedrock" ]\ntimeout_ms = 600000\n';
		const noted = /When the sign-in ends, Codex runs aws sso login --profile codex-bedrock/.test(run.transcript());
		expect(toml).toBe(`model_provider = "amazon-bedrock-runtime"\nmodel = "us.openai.gpt-6.1-sol"\n\n[model_providers.amazon-bedrock-runtime.aws]\nprofile = "codex-bedrock"\nregion = "us-east-1"\n${noted ? refresh : ''}`);
	});

	// Judges we did not write, on the files that run left.
	it('codex doctor --json loads the config as amazon-bedrock-runtime with our model', {timeout: 60_000}, async () => {
		expect(await doctorLoad(path.join(home, '.codex'), home)).toMatchObject({status: expect.stringMatching(/^(ok|pass)/i), provider: 'amazon-bedrock-runtime', model: 'us.openai.gpt-6.1-sol'});
	});

	it("the AWS SDK's fromIni resolves the profile and gets credentials from the simulated portal", async () => {
		const before = aws.fake.state.log.length;
		const saved = {...process.env};
		Object.assign(process.env, {HOME: home, AWS_CONFIG_FILE: env['AWS_CONFIG_FILE'], AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...aws.fake.env()});
		try {
			const credentials = await fromIni({profile: 'codex-bedrock', ignoreCache: true})();
			expect(credentials.accessKeyId).toMatch(/^ASIA/);
			expect([...aws.fake.state.credentials.values()].some((c) => c.accessKeyId === credentials.accessKeyId && c.secretAccessKey === credentials.secretAccessKey)).toBe(true);
			expect(aws.fake.state.log.slice(before).map((l) => `${l.operation} ${l.status}`)).toEqual(['GetRoleCredentials 200']);
		} finally {
			for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
			Object.assign(process.env, saved);
		}
	});

	it.skipIf(!existsSync(AWS_CLI) && !process.env['CI'])("Debian's AWS CLI reads the profile back and signs in with the token cache", async () => {
		// It does not honour AWS_ENDPOINT_URL_SSO inside its SSO credential provider: the real AWS hosts go
		// through the intercepting proxy, with the test CA.
		// On a copy: the AWS CLI caches the role credentials under ~/.aws/cli/cache, and the secret scan below
		// is about what the wizard leaves, not the AWS CLI.
		const judgeHome = mkdtempSync(path.join(tmpdir(), 'cbs-pty-awscli-'));
		cpSync(path.join(home, '.aws'), path.join(judgeHome, '.aws'), {recursive: true});
		const cli = (...args: string[]) =>
			promisify(execFile)(AWS_CLI, args, {env: {PATH, HOME: judgeHome, AWS_CONFIG_FILE: path.join(judgeHome, '.aws', 'config'), AWS_PAGER: '', HTTPS_PROXY: aws.proxy.url, AWS_CA_BUNDLE: TEST_CA}, encoding: 'utf8'}).then((r) => r.stdout.trim());
		expect(await cli('configure', 'get', 'sso_session', '--profile', 'codex-bedrock')).toBe('codex-bedrock');
		expect(await cli('configure', 'get', 'sso_account_id', '--profile', 'codex-bedrock')).toBe('111122223333');
		expect(await cli('configure', 'get', 'sso_role_name', '--profile', 'codex-bedrock')).toBe('BedrockDeveloper');
		const identity = JSON.parse(await cli('sts', 'get-caller-identity', '--profile', 'codex-bedrock', '--output', 'json')) as {Account: string; Arn: string};
		expect(identity.Account).toBe('111122223333');
		expect(identity.Arn).toContain('AWSReservedSSO_BedrockDeveloper');
	});

	it('the real codex exec completes the prompt with those files, through the TLS proxy', {timeout: 90_000}, async () => {
		const cwd = mkdtempSync(path.join(tmpdir(), 'cbs-pty-exec-'));
		// Only what a user's shell has: no AWS_ENDPOINT_URL_* (the proxy takes Codex to the simulated AWS).
		const child = spawn(CODEX, ['exec', '--skip-git-repo-check', '-s', 'read-only', '--ephemeral', 'Reply with the single word: ready'], {
			cwd,
			env: {PATH, HOME: home, CODEX_HOME: path.join(home, '.codex'), HTTPS_PROXY: aws.proxy.url, CODEX_CA_CERTIFICATE: TEST_CA},
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		clearTimeout(timer);
		seen.push({label: 'codex exec output', text: stdout + stderr});
		expect(code, stderr).toBe(0);
		expect(stdout).toContain('ready');
	});

	it('doctor --json reports on the same files', {timeout: 60_000}, async () => {
		const {stdout} = await promisify(execFile)(process.execPath, [CLI, 'doctor', '--json'], {env: {...env, NO_COLOR: '1'}, encoding: 'utf8', timeout: 60_000}).catch((error: {stdout?: string}) => ({stdout: error.stdout ?? ''}));
		seen.push({label: 'doctor --json', text: stdout});
		expect(() => JSON.parse(stdout)).not.toThrow();
		const report = JSON.parse(stdout) as {checks: Array<{id: string; status: string}>};
		const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
		expect(status).toMatchObject({'sso.token': 'pass', 'aws.identity': 'pass', 'codex.config': 'pass', 'codex.doctor': 'pass'});
	});
});

describe('failure scenarios through the built CLI: the troubleshooting rule is on screen', () => {
	const cause = (ruleId: string) =>
		RULES.find((r) => r.id === ruleId)!.cause.replace('{profile}', 'codex-bedrock').replace('{region}', 'us-east-1').replace('{model}', 'openai.gpt-5.5');

	it.concurrent.each([
		['device-denied', 'AWS SSO profile', 'sso.denied'],
		['no-model-access', 'Model access', 'access.model'],
		['mantle-iam-denied', 'Test prompt', 'access.mantle-iam'],
		['throttled', 'Test prompt', 'quota.throttled'],
	])('%s (--plain --yes)', {timeout: 60_000}, async (scenario, step, ruleId) => {
		const {env} = tempHome(scenario);
		// GPT-5.5 is Mantle-only: these scenarios are about Mantle's answers.
		const run = spawnCli(['--demo', '--demo-scenario', scenario, '--plain', '--yes', '--keep-demo-home', '--model', 'openai.gpt-5.5'], {env});
		expect(await finished(run, `scenario ${scenario}`)).toBe(1);
		const text = run.transcript();
		expect(text).toMatch(new RegExp(`✖ ${step} failed: .+\\n`));
		// In a terminal the plain renderer wraps by words at its width (100 here): compare without line breaks.
		expect(text.replace(/\s+/g, ' ')).toContain(`Likely cause: ${cause(ruleId)}`.replace(/\s+/g, ' '));
		expect(text.split('\n').filter((line) => line.length > 100 && !/\S{60,}/.test(line))).toEqual([]);
		expect(text.replace(/\s+/g, ' ')).toContain(`Rule ${ruleId} · `);
		collectCacheSecrets(/Demo home: (\S+)/.exec(text)?.[1] ?? '/nonexistent');
	});

	it('bedrock-iam-denied in the Ink UI: the failure panel, then Quit', {timeout: 60_000}, async () => {
		const {env} = tempHome('ink-fail');
		const run = spawnCli(['--demo', '--demo-scenario', 'bedrock-iam-denied', '--keep-demo-home'], {env});
		for (const question of ['? Profile name', '? SSO session name', '? SSO start URL', '? SSO region', '? SSO registration scopes', '? Account (2 available)', '? Role', '? Write ~/.aws/config?', '? Region for Codex', MODEL_QUESTION]) {
			await submit(run, question);
		}
		await run.waitFor('Quit (files stay as they are now)', {timeoutMs: 30_000});
		const screen = run.screen();
		expect(screen).toContain('✖ Model access failed:');
		// Ink wraps at 100 columns: compare without line breaks.
		expect(screen.replace(/\s+/g, ' ')).toContain(`Likely cause: ${cause('access.bedrock-iam')}`.replace(/\s+/g, ' '));
		expect(screen).toContain('Rule access.bedrock-iam');
		expect(screen).toContain('Quit (files stay as they are now)');
		await submit(run, '❯ Retry this step', {keys: KEY.up}); // from Retry (first) up wraps to the last, Quit
		await submit(run, '❯ Quit (files stay as they are now)');
		expect(await finished(run, 'ink failure panel')).toBe(1);
		collectCacheSecrets(/Demo home: (\S+)/.exec(run.transcript())?.[1] ?? '/nonexistent');
	});
});

/** Every file under a directory with its content: the whole tree, temp files included. */
function snapshot(dir: string): Record<string, string> {
	const files: Record<string, string> = {};
	const walk = (at: string) => {
		for (const entry of readdirSync(at, {withFileTypes: true})) {
			const full = path.join(at, entry.name);
			if (entry.isDirectory()) walk(full);
			else files[path.relative(dir, full)] = readFileSync(full, 'utf8');
		}
	};
	if (existsSync(dir)) walk(dir);
	return files;
}

const SEED_AWS = '# my profiles\n[default]\nregion = eu-west-1\n';
const SEED_TOML = '# my codex settings\nhide_agent_reasoning = true\n';

/** A HOME that already has an AWS config and a Codex config of the user's. */
function seededHome(label: string, aws: {env: Record<string, string>}) {
	const t = tempHome(label);
	mkdirSync(path.join(t.home, '.aws'), {recursive: true});
	mkdirSync(path.join(t.home, '.codex'), {recursive: true});
	writeFileSync(path.join(t.home, '.aws', 'config'), SEED_AWS);
	writeFileSync(path.join(t.home, '.codex', 'config.toml'), SEED_TOML);
	return {home: t.home, env: {...t.env, ...aws.env}};
}

describe('Ctrl-C at every step, and a second run on the same HOME', () => {
	let aws: Awaited<ReturnType<typeof simulatedAws>>;
	beforeAll(async () => {
		aws = await simulatedAws();
	});
	afterAll(async () => {
		await aws.close();
	});

	const CTRL_C_POINTS: Array<[string, string | RegExp]> = [
		['the first frame (before the UI loads)', '○ Summary'],
		['SSO profile: a question', '? SSO session name'],
		['SSO profile: waiting for the sign-in', 'Code: '],
		['SSO profile: the diff of ~/.aws/config', '? Write ~/.aws/config?'],
		['Region', '? Region for Codex'],
		['Model access', MODEL_QUESTION],
		['Codex config: the diff of config.toml', '? Write ~/.codex/config.toml?'],
		['Test prompt', '? Send the test prompt now'],
		['Test prompt through Codex', '? Send the same prompt through Codex too'],
	];

	it.concurrent.each(CTRL_C_POINTS)('Ctrl-C at %s: exit 130, says so, and the files are as they were', {timeout: 60_000}, async (label, point) => {
		const {home, env} = seededHome('ctrl-c', aws);
		const run = spawnCli([], {env});
		if (QUESTIONS.some(([q]) => q === point)) await realWizard(run, point);
		else if (point === 'Code: ') {
			await realWizard(run, '? SSO registration scopes');
			await submit(run, '? SSO registration scopes');
			// The device code is shown while the simulated Identity Center waits two polls to approve.
			await run.waitFor(point);
		} else await run.waitFor(point);
		const before = snapshot(home);
		run.write(KEY.ctrlC);
		const exit = await run.exited;
		seen.push({label: `ctrl-c ${label}`, text: run.transcript()});
		if (point === '○ Summary' && exit.signal === 2) {
			// Before main.ts has loaded (the static first frame), the terminal is not yet in raw mode and
			// Ctrl-C is the default SIGINT: the shell sees 130 all the same, and nothing has been read or written.
			expect(snapshot(home)).toEqual(before);
			return;
		}
		expect(exit.exitCode, run.screen()).toBe(130);
		expect(snapshot(home)).toEqual(before);
		if (point !== '○ Summary') expect(run.screen()).toContain('Cancelled. Files stay as they were before the step that was running.');
	});

	it('two runs at once on one HOME: no torn file; the second writer is refused or finds nothing to do', {timeout: 90_000}, async () => {
		const {home, env} = seededHome('twice', aws);
		const runs = [spawnCli([], {env}), spawnCli([], {env})];
		const outcomes: string[] = [];
		try {
			await Promise.all(runs.map((run) => realWizard(run, '? Write ~/.aws/config?')));
			// Both have shown the same diff against the same file; both say yes at once.
			for (const run of runs) run.write(KEY.enter);
			for (const run of runs) {
				await run.waitFor((screen) => screen.includes('? Region for Codex') || screen.includes('? What now?'), {timeoutMs: 30_000});
				const screen = run.screen();
				outcomes.push(screen.includes('? What now?') ? 'refused' : 'written');
				if (outcomes.at(-1) === 'refused') expect(screen.replace(/\s+/g, ' ')).toContain('changed while the wizard was running; nothing was written');
				run.write(KEY.ctrlC);
			}
		} finally {
			for (const run of runs) {
				const {exitCode} = await run.exited;
				seen.push({label: 'concurrent run', text: run.transcript()});
				expect(exitCode).toBe(130);
			}
		}
		expect(outcomes).toContain('written');
		const config = readFileSync(path.join(home, '.aws', 'config'), 'utf8');
		expect(config.startsWith(SEED_AWS)).toBe(true);
		expect(config.match(/\[profile codex-bedrock\]/g)).toHaveLength(1);
		expect(config.match(/\[sso-session codex-bedrock\]/g)).toHaveLength(1);
		for (const name of readdirSync(path.join(home, '.aws'))) {
			if (name.startsWith('config.bak-')) expect(readFileSync(path.join(home, '.aws', name), 'utf8')).toBe(SEED_AWS);
			else expect(['config', 'sso']).toContain(name);
		}
		console.log(`two runs at once: ${outcomes.join(', ')}`);
	});
});

describe('secret scan of everything the suite above showed, printed and wrote', () => {
	it('no token, key or secret the simulated AWS issued appears anywhere but the token cache', () => {
		expect(issued.size).toBeGreaterThan(10);
		const texts: Array<{label: string; text: string}> = [...seen, ...transcripts.map((raw, i) => ({label: `pty run ${i}`, text: raw}))];
		let files = 0;
		for (const home of homes) {
			const walk = (dir: string) => {
				if (!existsSync(dir)) return;
				for (const entry of readdirSync(dir, {withFileTypes: true})) {
					const full = path.join(dir, entry.name);
					if (entry.isDirectory()) walk(full);
					// The token cache holds the access token by design (so does the AWS CLI's); only it is exempt.
					else if (!(path.dirname(full) === path.join(home, '.aws', 'sso', 'cache') && entry.name.endsWith('.json'))) {
						texts.push({label: full, text: readFileSync(full, 'utf8')});
						files++;
					}
				}
			};
			walk(home);
		}
		expect(files).toBeGreaterThan(5);
		const hits: string[] = [];
		for (const {label, text} of texts) {
			const plain = stripAnsi(text);
			for (const secret of issued) {
				if (text.includes(secret) || plain.includes(secret) || plain.includes(secret.slice(-24))) hits.push(`${label}: …${secret.slice(-6)}`);
			}
		}
		expect(hits.slice(0, 20)).toEqual([]);
	});
});
