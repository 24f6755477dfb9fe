import {describe, expect, it} from 'vitest';
import {answerFromFlag, answerWithoutAsking, runWizard} from '../../source/core/driver.js';
import {BackSignal, CancelledError, StepError, UsageError} from '../../source/core/errors.js';
import type {SelectQuestion, Step, TextQuestion} from '../../source/core/types.js';
import {testContext} from '../helpers/context.js';
import {recordingRenderer} from '../helpers/recording-renderer.js';

const regionQuestion: SelectQuestion = {
	kind: 'select',
	id: 'region',
	message: 'Region',
	flag: '--region',
	choices: [
		{value: 'us-east-1', label: 'US East (N. Virginia)'},
		{value: 'eu-west-1', label: 'Europe (Ireland)'},
	],
	default: 'us-east-1',
};

const regionStep: Step = {
	id: 'region',
	title: 'Choose a region',
	flags: [{name: 'region', type: 'string', description: 'Region'}],
	async run(_ctx, io) {
		const region = await io.ask(regionQuestion);
		return {status: 'done', summary: region, answers: {region}};
	},
};

const profileQuestion: TextQuestion = {
	kind: 'text',
	id: 'profile',
	message: 'Profile name',
	flag: '--profile',
	validate: (value) => (/^[\w-]+$/.test(value) ? undefined : 'letters, digits, - and _ only'),
};

const profileStep: Step = {
	id: 'sso-profile',
	title: 'AWS profile',
	flags: [],
	async run(_ctx, io) {
		const profile = await io.ask(profileQuestion);
		return {status: 'done', summary: profile, answers: {profile}};
	},
};

describe('answering questions', () => {
	it('takes a flag first, matching select values case-insensitively', () => {
		expect(answerFromFlag(regionQuestion, {region: 'EU-WEST-1'})).toBe('eu-west-1');
		expect(answerFromFlag(regionQuestion, {})).toBeUndefined();
	});

	it('refuses a flag value that is not a choice, naming the flag and the choices', () => {
		expect(() => answerFromFlag(regionQuestion, {region: 'ca-central-1'})).toThrow(UsageError);
		expect(() => answerFromFlag(regionQuestion, {region: 'ca-central-1'})).toThrow(/--region ca-central-1: not one of the choices \(us-east-1, eu-west-1\)/);
	});

	it('validates a text flag', () => {
		expect(() => answerFromFlag(profileQuestion, {profile: 'bad name'})).toThrow(/--profile bad name: letters, digits/);
		expect(answerFromFlag(profileQuestion, {profile: 'codex-bedrock'})).toBe('codex-bedrock');
	});

	it('without asking: the default, the only choice, yes for confirmations, else a usage error naming the flag', () => {
		expect(answerWithoutAsking(regionQuestion)).toBe('us-east-1');
		expect(answerWithoutAsking({...regionQuestion, default: undefined, choices: [{value: 'x', label: 'x'}]})).toBe('x');
		expect(answerWithoutAsking({kind: 'confirm', id: 'write', message: 'Write?', default: false})).toBe(true);
		expect(() => answerWithoutAsking(profileQuestion)).toThrow('No answer for "Profile name" without asking: pass --profile.');
	});
});

