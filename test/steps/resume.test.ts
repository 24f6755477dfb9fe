// Re-running the wizard starts from doctor: steps that pass are shown done with their values, the run
// goes on at the first failing step, prefilled; Back still reaches the steps passed over.
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {BackSignal} from '../../source/core/errors.js';
import {initialState, reduce} from '../../source/core/reducer.js';
import type {Question, SelectQuestion} from '../../source/core/types.js';
import {STEPS} from '../../source/core/steps/index.js';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {modelAccess} from '../../source/core/steps/model-access.js';
import {region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {CODEX, SYSTEM_PATH} from '../helpers/codex.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';


async function setUp() {
	const world = await wizardWorld('happy');
	vi.stubEnv('PATH', `${path.dirname(CODEX)}:${SYSTEM_PATH}`);
	const first = await world.run([ssoProfile, region, modelAccess, codexConfig], {...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5', yes: true});
	expect(first.result.exitCode).toBe(0);
	return world;
}

describe('re-running the wizard', () => {
	it('on a healthy setup: everything up to the Codex config is shown done with its values, and the run goes on at the test prompt', async () => {
		const world = await setUp();
		const {result, renderer, blocks, notes} = await world.run([...STEPS], {yes: true, 'skip-codex-exec': true});
		expect(result.exitCode).toBe(0);
		// The summary agrees with the step list: Codex's config was found set up, so it says how to start it.
		expect(notes).toContain('Start Codex on Bedrock with: codex');
		expect(blocks.map((b) => b.title).join('\n')).not.toContain('Codex is not configured yet');
		const byId = Object.fromEntries(result.state.steps.map((s) => [s.id, s]));
		expect(byId['sso-profile']).toMatchObject({status: 'done', summary: 'codex-bedrock · BedrockDeveloper in account 111122223333 (found)'});
		expect(byId['region']).toMatchObject({status: 'done', summary: 'us-east-1 (found)'});
		expect(byId['model-access']).toMatchObject({status: 'done', summary: 'openai.gpt-5.5 (found)'});
		expect(byId['codex-config']).toMatchObject({status: 'done', summary: 'codex → openai.gpt-5.5 (found)'});
		expect(byId['test-prompt']?.summary).toMatch(/^openai\.gpt-5\.5 answered/);
		expect(blocks.find((b) => b.title === 'Current setup')?.lines).toContain('✔ SSO sign-in: valid, 60 min left');
		// Nothing was asked again, and no SSO sign-in happened.
		expect(renderer.asked).toEqual([]);
		expect(renderer.tasks).not.toContain('Waiting for you to sign in in the browser');
	});

	it('on a broken setup: starts at the first failing step (a Runtime ID in config.toml), prefilled, and repairs it', async () => {
		const world = await setUp();
		const config = path.join(world.home, '.codex', 'config.toml');
		writeFileSync(config, readFileSync(config, 'utf8').replace('openai.gpt-5.5', 'openai.gpt-5.5-1:0'));
		const {result} = await world.run([...STEPS], {yes: true, 'skip-test-prompt': true});
		expect(result.exitCode).toBe(0);
		const byId = Object.fromEntries(result.state.steps.map((s) => [s.id, s]));
		expect(byId['region']?.summary).toBe('us-east-1 (found)');
		expect(byId['model-access']?.summary).toBe('openai.gpt-5.5 · access granted');
		expect(readFileSync(config, 'utf8')).toContain('model = "openai.gpt-5.5"\n');
	});

	it('a flag for a step redoes that step and the ones after it', async () => {
		const world = await setUp();
		const {result} = await world.run([...STEPS], {yes: true, region: 'us-east-2', 'skip-test-prompt': true});
		expect(result.exitCode).toBe(0);
		const byId = Object.fromEntries(result.state.steps.map((s) => [s.id, s]));
		expect(byId['sso-profile']?.summary).toContain('(found)');
		expect(byId['region']?.summary).not.toContain('(found)');
		expect(result.state.answers.region).toBe('us-east-2');
	});
});

describe('re-running in a terminal: Esc reaches the steps found set up', () => {
	it('Esc at the test prompt goes back over the Codex config (nothing to ask there) to the model, asked again with the current one', async () => {
		const world = await setUp();
		let backs = 0;
		const answer = (question: Question): string | boolean | Error => {
			if (question.id === 'send-test-prompt' && backs === 0) {
				backs += 1;
				return new BackSignal();
			}
			if (question.id === 'send-test-prompt' || question.id === 'run-codex-exec') return false;
			if (question.kind === 'confirm') return question.default;
			return question.default ?? new Error(`no default for ${question.id}`);
		};
		const {result, renderer} = await world.run([...STEPS], {}, {interactive: true, script: Array.from({length: 20}, () => answer)});
		const asked = renderer.asked.map((q) => q.id);
		// The test prompt asked first (the rest was found set up), then, after Esc, the model: the Codex
		// config step re-ran without a question and was passed over backwards.
		expect(asked.slice(0, 2)).toEqual(['send-test-prompt', 'model']);
		const model = renderer.asked[1] as SelectQuestion;
		expect(model.default).toBe('openai.gpt-5.5');
		expect(result.state.steps.find((s) => s.id === 'codex-config')?.status).toBe('done');
		expect(result.exitCode).toBe(0);
	});
});

describe('reducer: resume', () => {
	it('marks the found steps done, enters the first one that is not, and Back reaches them', () => {
		let state = reduce(initialState(STEPS), {type: 'start'});
		state = reduce(state, {type: 'outcome', outcome: {status: 'done', summary: 'ok', answers: {profile: 'p'}, resume: [{id: 'sso-profile', summary: 'p (found)'}, {id: 'region', summary: 'us-east-1 (found)'}]}});
		expect(state.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'running', 'pending', 'pending', 'pending']);
		expect(state.steps[state.current]?.id).toBe('model-access');
		expect(state.answers.profile).toBe('p');
		state = reduce(state, {type: 'back'});
		expect(state.steps[state.current]?.id).toBe('region');
	});
});
