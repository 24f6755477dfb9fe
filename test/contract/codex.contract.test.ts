// The Codex contract suite: every case of observations.ts run against the real, pinned Codex CLI through the
// TLS proxy, and what Codex did asserted. All runs start in beforeAll, a dozen at a time (each world has its
// own simulated AWS, proxy and HOME), the slow full-length failures first; the tests then only compare.
import {execFile} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {beforeAll, describe, expect, it} from 'vitest';
import {codexCredential, type CodexAuth} from '../../source/core/codex/credentials.js';
import {ExecEvents} from '../../source/core/codex/exec.js';
import {explain} from '../../source/core/troubleshoot/explain.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import {CODEX, NETNS_AVAILABLE, contractWorld, describeRequest, outcome, signer, type ExecOptions, type ExecRun, type Outcome} from './harness.js';
import {CODEX_VERSION, CRED_SOURCE, FAILURES, NETWORK, PRECEDENCE, REQUESTS, placeCredentials, type Cred, type FailureCase} from './observations.js';

/** The first top-level error event of `codex exec --json` (an item of type error is only a warning). */
const FIRST_ERROR = /^\{"type":"(error|turn\.failed)"/m;

interface Observed {
	run: ExecRun;
	outcome: Outcome;
	winner?: Cred | string;
}

const observed = new Map<string, Observed>();
const key = {
	precedence: (present: Cred[]) => `precedence:${present.join('+')}`,
	request: (id: string) => `request:${id}`,
	failure: (id: string) => `failure:${id}`,
	network: (variable: string) => `network:${variable}`,
};

/** Run tasks at most `limit` at a time, in order. */
async function pool(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({length: Math.min(limit, tasks.length)}, async () => {
			while (next < tasks.length) await tasks[next++]!();
		}),
	);
}

function failureOptions(c: FailureCase, options: ExecOptions): ExecOptions {
	// first mode: --json, stopped at the first error event (the reason the wizard reads).
	return c.mode === 'first' ? {...options, args: [...(options.args ?? []), '--json'], stopWhen: FIRST_ERROR} : options;
}

beforeAll(async () => {
	const tasks: Array<() => Promise<void>> = [];
	for (const c of [...FAILURES].sort((a, b) => (a.mode === b.mode ? 0 : a.mode === 'full' ? -1 : 1))) {
		tasks.push(async () => {
			const scenario = typeof c.scenario === 'function' ? c.scenario() : getScenario(c.scenario ?? 'happy');
			const w = await contractWorld(scenario);
			const run = await w.exec(failureOptions(c, c.setup(w)));
			observed.set(key.failure(c.id), {run, outcome: outcome(run)});
		});
	}
	for (const c of PRECEDENCE) {
		tasks.push(async () => {
			const w = await contractWorld();
			const placed = placeCredentials(w, c.present);
			w.writeCodexConfig(placed.config);
			const run = await w.exec({env: placed.env, args: ['--json'], stopWhen: FIRST_ERROR});
			const signers = run.inference.map((r) => placed.signers.get(signer(r)) ?? signer(r));
			observed.set(key.precedence(c.present), {run, outcome: outcome(run), ...(signers[0] ? {winner: signers[0]} : {})});
		});
	}
	for (const c of REQUESTS) {
		tasks.push(async () => {
			const w = await contractWorld();
			const run = await w.exec(c.setup(w));
			observed.set(key.request(c.id), {run, outcome: outcome(run)});
		});
	}
	for (const c of NETWORK.filter((n) => !n.isolated || NETNS_AVAILABLE)) {
		tasks.push(async () => {
			const w = await contractWorld();
			w.awsCredentialsProfile('keys', w.keys());
			w.writeCodexConfig('model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n\n[model_providers.amazon-bedrock.aws]\nprofile = "keys"\nregion = "us-east-1"\n');
			const run = await w.exec({...c.setup(w), args: ['--json'], stopWhen: FIRST_ERROR});
			observed.set(key.network(c.variable), {run, outcome: outcome(run)});
		});
	}
	await pool(tasks, 12);
}, 150_000);

const show = (o: Observed | undefined) => (o ? `exit ${o.run.code}, ${o.run.elapsedMs} ms\n${o.run.requests.map(describeRequest).join('\n')}\n${o.run.stderr.slice(-1500)}` : 'not run');

it(`the pinned Codex is ${CODEX_VERSION}`, async () => {
	const {stdout} = await promisify(execFile)(CODEX, ['--version']);
	expect(stdout.trim()).toBe(`codex-cli ${CODEX_VERSION}`);
	const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {devDependencies: Record<string, string>};
	expect(pkg.devDependencies['@openai/codex']).toBe(CODEX_VERSION);
});

describe('requests per config shape', () => {
	for (const c of REQUESTS) {
		it(c.title, () => {
			const o = observed.get(key.request(c.id));
			expect(o?.run.code, show(o)).toBe(0);
			expect(o!.run.stdout).toContain('ready');
			expect(o!.run.requests.map(describeRequest)).toEqual(c.requests);
			// No helper or background model: every Bedrock request names the main model.
			expect(new Set(o!.run.inference.map((r) => r.model)).size).toBe(1);
		});
	}
});