describe('runWizard', () => {
	it('runs every step in order, asking the renderer, and finishes with exit code 0', async () => {
		const renderer = recordingRenderer(['eu-west-1', 'dev']);
		const result = await runWizard({steps: [regionStep, profileStep], ctx: testContext(), renderer, interactive: true});
		expect(result.exitCode).toBe(0);
		expect(result.state.answers).toEqual({region: 'eu-west-1', profile: 'dev'});
		expect(renderer.asked.map((q) => q.id)).toEqual(['region', 'profile']);
		expect(result.state.steps.map((s) => s.summary)).toEqual(['eu-west-1', 'dev']);
	});

	it('asks nothing that a flag answers', async () => {
		const renderer = recordingRenderer(['dev']);
		const result = await runWizard({steps: [regionStep, profileStep], ctx: testContext({flags: {region: 'us-east-1'}}), renderer, interactive: true});
		expect(renderer.asked.map((q) => q.id)).toEqual(['profile']);
		expect(result.state.answers.region).toBe('us-east-1');
	});

	it('with --yes, a missing answer without default fails with exit code 2 naming the flag', async () => {
		const renderer = recordingRenderer();
		const result = await runWizard({steps: [regionStep, profileStep], ctx: testContext(), renderer, interactive: false});
		expect(result.exitCode).toBe(2);
		expect(renderer.asked).toEqual([]);
		expect(result.state.failure?.message).toContain('pass --profile');
		expect(result.state.answers.region).toBe('us-east-1');
	});

	it('Esc (BackSignal) goes back to the previous step, which asks again', async () => {
		const renderer = recordingRenderer(['eu-west-1', new BackSignal(), 'us-east-1', 'dev']);
		const result = await runWizard({steps: [regionStep, profileStep], ctx: testContext(), renderer, interactive: true});
		expect(result.exitCode).toBe(0);
		expect(renderer.asked.map((q) => q.id)).toEqual(['region', 'profile', 'region', 'profile']);
		expect(result.state.answers.region).toBe('us-east-1');
	});

	it('Ctrl-C (CancelledError) ends with exit code 130', async () => {
		const renderer = recordingRenderer([new CancelledError()]);
		const result = await runWizard({steps: [regionStep, profileStep], ctx: testContext(), renderer, interactive: true});
		expect(result.exitCode).toBe(130);
		expect(result.state.phase).toBe('cancelled');
	});

	it('an aborted signal stops a step that ignores it, without waiting for it', async () => {
		const ctx = testContext();
		const hanging: Step = {id: 'region', title: 'Hangs', flags: [], run: () => new Promise(() => {})};
		const running = runWizard({steps: [hanging], ctx, renderer: recordingRenderer(), interactive: true});
		await Promise.resolve();
		ctx.controller.abort();
		expect((await running).exitCode).toBe(130);
	});

	it('turns a thrown SDK-like error into a typed failure, shows it, and retries on request', async () => {
		let attempts = 0;
		const flaky: Step = {
			id: 'region',
			title: 'Flaky',
			flags: [],
			async run() {
				attempts += 1;
				if (attempts === 1) {
					throw Object.assign(new Error('Too many requests, please wait before trying again.'), {
						name: 'ThrottlingException',
						$metadata: {httpStatusCode: 429, requestId: 'req-123'},
					});
				}
				return {status: 'done', summary: 'ok'};
			},
		};
		const renderer = recordingRenderer([(q) => {
			// Skip is offered only where the rest can go on without the step (the test prompt): not here.
			expect((q as SelectQuestion).choices.map((c) => c.value)).toEqual(['retry', 'quit']);
			return 'retry';
		}]);
		const result = await runWizard({steps: [flaky], ctx: testContext(), renderer, interactive: true});
		expect(result.exitCode).toBe(0);
		expect(renderer.failures[0]?.failure.diagnosis?.ruleId).toBe('quota.throttled');
		expect(renderer.failures[0]?.failure).toMatchObject({
			code: 'aws.ThrottlingException',
			errorName: 'ThrottlingException',
			httpStatus: 429,
			requestId: 'req-123',
			message: 'Too many requests, please wait before trying again.',
		});
	});

	it('offers to jump to the step that fixes a failure', async () => {
		let failures = 0;
		const needsLogin: Step = {
			id: 'region',
			title: 'Needs login',
			flags: [],
			async run() {
				failures += 1;
				if (failures === 1) throw new StepError({code: 'aws.ExpiredTokenException', message: 'expired', fixStep: 'sso-profile'});
				return {status: 'done', summary: 'ok'};
			},
		};
		const renderer = recordingRenderer(['dev', (q) => {
			expect((q as SelectQuestion).choices.map((c) => c.value)).toEqual(['retry', 'goto:sso-profile', 'fresh-sign-in', 'back', 'quit']);
			return 'goto:sso-profile';
		}, 'dev2']);
		const result = await runWizard({steps: [profileStep, needsLogin], ctx: testContext(), renderer, interactive: true});
		expect(result.exitCode).toBe(0);
		expect(result.state.answers.profile).toBe('dev2');
	});

	it('non-interactive: a failure ends the run with exit code 1 and no question', async () => {
		const failing: Step = {id: 'region', title: 'Fails', flags: [], run: async () => ({status: 'failed', failure: {code: 'x', message: 'no'}})};
		const renderer = recordingRenderer();
		const result = await runWizard({steps: [failing], ctx: testContext(), renderer, interactive: false});
		expect(result.exitCode).toBe(1);
		expect(renderer.asked).toEqual([]);
		expect(renderer.failures).toHaveLength(1);
	});

	it('quitting after a failure exits 1', async () => {
		const failing: Step = {id: 'region', title: 'Fails', flags: [], run: async () => ({status: 'failed', failure: {code: 'x', message: 'no'}})};
		const result = await runWizard({steps: [failing], ctx: testContext(), renderer: recordingRenderer(['quit']), interactive: true});
		expect(result.exitCode).toBe(1);
	});

	it('redacts secrets in notes', async () => {
		const leaky: Step = {
			id: 'region',
			title: 'Leaky',
			flags: [],
			async run(_ctx, io) {
				io.note('got Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123 from the portal');
				return {status: 'done', summary: 'ok'};
			},
		};
		const renderer = recordingRenderer();
		await runWizard({steps: [leaky], ctx: testContext(), renderer, interactive: true});
		expect(renderer.notes[0]?.message).toBe('got Authorization: Bearer [redacted] from the portal');
	});
});

