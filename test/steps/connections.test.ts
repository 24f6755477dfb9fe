// What one run costs on the network, counted by the simulated AWS (never timed): one connection per
// AWS host, role credentials fetched once, no operation repeated with the same inputs (the probe's model
// lists feed the model step), and deadlines that stop a hung region's calls. Esc gives up a wait.
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {systemClock, type Flags} from '../../source/core/context.js';
import {BackSignal} from '../../source/core/errors.js';
import {MANTLE_REGIONS} from '../../source/core/bedrock/models.js';
import {DeadlineError, PROBE_REGIONS, probeRegions, withDeadline} from '../../source/core/bedrock/probe.js';
import {closeRun, once} from '../../source/core/run-state.js';
import {STEPS} from '../../source/core/steps/index.js';
import {CREDENTIALS_EXPIRY_WINDOW_MS, profileCredentials} from '../../source/core/sso/portal.js';
import {InkStore} from '../../source/ui/ink/store.js';
import {runWizard} from '../../source/core/driver.js';
import type {Step} from '../../source/core/types.js';
import {CODEX} from '../helpers/codex.js';
import {testContext} from '../helpers/context.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const FLAGS: Flags = {...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.4', 'skip-codex-exec': true, 'use-device-code': true};

const count = (log: ReadonlyArray<{operation: string}>, operation: string) => log.filter((e) => e.operation === operation).length;

describe('one run, counted by the simulated AWS', () => {
	it('the happy path: at most one connection per host, GetRoleCredentials once, each model list asked once', async () => {
		const w = await wizardWorld('happy');
		vi.stubEnv('PATH', `${path.dirname(CODEX)}:${path.dirname(process.execPath)}:/usr/bin:/bin`);
		const {result, ctx} = await w.run([...STEPS], FLAGS);
		closeRun(ctx);
		expect(result.exitCode).toBe(0);
		const stats = w.fake.network.stats();
		expect(Object.keys(stats)).toEqual(expect.arrayContaining(['oidc.us-east-1.amazonaws.com', 'portal.sso.us-east-1.amazonaws.com', 'sts.us-east-1.amazonaws.com', 'bedrock.us-east-1.amazonaws.com', 'bedrock-mantle.us-east-1.api.aws', 'bedrock-mantle.eu-west-1.api.aws']));
		for (const [host, s] of Object.entries(stats)) expect({host, connections: s.connections}).toEqual({host, connections: 1});
		const {log} = w.fake.state;
		expect(count(log, 'GetRoleCredentials')).toBe(1);
		// The probe asks every region once (the control plane's models and inference profiles, and Mantle's
		// two lists where Mantle exists); the model step reuses us-east-1's answers instead of asking again.
		expect(count(log, 'ListFoundationModels')).toBe(PROBE_REGIONS.length);
		expect(count(log, 'ListInferenceProfiles')).toBe(PROBE_REGIONS.length);
		expect(count(log, 'MantleListModels')).toBe(2 * MANTLE_REGIONS.length);
		expect(count(log, 'GetFoundationModelAvailability')).toBe(1);
		expect(count(log, 'MantleResponses')).toBe(1);
	});

	it('role credentials are reused until five minutes before they expire, then fetched again', async () => {
		const w = await wizardWorld('happy');
		const {result} = await w.run(STEPS.filter((s) => s.id === 'preflight' || s.id === 'sso-profile'), FLAGS);
		expect(result.exitCode).toBe(0);
		const ctx = w.context(FLAGS);
		const first = await profileCredentials(ctx, 'codex-bedrock');
		expect(await profileCredentials(ctx, 'codex-bedrock')).toBe(first);
		expect(count(w.fake.state.log, 'GetRoleCredentials')).toBe(2); // the run's one, and this new context's one
		w.clock.advance(first.expiration!.getTime() - w.clock.now() - CREDENTIALS_EXPIRY_WINDOW_MS + 1);
		const second = await profileCredentials(ctx, 'codex-bedrock');
		expect(second.accessKeyId).not.toBe(first.accessKeyId);
		expect(count(w.fake.state.log, 'GetRoleCredentials')).toBe(3);
		closeRun(ctx);
	});
});