describe('which credential Codex signs with', () => {
	for (const c of PRECEDENCE) {
		it(`${c.present.join(' + ')} -> ${c.winner}`, () => {
			const o = observed.get(key.precedence(c.present));
			expect(o?.run.code, show(o)).toBe(0);
			expect(o!.winner).toBe(c.winner);
			// The wizard's model of Codex (source/core/codex/credentials.ts) names the same winner.
			const auth: CodexAuth = c.present.includes('authApiKey') || c.present.includes('authApiKeyNoMode') ? {kind: 'bedrock-api-key', region: 'us-east-1'} : c.present.includes('authAccessKeys') ? {kind: 'bedrock-access-keys'} : c.present.includes('authOpenai') ? {kind: 'openai'} : {kind: 'none'};
			const env = o!.run.env;
			const predicted = codexCredential({credentialExport: c.present.includes('export'), configProfile: c.present.includes('profile') ? 'configured' : undefined, auth, env});
			expect(predicted.source).toBe(CRED_SOURCE[c.winner]);
		});
	}
});

describe('what Codex prints when it fails', () => {
	for (const c of FAILURES) {
		it(`${c.id}: ${c.title}`, () => {
			const o = observed.get(key.failure(c.id));
			expect(o, 'not run').toBeDefined();
			expect(o!.run.timedOut, show(o)).toBe(false);
			expect(o!.outcome.message, show(o)).toBe(c.message);
			expect(o!.outcome.retried).toBe(c.retried);
			expect(o!.run.inference.length, show(o)).toBe(c.attempts);
			if (c.mode === 'full') {
				expect(o!.run.code).toBe(1);
				// "Reconnecting... n/5" five times when retried, never otherwise.
				expect(o!.outcome.reconnects).toBe(c.retried ? 5 : 0);
			}
		});
	}
});

describe('every failure Codex prints maps to its rule (not the catch-all)', () => {
	for (const c of FAILURES) {
		it(`${c.id} -> ${c.rule}`, () => {
			// As the wizard reads it: the JSON events through exec.ts's own parser, or (full runs) the final line.
			const o = observed.get(key.failure(c.id))!;
			const events = new ExecEvents();
			events.push(`${o.run.stdout}\n`);
			const message = c.mode === 'first' ? events.error : o.outcome.message;
			expect(message, show(o)).toBeDefined();
			const diagnosis = explain({code: 'codex.exec-failed', message: `codex exec failed: ${message}`}, 'test-prompt', {profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5'});
			expect(diagnosis.ruleId).toBe(c.rule);
		});
	}
});

describe('proxy and CA variables', () => {
	for (const c of NETWORK) {
		it.skipIf(c.isolated && !NETNS_AVAILABLE)(`${c.variable} is ${c.honoured ? 'honoured' : 'ignored'}`, () => {
			const o = observed.get(key.network(c.variable));
			if (c.kind === 'no-proxy') {
				// NO_PROXY=.api.aws: Codex goes around the proxy for Mantle, and fails in the namespace.
				expect(o?.outcome.message, show(o)).toBe('Connection failed: error sending request');
				expect(o!.run.intercepted.some((t) => t.startsWith('bedrock-mantle.'))).toBe(!c.honoured);
			} else if (c.honoured) {
				expect(o?.run.code, show(o)).toBe(0);
				expect(o!.run.inference.map((r) => r.status)).toEqual([200]);
			} else {
				expect(o?.outcome.message, show(o)).toBe('Connection failed: error sending request');
				// It did not go through the proxy at all.
				if (c.kind === 'proxy') expect(o!.run.intercepted).toEqual([]);
			}
		});
	}
});

it('`codex logout` removes the Bedrock credentials Codex stored, and the Bedrock settings of config.toml too (profile files stay)', {timeout: 60_000}, async () => {
	const w = await contractWorld();
	const placed = placeCredentials(w, ['authApiKey', 'bearer']);
	w.writeCodexConfig(`# the user's comment\napproval_policy = "on-request"\n${placed.config}`);
	w.writeCodexConfig(placed.config, 'bedrock');
	// Offline: a proxy port nothing listens on (logout has no network to do for a Bedrock key).
	const logout = await promisify(execFile)(CODEX, ['logout'], {env: {PATH: process.env['PATH'] ?? '', HOME: w.home, CODEX_HOME: w.codexHome, HTTPS_PROXY: 'http://127.0.0.1:9'}, timeout: 30_000});
	expect(`${logout.stdout}${logout.stderr}`).toContain('Successfully logged out');
	expect(existsSync(path.join(w.codexHome, 'auth.json'))).toBe(false);
	// config.toml is rewritten without model_provider, model and the amazon-bedrock table.
	expect(readFileSync(path.join(w.codexHome, 'config.toml'), 'utf8')).toBe('# the user\'s comment\napproval_policy = "on-request"\n');
	expect(readFileSync(path.join(w.codexHome, 'bedrock.config.toml'), 'utf8')).toBe(placed.config);
	// With the profile file, the next source in the order signs: AWS_BEARER_TOKEN_BEDROCK.
	const run = await w.exec({env: placed.env, profile: 'bedrock'});
	expect(run.code, run.stderr).toBe(0);
	expect(run.inference.map((r) => placed.signers.get(signer(r)))).toEqual(['bearer']);
});
