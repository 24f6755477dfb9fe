// The Codex contract harness: the real `codex` binary (node_modules/@openai/codex, the pinned 0.169.0) runs
// `codex exec` against the simulated AWS through the TLS-intercepting proxy, in a throwaway HOME and
// CODEX_HOME, and everything it did is returned: every HTTP request the fake received (host, method, path,
// SigV4 key id / region / service or Bearer, the model in the body, the operation and status), the CONNECT
// targets the proxy intercepted and refused, Codex's stdout, stderr, exit code and elapsed time.
//
// Each world has its own fake, proxy and home, so independent runs can go concurrently (Promise.all) and
// never see each other's requests. Nothing reaches the real network: the proxy refuses every host that is
// not a simulated AWS one. Codex gets only the environment a test gives it (plus PATH, HOME, CODEX_HOME
// and, by default, HTTPS_PROXY and CODEX_CA_CERTIFICATE).
import {execFileSync, spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {FakeAws} from '../../source/fake-aws/server.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import {issueBearerKey, issueCredentials} from '../../source/fake-aws/sigv4.js';
import type {RequestRecord, Scenario} from '../../source/fake-aws/types.js';
import type {TlsProxy} from '../../source/fake-aws/tls-proxy.js';
import {keyHash} from '../../source/fake-aws/request-log.js';
import {CODEX, codexChildren, killGroup} from '../helpers/codex.js';
import {fakeAws} from '../helpers/fake-aws.js';
import {interceptingProxy, TEST_CA} from '../helpers/tls-proxy.js';

export {CODEX, TEST_CA};
export const PROMPT = 'Reply with the single word: ready';
/** A run that works takes 2-3 s; the bound only stops a hung Codex from holding the suite. */
export const RUN_TIMEOUT_MS = 45_000;
export const ACCOUNT = '111122223333';

/**
 * Whether Codex can be run in a network namespace of its own (unprivileged user namespaces: `unshare -rn`).
 * Where it can, a run that ignores the proxy fails inside the namespace instead of reaching for the real
 * network, so proxy variables Codex ignores can be tested. Some hosts forbid it (hardened kernels, AppArmor).
 */
export const NETNS_AVAILABLE: boolean = (() => {
	try {
		execFileSync('unshare', ['-rn', 'ip', 'link', 'set', 'lo', 'up'], {stdio: 'ignore', timeout: 5000});
		return true;
	} catch {
		return false;
	}
})();
const RELAY = path.join(import.meta.dirname, 'netns-relay.mjs');

const children = codexChildren();

export interface StaticKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
}

export interface ExecOptions {
	/** Environment beyond PATH/HOME/CODEX_HOME (and the proxy and CA unless switched off below). */
	env?: Record<string, string>;
	/** `-p NAME`: the profile file $CODEX_HOME/NAME.config.toml. */
	profile?: string;
	/** More arguments before the prompt (e.g. ['--strict-config'], ['-c', 'key=value'], ['--json']). */
	args?: string[];
	prompt?: string;
	/** Set HTTPS_PROXY to the intercepting proxy (default true). */
	proxy?: boolean;
	/** How Codex is told about the test CA: CODEX_CA_CERTIFICATE (default), SSL_CERT_FILE, or not at all. */
	ca?: 'CODEX_CA_CERTIFICATE' | 'SSL_CERT_FILE' | 'none';
	timeoutMs?: number;
	/** Stop the run (kill it) once stderr or stdout matches: for measuring the first attempt of a retry loop. */
	stopWhen?: RegExp;
	/**
	 * Run Codex in a network namespace with only loopback (NETNS_AVAILABLE), where the proxy is still at its
	 * URL: whatever Codex does not send through the proxy fails there, and never reaches a real network.
	 */
	isolated?: boolean;
}

export interface ExecRun {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	elapsedMs: number;
	timedOut: boolean;
	/** Killed because `stopWhen` matched. */
	stopped: boolean;
	/** Every request the simulated AWS received during this run, in order. */
	requests: RequestRecord[];
	/** The Bedrock inference requests only (Mantle or Runtime hosts). */
	inference: RequestRecord[];
	/** CONNECT targets the proxy intercepted / refused during this run. */
	intercepted: string[];
	refused: string[];
	/** The environment Codex ran with (for failure messages). */
	env: Record<string, string>;
	args: string[];
}