describe('deadlines and giving up a wait', () => {
	it('withDeadline ends a call that ignores its signal at the deadline, and aborts that signal', async () => {
		let seen: AbortSignal | undefined;
		const never = (signal: AbortSignal) => {
			seen = signal;
			return new Promise<never>(() => {});
		};
		const error = await withDeadline(new AbortController().signal, 20, never).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DeadlineError);
		expect((error as DeadlineError).code).toBe('ETIMEDOUT');
		expect(seen?.aborted).toBe(true);
	});

	it('a hung region: its calls stop at the deadline whatever the SDK would retry, the others answer', async () => {
		const w = await wizardWorld('region-timeout');
		const ctx = {...w.context(FLAGS), clock: systemClock};
		const {issueCredentials} = await import('../../source/fake-aws/sigv4.js');
		const c = issueCredentials(w.fake.state, Date.now(), {accountId: '111122223333', roleName: 'BedrockDeveloper', ttlSeconds: 3600});
		// Default retries (3 attempts): the deadline bounds all of them together.
		const probes = await probeRegions(ctx, {accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken}, ['eu-central-1', 'us-east-1'], {timeoutMs: 1000});
		closeRun(ctx);
		const hung = probes.find((p) => p.region === 'eu-central-1')!;
		expect(hung.listed.status).toBe('timeout');
		expect(hung.mantle.status).toBe('timeout');
		expect(probes.find((p) => p.region === 'us-east-1')?.mantle.status).toBe('ok');
		// The hung calls were not retried: one request reached each of eu-central-1's hosts (the control
		// plane's second list and Mantle's second list wait for their host's one connection; the deadline
		// ends them all).
		const inHungRegion = w.fake.state.requests.filter((r) => r.path.startsWith('/region/eu-central-1/')).map((r) => r.path.replace('/region/eu-central-1', ''));
		expect(inHungRegion).toHaveLength(2);
		expect(inHungRegion.filter((p) => p === '/foundation-models' || p === '/inference-profiles')).toHaveLength(1);
		expect(inHungRegion.filter((p) => p === '/v1/models' || p === '/openai/v1/models')).toHaveLength(1);
	});

	it('Esc during a wait gives it up: the step goes back and the work\'s signal is aborted', async () => {
		const store = new InkStore({clock: systemClock, onCancel: () => {}});
		let aborted: AbortSignal | undefined;
		const waiting: Step = {
			id: 'region',
			title: 'Region',
			flags: [],
			async run(_ctx, io) {
				await io.task('Waiting for a region that never answers', (signal) => {
					aborted = signal;
					setImmediate(() => store.back());
					return new Promise<never>(() => {});
				});
				return {status: 'done', summary: 'never'};
			},
		};
		const first: Step = {id: 'preflight', title: 'Check', flags: [], run: async () => ({status: 'done', summary: 'ok'})};
		let runs = 0;
		const counting: Step = {...waiting, run: async (ctx, io, answers, view) => (++runs === 1 ? waiting.run(ctx, io, answers, view) : {status: 'done', summary: 'second time'})};
		const ctx = testContext();
		const result = await runWizard({steps: [first, counting], ctx, renderer: store.renderer, interactive: true});
		expect(aborted?.aborted).toBe(true);
		expect(aborted?.reason).toBeInstanceOf(BackSignal);
		// Back went to the first step, which ran again, then the second step ran again and finished.
		expect(runs).toBe(2);
		expect(result.exitCode).toBe(0);
	});

	it('once(): a result is shared for the run, a failure is not kept', async () => {
		const ctx = testContext();
		let calls = 0;
		const work = () => {
			calls += 1;
			return calls === 1 ? Promise.reject(new Error('first fails')) : Promise.resolve(calls);
		};
		await expect(once(ctx, 'k', work)).rejects.toThrow('first fails');
		expect(await once(ctx, 'k', work)).toBe(2);
		expect(await once(ctx, 'k', work)).toBe(2);
		expect(calls).toBe(2);
	});
});
