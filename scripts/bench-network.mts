// Part of `npm run bench` (run with `node --import tsx`): the wizard under a simulated network.
//   happy: the built CLI (dist/cli.js) runs the whole happy path non-interactively (--yes, device code,
//          no browser, no `codex exec`) against the simulated AWS with a round-trip time; prints its wall
//          time, the critical-path minimum for that scenario, connections and requests per host, and how
//          often GetRoleCredentials was called.
//   probe: the region probe (probeRegions, as the region step calls it) over every Mantle region while
//          one region never answers; prints its wall time against the per-call deadline.
// One JSON line on stdout per run; the bench takes medians.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {parseArgs} from 'node:util';
import {HANDSHAKE_ROUND_TRIPS, type TlsVersion} from '../source/fake-aws/network.js';
import {getScenario, MANTLE_REGIONS} from '../source/fake-aws/scenarios.js';
import {startFakeAws} from '../source/fake-aws/server.js';
import type {Scenario} from '../source/fake-aws/types.js';

const {values} = parseArgs({
	options: {mode: {type: 'string', default: 'happy'}, 'rtt-ms': {type: 'string', default: '100'}, tls: {type: 'string', default: '1.3'}, 'probe-timeout': {type: 'string', default: '3'}},
});
const rttMs = Number(values['rtt-ms']);
const tls = values.tls as TlsVersion;
const root = path.resolve(import.meta.dirname, '..');

const ACCOUNT = '111122223333';
const ROLE = 'BedrockDeveloper';
const REGION = 'us-east-1';
const MODEL = 'openai.gpt-5.4';

/**
 * The fewest round trips the happy path can take, in order, for this scenario: every request that
 * depends on the one before it, each host's first request paying for its handshakes (the wizard does not
 * open connections it has no request for yet). Work that can overlap counts once (the slower branch).
 */
export function criticalPath(scenario: Scenario, version: TlsVersion) {
	const h = HANDSHAKE_ROUND_TRIPS[version];
	const {sso} = scenario;
	const pages = (n: number) => Math.max(1, Math.ceil(n / sso.pageSize));
	const roles = sso.accounts.find((a) => a.accountId === ACCOUNT)?.roles.length ?? 1;
	if (sso.deviceApproval.kind !== 'approve') throw new Error('the happy path needs an approving scenario');
	const polls = sso.deviceApproval.afterPolls + 1;
	const steps: Array<[string, number]> = [
		// oidc.<r>: RegisterClient, StartDeviceAuthorization, then CreateToken polls until approved.
		['oidc: connect, RegisterClient, StartDeviceAuthorization, CreateToken polls', h + 1 + 1 + polls],
		// portal.sso.<r>: every page of ListAccounts, then of ListAccountRoles, then GetRoleCredentials.
		['portal: connect, ListAccounts pages, ListAccountRoles pages, GetRoleCredentials', h + pages(sso.accounts.length) + pages(roles) + 1],
		// With credentials, independent of each other: STS GetCallerIdentity (connect + 1) and the probe:
		// per region in parallel, the control plane's ListFoundationModels and ListInferenceProfiles on one
		// connection (connect + 2), and Mantle's two model lists on one connection (connect + 2).
		['credentials -> max(STS GetCallerIdentity, probe of every region)', Math.max(h + 1, h + 2, h + 2)],
		// The chosen model: GetFoundationModelAvailability on the control-plane connection already open.
		['GetFoundationModelAvailability', 1],
		// The test prompt on the Mantle connection already open (the answer streams back in that trip).
		['test prompt (POST /openai/v1/responses)', 1],
	];
	const roundTrips = steps.reduce((sum, [, n]) => sum + n, 0);
	return {steps, roundTrips, approvalWaitMs: polls * sso.pollIntervalSeconds * 1000};
}

async function happy() {
	const scenario = getScenario('happy');
	const fake = await startFakeAws({scenario, network: {rttMs, tls}});
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-bench-happy-'));
	const args = [
		path.join(root, 'dist', 'cli.js'),
		'--yes',
		'--start-url', scenario.sso.startUrl,
		'--sso-region', scenario.sso.region,
		'--account-id', ACCOUNT,
		'--role-name', ROLE,
		'--region', REGION,
		'--model', MODEL,
		'--use-device-code',
		'--no-browser',
		'--skip-codex-exec',
	];
	const env = {
		PATH: process.env['PATH'] ?? '',
		HOME: home,
		LANG: 'C.UTF-8',
		NO_COLOR: '1',
		...fake.env(),
	};
	const started = performance.now();
	const child = spawn(process.execPath, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
	const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
	const wallMs = performance.now() - started;
	await fake.close();
	rmSync(home, {recursive: true, force: true});
	if (code !== 0) throw new Error(`the happy path exited ${code}:\n${output.slice(-3000)}`);
	const minimum = criticalPath(scenario, tls);
	const operations: Record<string, number> = {};
	for (const entry of fake.state.log) operations[entry.operation] = (operations[entry.operation] ?? 0) + 1;
	return {
		wallMs,
		criticalPathMs: minimum.roundTrips * rttMs + minimum.approvalWaitMs,
		criticalRoundTrips: minimum.roundTrips,
		approvalWaitMs: minimum.approvalWaitMs,
		hosts: fake.network.stats(),
		getRoleCredentials: operations['GetRoleCredentials'] ?? 0,
		operations,
	};
}

async function probe() {
	const timeoutMs = Math.round(Number(values['probe-timeout']) * 1000);
	const fake = await startFakeAws({scenario: 'region-timeout', network: {rttMs, tls}});
	const {issueCredentials} = await import('../source/fake-aws/sigv4.js');
	const {probeRegions} = await import('../source/core/bedrock/probe.js');
	const {prefixedEndpoints, resolvePaths, systemClock} = await import('../source/core/context.js');
	const {simulatedBrowser} = await import('../source/core/browser.js');
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-bench-probe-'));
	const env = {HOME: home};
	const context = (url: string) => ({env, paths: resolvePaths(env), clock: systemClock, flags: {'probe-timeout': String(timeoutMs / 1000)}, endpoints: prefixedEndpoints(url), browser: simulatedBrowser(), signal: new AbortController().signal, version: 'bench'});
	// Warm-up on another simulated AWS: in the wizard the SDK is loaded by the time the probe runs.
	const warm = await startFakeAws({scenario: 'happy'});
	const w = issueCredentials(warm.state, Date.now(), {accountId: ACCOUNT, roleName: ROLE, ttlSeconds: 3600});
	await probeRegions(context(warm.url), {accessKeyId: w.accessKeyId, secretAccessKey: w.secretAccessKey, sessionToken: w.sessionToken}, ['us-east-1'], {timeoutMs, maxAttempts: 1});
	await warm.close();
	const c = issueCredentials(fake.state, Date.now(), {accountId: ACCOUNT, roleName: ROLE, ttlSeconds: 3600});
	const ctx = context(fake.url);
	const started = performance.now();
	// The deadline alone, with the SDK's default retries: the deadline must bound the whole call.
	const probes = await probeRegions(ctx, {accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken}, MANTLE_REGIONS, {timeoutMs});
	const wallMs = performance.now() - started;
	await fake.close();
	rmSync(home, {recursive: true, force: true});
	const hung = probes.find((p) => p.region === 'eu-central-1');
	return {wallMs, timeoutMs, hungStatus: `${hung?.listed.status}/${hung?.mantle.status}`};
}

const result = values.mode === 'probe' ? await probe() : await happy();
console.log(JSON.stringify(result));
// Keep-alive sockets and timers of a hung call must not keep the bench waiting.
process.exit(0);