export interface ContractWorld {
	fake: FakeAws;
	proxy: TlsProxy;
	home: string;
	codexHome: string;
	/** Temporary role credentials the fake accepts. */
	keys(options?: {ttlSeconds?: number}): StaticKeys;
	/** How a Bearer token shows in the request log (RequestAuth.keyHash). */
	keyHash(token: string): string;
	/** A Bedrock API key (short-term key layout) the fake accepts in one region. */
	apiKey(region: string, options?: {ttlSeconds?: number}): string;
	/** Write $CODEX_HOME/config.toml, or $CODEX_HOME/NAME.config.toml with `profile`. */
	writeCodexConfig(toml: string, profile?: string): void;
	/** Write $CODEX_HOME/auth.json (mode 0600). */
	writeAuthJson(value: unknown): void;
	/** Append an [profile NAME] section (or [default]) to ~/.aws/config. */
	awsConfigProfile(name: string, lines: Record<string, string>): void;
	/** Append a [NAME] section to ~/.aws/credentials. */
	awsCredentialsProfile(name: string, keys: StaticKeys): void;
	/** An SSO profile NAME in ~/.aws/config with an sso-session and a cached access token (valid unless `expired`). */
	ssoProfile(name: string, options?: {expired?: boolean; region?: string}): void;
	exec(options?: ExecOptions): Promise<ExecRun>;
}

/** `[model_providers.amazon-bedrock.aws]` and the model: the default config shape the wizard writes. */
export function bedrockConfig(options: {model?: string; profile?: string; region?: string; provider?: string; extra?: string} = {}): string {
	const aws = [
		...(options.profile ? [`profile = "${options.profile}"`] : []),
		...(options.region ? [`region = "${options.region}"`] : []),
	];
	return [
		`model_provider = "${options.provider ?? 'amazon-bedrock'}"`,
		`model = "${options.model ?? 'openai.gpt-5.5'}"`,
		...(options.extra ? [options.extra] : []),
		'',
		...(aws.length ? [`[model_providers.${options.provider ?? 'amazon-bedrock'}.aws]`, ...aws, ''] : []),
	].join('\n');
}

function ini(sectionHeader: string, lines: Record<string, string>): string {
	return `${sectionHeader}\n${Object.entries(lines).map(([k, v]) => `${k} = ${v}`).join('\n')}\n\n`;
}