describe('runWizard: going back, skipping, quitting', () => {
	const asking = (id: 'sso-profile' | 'region' | 'model-access', key: 'profile' | 'region' | 'model'): Step => ({
		id,
		title: id,
		flags: [],
		async run(_ctx, io, answers, wizard) {
			const value = await io.ask({kind: 'text', id: key, message: `${id}?`, ...(answers[key] ? {default: answers[key]} : {})});
			return {status: 'done', summary: `${value}${wizard.revisit ? ' (revisited)' : ''}`, answers: {[key]: value}};
		},
	});

	it('Esc reaches the step before one that completes by itself, instead of bouncing forward again', async () => {
		const runs: string[] = [];
		const silent: Step = {id: 'region', title: 'silent', flags: [], run: async () => (runs.push('silent'), {status: 'done', summary: 'found by itself'})};
		const renderer = recordingRenderer(['dev', new BackSignal(), 'dev2', 'gpt']);
		const result = await runWizard({steps: [asking('sso-profile', 'profile'), silent, asking('model-access', 'model')], ctx: testContext(), renderer, interactive: true});
		expect(result.exitCode).toBe(0);
		// Esc at the model went back over the step that asks nothing, to the profile, which asked again with its answer as the default.
		expect(renderer.asked.map((q) => q.message)).toEqual(['sso-profile?', 'model-access?', 'sso-profile?', 'model-access?']);
		expect((renderer.asked[2] as TextQuestion).default).toBe('dev');
		expect(result.state.steps[0]?.summary).toBe('dev2 (revisited)');
		expect(result.state.answers).toMatchObject({profile: 'dev2', model: 'gpt'});
		expect(runs).toEqual(['silent', 'silent', 'silent']);
	});

	it('Quit after a failure ends with one closing line: where, what was written, what to run next', async () => {
		const failing: Step = {id: 'region', title: 'Region', flags: [], run: async () => ({status: 'failed', failure: {code: 'aws.AccessDeniedException', message: 'denied'}})};
		const writer: Step = {id: 'sso-profile', title: 'AWS SSO profile', flags: [], run: async () => ({status: 'done', summary: 'ok', files: [{path: '/home/u/.aws/config', action: 'updated'}]})};
		const ctx = testContext();
		const renderer = recordingRenderer([(q) => ((q as SelectQuestion).choices.some((c) => c.value === 'skip') ? new Error('Skip offered for a step later steps need') : 'quit')]);
		const result = await runWizard({steps: [writer, failing], ctx: {...ctx, paths: {...ctx.paths, home: '/home/u'}}, renderer, interactive: true});
		expect(result.exitCode).toBe(1);
		expect(result.state.closing).toBe('Stopped at "Region". Written: ~/.aws/config. Next: apply the fix above, then run npx codex-bedrock-setup again: it goes on from the first step that needs work.');
		expect(renderer.states.at(-1)?.closing).toBe(result.state.closing);
	});

	it('the fix of a failure names what was answered earlier in the same step (no <profile> placeholder)', async () => {
		const step: Step = {
			id: 'sso-profile',
			title: 'AWS SSO profile',
			flags: [],
			async run(_ctx, io) {
				await io.ask({kind: 'text', id: 'profile-name', message: 'Profile name', default: 'codex-bedrock'});
				throw new StepError({code: 'aws.ExpiredTokenException', message: 'The security token included in the request is expired', errorName: 'ExpiredTokenException'});
			},
		};
		const result = await runWizard({steps: [step], ctx: testContext({flags: {yes: true}}), renderer: recordingRenderer(), interactive: false});
		const fix = result.state.failure?.diagnosis?.fix.join('\n') ?? '';
		expect(fix).toContain('codex-bedrock');
		expect(fix).not.toContain('<profile>');
	});
});
