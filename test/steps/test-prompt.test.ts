// The test-prompt step after a real SSO step, through the real clients and the real Mantle request path
// against the simulated AWS: the cost shown and confirmed before sending, the answer after, which
// credentials were used (a Bedrock API key wins, as in Codex), every failure's code, and no issued secret
// anywhere in what the user sees.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {vi, describe, expect, it} from 'vitest';
import {simulatedBrowser} from '../../source/core/browser.js';
import {realEndpoints, resolvePaths, type Context, type Flags} from '../../source/core/context.js';
import {runWizard} from '../../source/core/driver.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {costLine, createTestPromptStep, incompleteNote, resultLines, testPrompt, type CodexRunRequest} from '../../source/core/steps/test-prompt.js';
import type {Answers, Question, Step} from '../../source/core/types.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import type {Scenario} from '../../source/fake-aws/types.js';
import {apiKeyFor, issuedSecrets} from '../helpers/fake-aws.js';
import {recordingRenderer, type RecordingRenderer, type ScriptedAnswer} from '../helpers/recording-renderer.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const GPT = {region: 'us-east-1', model: 'openai.gpt-5.4'} satisfies Answers;

async function through(scenario: string | Scenario, options: {flags?: Flags; answers?: Answers; interactive?: boolean; script?: ScriptedAnswer[]; step?: Step; env?: Record<string, (fake: FakeAws, now: number) => string>; onWorld?: (world: Awaited<ReturnType<typeof wizardWorld>>) => void} = {}) {
	const world = await wizardWorld(scenario);
	options.onWorld?.(world);
	for (const [key, value] of Object.entries(options.env ?? {})) vi.stubEnv(key, value(world.fake, world.clock.now()));
	// The direct request only: the test through `codex exec` has its own tests (test/codex/exec.test.ts).
	const outcome = await world.run([ssoProfile, options.step ?? testPrompt], {...SSO_FLAGS, profile: 'codex-bedrock', 'skip-codex-exec': true, ...options.flags}, {answers: options.answers ?? GPT, ...(options.interactive ? {interactive: true} : {}), ...(options.script ? {script: options.script} : {})});
	return {...outcome, world, fake: world.fake, step: outcome.result.state.steps[1]!};
}


function expectNoSecrets(fake: FakeAws, renderer: RecordingRenderer, extra: unknown = undefined, atLeast = 3) {
	const secrets = issuedSecrets(fake);
	expect(secrets.length).toBeGreaterThanOrEqual(atLeast);
	const shown = JSON.stringify({notes: renderer.notes, blocks: renderer.blocks, failures: renderer.failures, tasks: renderer.tasks, asked: renderer.asked, states: renderer.states, extra});
	for (const secret of secrets) expect(shown).not.toContain(secret);
	// Nor a recognisable piece of one.
	for (const secret of secrets) expect(shown).not.toContain(secret.slice(-24));
}

/** Answers every question with its default, except those named (by question id). */
function answering(overrides: Record<string, ScriptedAnswer> = {}): ScriptedAnswer[] {
	const answer = (question: Question): string | boolean | Error => {
		const override = overrides[question.id];
		if (override !== undefined) return typeof override === 'function' ? override(question) : override;
		if (question.kind === 'confirm') return question.default;
		return question.default ?? new Error(`no default for ${question.id}`);
	};
	return Array.from({length: 12}, () => answer);
}

const mantleCalls = (fake: FakeAws) => fake.state.log.filter((l) => l.operation === 'MantleResponses');