/** A simulated AWS (scenario name or object), a TLS proxy in front of it and a throwaway HOME; all closed after the test. */
export async function contractWorld(scenario: string | Scenario = 'happy'): Promise<ContractWorld> {
	const fake = await fakeAws({scenario: typeof scenario === 'string' ? getScenario(scenario) : scenario});
	const proxy = await interceptingProxy(fake);
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-contract-home-'));
	const codexHome = path.join(home, '.codex');
	const awsDir = path.join(home, '.aws');
	mkdirSync(codexHome, {recursive: true});
	mkdirSync(awsDir, {recursive: true});
	const append = (file: string, text: string) => writeFileSync(path.join(awsDir, file), text, {flag: 'a', mode: 0o600});

	const world: ContractWorld = {
		fake,
		proxy,
		home,
		codexHome,
		keys(options = {}) {
			const issued = issueCredentials(fake.state, Date.now(), {accountId: ACCOUNT, roleName: 'BedrockDeveloper', ttlSeconds: options.ttlSeconds ?? 3600});
			return {accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken};
		},
		keyHash,
		apiKey(region, options = {}) {
			return issueBearerKey(fake.state, Date.now(), {region, accountId: ACCOUNT, roleName: 'BedrockDeveloper', ...(options.ttlSeconds === undefined ? {} : {ttlSeconds: options.ttlSeconds})}).token;
		},
		writeCodexConfig(toml, profile) {
			writeFileSync(path.join(codexHome, profile ? `${profile}.config.toml` : 'config.toml'), toml);
		},
		writeAuthJson(value) {
			writeFileSync(path.join(codexHome, 'auth.json'), `${JSON.stringify(value, null, 2)}\n`, {mode: 0o600});
		},
		awsConfigProfile(name, lines) {
			append('config', ini(name === 'default' ? '[default]' : `[profile ${name}]`, lines));
		},
		awsCredentialsProfile(name, keys) {
			append('credentials', ini(`[${name}]`, {aws_access_key_id: keys.accessKeyId, aws_secret_access_key: keys.secretAccessKey, aws_session_token: keys.sessionToken}));
		},
		ssoProfile(name, options = {}) {
			const sso = fake.scenario.sso;
			const session = `${name}-session`;
			const account = sso.accounts[0]!;
			append('config', ini(`[profile ${name}]`, {sso_session: session, sso_account_id: account.accountId, sso_role_name: account.roles[0]!, ...(options.region ? {region: options.region} : {})}));
			append('config', ini(`[sso-session ${session}]`, {sso_start_url: sso.startUrl, sso_region: sso.region, sso_registration_scopes: 'sso:account:access'}));
			// A token the fake's portal accepts, cached where every AWS reader looks for it (token-cache.ts).
			const token = fake.state.accessTokens.size + 1;
			const accessToken = `fakeaccesstoken/${name}/${token}/${createHash('sha1').update(`${home}${name}${token}`).digest('hex')}`;
			const expiresAt = Date.now() + (options.expired ? -3600_000 : 3600_000);
			fake.state.accessTokens.set(accessToken, {token: accessToken, clientId: 'contract-client', expiresAt, scopes: ['sso:account:access'], region: sso.region});
			const cacheDir = path.join(awsDir, 'sso', 'cache');
			mkdirSync(cacheDir, {recursive: true, mode: 0o700});
			const file = path.join(cacheDir, `${createHash('sha1').update(session).digest('hex')}.json`);
			const stamp = new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
			writeFileSync(file, JSON.stringify({startUrl: sso.startUrl, region: sso.region, accessToken, expiresAt: stamp}), {mode: 0o600});
		},
		exec(options = {}) {
			return runCodex(world, options);
		},
	};
	return world;
}

async function runCodex(world: ContractWorld, options: ExecOptions): Promise<ExecRun> {
	const cwd = mkdtempSync(path.join(tmpdir(), 'cbs-contract-work-'));
	const ca = options.ca ?? 'CODEX_CA_CERTIFICATE';
	const env: Record<string, string> = {
		PATH: process.env['PATH'] ?? '',
		HOME: world.home,
		CODEX_HOME: world.codexHome,
		NO_COLOR: '1',
		...(options.proxy === false ? {} : {HTTPS_PROXY: world.proxy.url}),
		...(ca === 'none' ? {} : {[ca]: TEST_CA}),
		...options.env,
	};
	const args = ['exec', '--skip-git-repo-check', '-s', 'read-only', '--ephemeral', ...(options.profile ? ['-p', options.profile] : []), ...(options.args ?? []), options.prompt ?? PROMPT];
	const requestsBefore = world.fake.state.requests.length;
	const interceptedBefore = world.proxy.intercepted.length;
	const refusedBefore = world.proxy.refused.length;
	let relay: net.Server | undefined;
	let command = CODEX;
	let commandArgs = args;
	if (options.isolated) {
		if (!NETNS_AVAILABLE) throw new Error('isolated runs need unshare -rn (NETNS_AVAILABLE)');
		// Outside: a Unix socket that leads to the proxy. Inside: the proxy's port on loopback leads to it.
		const socket = path.join(mkdtempSync(path.join(tmpdir(), 'cbs-netns-')), 'proxy.sock');
		const port = new URL(world.proxy.url).port;
		relay = net.createServer((inbound) => {
			const outbound = net.connect(Number(port), '127.0.0.1');
			inbound.pipe(outbound).pipe(inbound);
			inbound.on('error', () => outbound.destroy());
			outbound.on('error', () => inbound.destroy());
		});
		await new Promise<void>((resolve) => relay!.listen(socket, resolve));
		command = 'unshare';
		commandArgs = ['-rn', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, RELAY, port, socket, CODEX, ...args];
	}
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn(command, commandArgs, {cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
		const pid = child.pid!;
		children.add(pid);
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		let stopped = false;
		const check = () => {
			if (options.stopWhen && !stopped && (options.stopWhen.test(stderr) || options.stopWhen.test(stdout))) {
				stopped = true;
				killGroup(pid);
			}
		};
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
			check();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString('utf8');
			check();
		});
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(pid);
		}, options.timeoutMs ?? RUN_TIMEOUT_MS);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			children.delete(pid);
			relay?.close();
			const requests = world.fake.state.requests.slice(requestsBefore);
			resolve({
				code,
				signal,
				stdout,
				stderr,
				elapsedMs: Math.round(performance.now() - started),
				timedOut,
				stopped,
				requests,
				inference: requests.filter((r) => /^bedrock-(mantle|runtime)\./.test(r.host)),
				intercepted: world.proxy.intercepted.slice(interceptedBefore),
				refused: world.proxy.refused.slice(refusedBefore),
				env,
				args,
			});
		});
	});
}

/** One line per request, for readable assertions: "POST bedrock-mantle.us-east-1.api.aws/openai/v1/responses sigv4 bedrock-mantle us-east-1 openai.gpt-5.5 200". */
export function describeRequest(r: RequestRecord): string {
	const auth =
		r.auth.kind === 'sigv4' ? `sigv4 ${r.auth.service} ${r.auth.region}` : r.auth.kind === 'bearer' ? `bearer${r.auth.keyRegion ? ` ${r.auth.keyRegion}` : ''}` : r.auth.kind;
	return [`${r.method} ${r.host}${r.path}`, auth, r.model, r.status].filter((part) => part !== undefined && part !== '').join(' ');
}

/** Codex's stderr without its banner and the echo of the prompt: the lines a user reads when it fails. */
export function errorLines(run: ExecRun): string[] {
	return run.stderr
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => /^(ERROR|Error|error|WARNING|warning)\b/.test(l));
}

/** Which credential signed a request: 'keys:<access key id>' or 'bearer:<keyHash of the token>' (or 'none'). */
export function signer(r: RequestRecord): string {
	if (r.auth.kind === 'sigv4') return `keys:${r.auth.accessKeyId}`;
	if (r.auth.kind === 'bearer') return `bearer:${r.auth.keyHash}`;
	return r.auth.kind;
}

/** Request ids vary from run to run: shown as req_… in observations. */
export function normalize(message: string): string {
	return message.replace(/\breq_[a-z0-9]{8,}/g, 'req_…').trim();
}

export interface Outcome {
	/** The first error event of `--json` (first mode), or the last ERROR line (full mode); normalised. */
	message?: string;
	/** The first error was "Reconnecting... n/N (...)". */
	retried: boolean;
	/** How many "Reconnecting..." Codex printed. */
	reconnects: number;
}

/** What a failed run said: in --json mode the first error event, else the last `ERROR:` line of stderr. */
export function outcome(run: ExecRun): Outcome {
	if (run.args.includes('--json')) {
		for (const line of run.stdout.split('\n')) {
			let event: {type?: string; message?: string; error?: {message?: string}};
			try {
				event = JSON.parse(line) as typeof event;
			} catch {
				continue;
			}
			const text = event.type === 'error' ? event.message : event.type === 'turn.failed' ? event.error?.message : undefined;
			if (text === undefined) continue;
			const reconnect = /^Reconnecting\.\.\. \d+\/\d+ \((.*)\)$/s.exec(text);
			return {message: normalize(reconnect ? reconnect[1]! : text), retried: reconnect !== null, reconnects: reconnect ? 1 : 0};
		}
		return {retried: false, reconnects: 0};
	}
	const errors = run.stderr.split('\n').filter((l) => l.startsWith('ERROR: '));
	const reconnects = errors.filter((l) => /^ERROR: Reconnecting\.\.\./.test(l)).length;
	const last = errors.filter((l) => !/^ERROR: Reconnecting\.\.\./.test(l)).at(-1);
	return {...(last ? {message: normalize(last.slice('ERROR: '.length))} : {}), retried: reconnects > 0, reconnects};
}