describe('test-prompt step: the happy path', () => {
	it('shows the cost bound, sends one streamed request on /openai/v1, shows answer, latency, tokens, cost and credentials', async () => {
		const {result, notes, blocks, renderer, fake, step} = await through('happy');
		expect(result.exitCode).toBe(0);
		expect(notes).toContain('One request to openai.gpt-5.4 in us-east-1 ("Reply with the single word: ready"), at most about 200 input and 256 output tokens: $0.0048 at most (us-east-1 on-demand prices).');
		expect(renderer.tasks).toEqual(expect.arrayContaining([expect.stringMatching(/^Sending the test prompt to openai\.gpt-5\.4 \(POST \/openai\/v1\/responses on Mantle in us-east-1, waiting up to \d+ s\)$/)]));
		const block = blocks.find((b) => b.title === 'Test prompt: openai.gpt-5.4 in us-east-1')!;
		expect(block.lines).toEqual([
			'Answer: "ready"',
			'Latency: 0 ms',
			expect.stringMatching(/^Tokens: \d+ in, \d+ out \(\d+ of them reasoning\)$/),
			// After the fact: what it cost, from the usage Mantle reported (not a bound).
			expect.stringMatching(/^Cost: \$0\.000\d+ \(the tokens above at us-east-1 on-demand prices\)$/),
			'Credentials: profile codex-bedrock, SigV4 as arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev@example.com',
			expect.stringMatching(/^Request: POST \/openai\/v1\/responses on bedrock-mantle\.us-east-1\.api\.aws, streamed, request id req_[a-z2-7]{52}$/),
		]);
		expect(step).toMatchObject({status: 'done', summary: 'openai.gpt-5.4 answered in 0 ms'});
		expect(mantleCalls(fake)).toEqual([{operation: 'MantleResponses', region: 'us-east-1', status: 200, requestId: expect.any(String)}]);
		expectNoSecrets(fake, renderer);
	});

	it('in a terminal, asks before sending (default yes), and nothing is sent before the answer', async () => {
		let sentBeforeAsking: number | undefined;
		let fake: FakeAws | undefined;
		const run = await through('happy', {
			interactive: true,
			script: answering({
				'send-test-prompt': (question) => {
					sentBeforeAsking = mantleCalls(fake!).length;
					return question.kind === 'confirm' && question.default;
				},
			}),
			onWorld: (world) => (fake = world.fake),
		});
		expect(run.renderer.asked.find((q) => q.id === 'send-test-prompt')).toMatchObject({kind: 'confirm', default: true, message: 'Send the test prompt now ($0.0048 at most)?'});
		expect(sentBeforeAsking).toBe(0);
		expect(run.result.exitCode).toBe(0);
		expect(mantleCalls(run.fake)).toHaveLength(1);
	});

	it('declined in the terminal: skipped, nothing sent, the summary says the setup is unproven', async () => {
		const {result, fake, step} = await through('happy', {interactive: true, script: answering({'send-test-prompt': false})});
		expect(result.exitCode).toBe(0);
		expect(step).toMatchObject({status: 'skipped', summary: 'not sent: the setup is unproven'});
		expect(mantleCalls(fake)).toHaveLength(0);
	});

	it('--skip-test-prompt: skipped before anything, the summary says the setup is unproven', async () => {
		const {result, fake, step, renderer} = await through('happy', {flags: {'skip-test-prompt': true}});
		expect(result.exitCode).toBe(0);
		expect(step).toMatchObject({status: 'skipped', summary: 'skipped (--skip-test-prompt): the setup is unproven'});
		expect(mantleCalls(fake)).toHaveLength(0);
		expect(renderer.notes.filter((n) => n.step === 'test-prompt')).toEqual([]);
	});

	it('AWS_BEARER_TOKEN_BEDROCK with a profile: Codex signs with the profile (aws.profile comes first), so does the test, and it says the key is ignored', async () => {
		const {result, notes, blocks, fake, renderer, step} = await through('happy', {env: {AWS_BEARER_TOKEN_BEDROCK: (fake, now) => apiKeyFor(fake, 'us-east-1', {now})}});
		expect(result.exitCode).toBe(0);
		expect(notes).toContain('Codex will sign with the AWS profile "codex-bedrock" (aws.profile in config.toml); so does this test. Codex ignores the Bedrock API key in AWS_BEARER_TOKEN_BEDROCK (they come later in its order).');
		expect(blocks.find((b) => b.title.startsWith('Test prompt'))?.lines).toContain('Credentials: profile codex-bedrock, SigV4 as arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev@example.com');
		expect(step.summary).toBe('openai.gpt-5.4 answered in 0 ms');
		expect(fake.state.requests.filter((r) => r.operation === 'MantleResponses').map((r) => r.auth.kind)).toEqual(['sigv4']);
		expectNoSecrets(fake, renderer);
	});

	/** The test prompt alone, with no AWS profile chosen and none in Codex's config: what comes next in Codex's order. */
	async function withoutProfile(env: Record<string, (fake: FakeAws, now: number) => string>, authJson?: (fake: FakeAws, now: number) => unknown) {
		const world = await wizardWorld('happy');
		for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value(world.fake, world.clock.now()));
		if (authJson) {
			mkdirSync(path.join(world.home, '.codex'), {recursive: true});
			writeFileSync(path.join(world.home, '.codex', 'auth.json'), JSON.stringify(authJson(world.fake, world.clock.now())));
		}
		const outcome = await world.run([testPrompt], {'skip-codex-exec': true}, {answers: GPT});
		return {...outcome, fake: world.fake, step: outcome.result.state.steps[0]!};
	}

	it('no profile: the Bedrock API key in AWS_BEARER_TOKEN_BEDROCK is what Codex uses, so the test uses it and says so without showing it', async () => {
		const {result, notes, blocks, fake, renderer, step} = await withoutProfile({AWS_BEARER_TOKEN_BEDROCK: (fake, now) => apiKeyFor(fake, 'us-east-1', {now})});
		expect(result.exitCode).toBe(0);
		expect(notes).toContain('Codex will sign with the Bedrock API key in AWS_BEARER_TOKEN_BEDROCK; so does this test.');
		expect(blocks.find((b) => b.title.startsWith('Test prompt'))?.lines).toContain('Credentials: the Bedrock API key in AWS_BEARER_TOKEN_BEDROCK (a short-term Bedrock API key for us-east-1), as Codex will');
		expect(step.summary).toBe('openai.gpt-5.4 answered in 0 ms (Bedrock API key)');
		expect(fake.state.bearerKeys?.size).toBe(1);
		expectNoSecrets(fake, renderer, undefined, 1);
	});

	it('no profile: a Bedrock API key Codex stored in auth.json beats AWS_BEARER_TOKEN_BEDROCK and brings its region, as in Codex', async () => {
		const {result, notes, fake, renderer} = await withoutProfile(
			{AWS_BEARER_TOKEN_BEDROCK: (fake, now) => apiKeyFor(fake, 'us-east-1', {now})},
			(fake, now) => ({auth_mode: 'bedrockApiKey', bedrock_api_key: {api_key: apiKeyFor(fake, 'us-east-2', {now}), region: 'us-east-2'}}),
		);
		expect(result.exitCode).toBe(0);
		expect(notes).toContain('Codex will sign with the Bedrock API key Codex stored in auth.json (region us-east-2); so does this test. Codex ignores the Bedrock API key in AWS_BEARER_TOKEN_BEDROCK (they come later in its order).');
		expect(notes).toContain('Codex sends its requests to us-east-2, the region stored with that key, not us-east-1: so does this test.');
		expect(fake.state.requests.filter((r) => r.operation === 'MantleResponses').map((r) => [r.host, r.auth.kind])).toEqual([[expect.any(String), 'bearer']]);
		expect(fake.state.log.filter((l) => l.operation === 'MantleResponses').map((l) => l.region)).toEqual(['us-east-2']);
		expectNoSecrets(fake, renderer, undefined, 1);
	});

	it('no profile: a key made for another region is warned before, refused as mantle.invalid-token, never shown', async () => {
		const {result, notes, fake, renderer} = await withoutProfile({AWS_BEARER_TOKEN_BEDROCK: (fake, now) => apiKeyFor(fake, 'eu-west-1', {now})});
		expect(notes).toContain('That key was made for eu-west-1, and a short-term key works only in its own region: Mantle in us-east-1 will refuse it.');
		expect(result.state.failure).toMatchObject({code: 'mantle.invalid-token', httpStatus: 401, hint: expect.stringContaining('AWS_BEARER_TOKEN_BEDROCK')});
		expectNoSecrets(fake, renderer, undefined, 1);
	});

	it('the test through Codex plugs in after the direct request, and --skip-codex-exec leaves it out', async () => {
		const calls: CodexRunRequest[] = [];
		const step = createTestPromptStep({
			runThroughCodex: async (_ctx, _io, request) => {
				calls.push(request);
				return {summary: 'codex exec answered'};
			},
		});
		const withCodex = await through('happy', {step, flags: {'skip-codex-exec': false}});
		expect(calls).toEqual([{profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.4', auth: 'sigv4'}]);
		expect(withCodex.step.summary).toBe('openai.gpt-5.4 answered in 0 ms; through Codex: codex exec answered');
		const skipped = await through('happy', {step, flags: {'skip-codex-exec': true}});
		expect(skipped.step.summary).toBe('openai.gpt-5.4 answered in 0 ms');
		const failed = await through('mantle-iam-denied', {step, flags: {'skip-codex-exec': false}});
		expect(failed.result.exitCode).toBe(1);
		expect(calls).toHaveLength(1);
	});
});

describe('test-prompt step: failures', () => {
	it.each<[string, Answers, Record<string, unknown>]>([
		['mantle-iam-denied', GPT, {code: 'mantle.iam-denied', httpStatus: 403, errorName: 'AccessDeniedException'}],
		['no-model-access', GPT, {code: 'mantle.model-access-denied', fixStep: 'model-access'}],
		['marketplace-denied', GPT, {code: 'mantle.model-access-denied', hint: expect.stringContaining('aws-marketplace:Subscribe')}],
		['mantle-invalid-token', GPT, {code: 'mantle.invalid-token', httpStatus: 401, fixStep: 'sso-profile'}],
		['mantle-expired-token', GPT, {code: 'mantle.expired-token', fixStep: 'sso-profile', hint: expect.stringContaining('npx codex-bedrock-setup login --profile codex-bedrock')}],
		['throttled', GPT, {code: 'mantle.throttled', httpStatus: 429}],
		['clock-skew', GPT, {code: 'mantle.clock-skew', hint: expect.stringMatching(/^This computer's clock is about 12 min behind AWS's/)}],
		['happy', {region: 'us-east-1', model: 'openai.gpt-oss-120b'}, {code: 'mantle.model-not-on-route', hint: expect.stringContaining('codex#37246'), fixStep: 'model-access'}],
		['happy', {region: 'eu-west-1', model: 'openai.gpt-5.4'}, {code: 'mantle.model-not-found', httpStatus: 404}],
	])('%s (%j): %j', async (scenario, answers, expected) => {
		const {result, fake, renderer, step} = await through(scenario, {answers});
		expect(result.exitCode).toBe(1);
		expect(step.status).toBe('failed');
		expect(result.state.failure).toMatchObject({requestId: expect.stringMatching(/^req_/), ...expected});
		expect(renderer.failures).toEqual([{step: 'test-prompt', failure: result.state.failure}]);
		// One request, no retries: the step sends one prompt.
		expect(mantleCalls(fake)).toHaveLength(1);
		expectNoSecrets(fake, renderer, result.state);
	});

	it('mantle-timeout: --test-prompt-timeout bounds the wait', async () => {
		const {result} = await through('mantle-timeout', {flags: {'test-prompt-timeout': '0.2'}});
		expect(result.state.failure).toMatchObject({code: 'mantle.timeout', nodeCode: 'ETIMEDOUT', message: 'Bedrock Mantle in us-east-1 did not answer within 0.2 s.'});
	});

	it('a bad --test-prompt-timeout is a usage error (exit 2)', async () => {
		const {result} = await through('happy', {flags: {'test-prompt-timeout': 'soon'}});
		expect(result.exitCode).toBe(2);
		expect(result.state.failure?.message).toBe('--test-prompt-timeout soon: give a number of seconds between 0 and 600.');
	});

	it('no model yet: fails pointing at the step that chooses it', async () => {
		const {result} = await through('happy', {answers: {region: 'us-east-1'}});
		expect(result.state.failure).toMatchObject({code: 'test-prompt.no-model', fixStep: 'model-access'});
	});

	it('a Mantle host that does not resolve (a region without Mantle in real AWS): mantle.dns, back to the region', async () => {
		const world = await wizardWorld('happy');
		await world.run([ssoProfile], {...SSO_FLAGS, profile: 'codex-bedrock'}, {answers: GPT});
		const env = {...process.env, AWS_ENDPOINT_URL_BEDROCK_MANTLE: 'http://bedrock-mantle.invalid'};
		const ctx: Context = {env, paths: resolvePaths(env), clock: world.clock, flags: {}, endpoints: realEndpoints(env), browser: simulatedBrowser(), signal: new AbortController().signal, version: 'test'};
		const renderer = recordingRenderer();
		const run = await runWizard({steps: [testPrompt], ctx, renderer, interactive: false, answers: {profile: 'codex-bedrock', region: 'us-west-1', model: 'openai.gpt-5.4'}});
		expect(run.state.failure).toMatchObject({code: 'mantle.dns', nodeCode: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/), fixStep: 'region', message: expect.stringContaining('bedrock-mantle.invalid could not be found')});
		expect(run.state.failure?.hint).toContain('us-west-1 has no Mantle endpoint');
	});
});

describe('test-prompt step: the request through Codex, counted before sending', () => {
	it('the line confirmed before sending counts the Codex request only when a usable Codex is there', async () => {
		for (const usable of [false, true]) {
			let ran = false;
			const step = createTestPromptStep({
				runThroughCodex: async () => {
					ran = true;
					return {summary: usable ? 'answered' : 'not tested (no usable Codex)'};
				},
				codexUsable: async () => usable,
			});
			const {result, notes} = await through('happy', {step, flags: {'skip-codex-exec': false}});
			expect(result.exitCode).toBe(0);
			expect(notes.some((n) => n.startsWith(usable ? 'Two requests to openai.gpt-5.4' : 'One request to openai.gpt-5.4'))).toBe(true);
			expect(notes.some((n) => n.startsWith(usable ? 'One request' : 'Two requests'))).toBe(false);
			// It still runs: its own note says why nothing went through Codex.
			expect(ran).toBe(true);
		}
	});

	it('codexUsable asks the codex on PATH once per run: none, then the npm package\'s 0.169.0', async () => {
		const {codexUsable} = await import('../../source/core/codex/exec.js');
		const {CODEX_BIN_DIR} = await import('../helpers/pty.js');
		const world = await wizardWorld('happy');
		const bare = world.context({});
		expect(await codexUsable({...bare, env: {...bare.env, PATH: '/nonexistent'}})).toBe(false);
		const withCodex = world.context({});
		expect(await codexUsable({...withCodex, env: {...withCodex.env, PATH: `${CODEX_BIN_DIR}:${process.env['PATH'] ?? ''}`}})).toBe(true);
	});
});

describe('test-prompt step: words', () => {
	it('before sending, the cost covers both requests when the Codex turn follows (its instructions and tools are most of it)', () => {
		const line = costLine('openai.gpt-5.4', 'us-east-1', true);
		expect(line).toBe(
			'Two requests to openai.gpt-5.4 in us-east-1 ("Reply with the single word: ready"): directly, at most about 200 input and 256 output tokens: $0.0048 at most; then through Codex, which adds its instructions and tools (about 13,000 input and up to 1,000 output tokens): about $0.052. Both: about $0.057 (us-east-1 on-demand prices).',
		);
	});

	it('the cost line says when no price is known', () => {
		expect(costLine('openai.gpt-9', 'us-east-1')).toBe('One request to openai.gpt-9 in us-east-1 ("Reply with the single word: ready"), at most about 200 input and 256 output tokens. No price is known for openai.gpt-9, so there is no cost estimate.');
	});

	it('an answer cut off by max_output_tokens is explained as such, with what it proves', () => {
		const cut = {status: 'incomplete', incompleteReason: 'max_output_tokens', text: '', latencyMs: 1500, usage: {input: 78, output: 256, reasoning: 256}, route: '/openai/v1', auth: 'sigv4'} as const;
		expect(incompleteNote(cut)).toBe(
			'The answer was cut off (max_output_tokens): the model spent the whole 256-token budget on reasoning before writing any text. The request itself went through, so the credentials, permissions, model and route work; Codex sets no such small limit.',
		);
		expect(resultLines(cut, 'openai.gpt-9', 'us-east-1', 'profile p, SigV4').slice(0, 4)).toEqual([
			'Answer: (none: the answer was cut off)',
			'Latency: 1.5 s',
			'Tokens: 78 in, 256 out (256 of them reasoning)',
			'Cost: unknown (no price is known for openai.gpt-9)',
		]);
	});
});
