import {describe, expect, it} from 'vitest';
import {exitCodeFor, initialState, reduce, type WizardEvent, type WizardState} from '../../source/core/reducer.js';

const table = [
	{id: 'preflight', title: 'Check'},
	{id: 'sso-profile', title: 'SSO'},
	{id: 'region', title: 'Region'},
] as const;

function run(events: WizardEvent[], start: WizardState = initialState(table)): WizardState {
	return events.reduce(reduce, start);
}

const done = (summary: string, answers = {}): WizardEvent => ({type: 'outcome', outcome: {status: 'done', summary, answers}});
const failed: WizardEvent = {type: 'outcome', outcome: {status: 'failed', failure: {code: 'aws.AccessDeniedException', message: 'denied'}}};

describe('wizard reducer', () => {
	it('starts on the first step, running', () => {
		const state = run([{type: 'start'}]);
		expect(state.current).toBe(0);
		expect(state.phase).toBe('running');
		expect(state.steps.map((s) => s.status)).toEqual(['running', 'pending', 'pending']);
	});

	it('collapses a finished step to its summary and merges its answers', () => {
		const state = run([{type: 'start'}, done('Node 20', {}), done('profile codex-bedrock', {profile: 'codex-bedrock'})]);
		expect(state.current).toBe(2);
		expect(state.steps[1]).toMatchObject({status: 'done', summary: 'profile codex-bedrock'});
		expect(state.answers).toEqual({profile: 'codex-bedrock'});
	});

	it('finishes after the last step', () => {
		const state = run([{type: 'start'}, done('a'), done('b'), done('c')]);
		expect(state.phase).toBe('finished');
		expect(exitCodeFor(state)).toBe(0);
	});

	it('records a failure, then retry re-enters the same step', () => {
		const failedState = run([{type: 'start'}, done('a'), failed]);
		expect(failedState.phase).toBe('failed');
		expect(failedState.failure?.code).toBe('aws.AccessDeniedException');
		expect(failedState.steps[1]?.status).toBe('failed');
		expect(exitCodeFor(failedState)).toBe(1);
		const retried = reduce(failedState, {type: 'retry'});
		expect(retried.phase).toBe('running');
		expect(retried.current).toBe(1);
		expect(retried.failure).toBeUndefined();
		expect(retried.steps[1]?.status).toBe('running');
	});

	it('goes back one step, leaving the current one pending, and never before the first', () => {
		const back = run([{type: 'start'}, done('a'), {type: 'back'}]);
		expect(back.current).toBe(0);
		expect(back.steps.map((s) => s.status)).toEqual(['running', 'pending', 'pending']);
		expect(back.steps[0]?.summary).toBe('a');
		expect(reduce(back, {type: 'back'}).current).toBe(0);
	});

	it('skips a failed step', () => {
		const state = run([{type: 'start'}, done('a'), failed, {type: 'skip'}]);
		expect(state.current).toBe(2);
		expect(state.steps[1]).toMatchObject({status: 'skipped', summary: 'skipped'});
	});

	it('jumps to the step that fixes a failure', () => {
		const state = run([{type: 'start'}, done('a'), done('b'), failed, {type: 'goto', step: 'sso-profile'}]);
		expect(state.current).toBe(1);
		expect(state.steps.map((s) => s.status)).toEqual(['done', 'running', 'pending']);
		expect(reduce(state, {type: 'goto', step: 'summary'})).toBe(state);
	});

	it('cancels from any phase; a cancelled wizard ignores later events', () => {
		const cancelled = run([{type: 'start'}, done('a'), {type: 'cancel'}]);
		expect(cancelled.phase).toBe('cancelled');
		expect(cancelled.steps[1]?.status).toBe('pending');
		expect(exitCodeFor(cancelled)).toBe(130);
		expect(reduce(cancelled, done('late'))).toBe(cancelled);
		expect(reduce(run([{type: 'start'}, failed, {type: 'cancel'}]), {type: 'retry'}).phase).toBe('cancelled');
	});

	it('ignores an outcome while a failure is shown', () => {
		const failedState = run([{type: 'start'}, failed]);
		expect(reduce(failedState, done('late'))).toBe(failedState);
	});

	it('keeps the latest record per written file', () => {
		const write = (action: 'created' | 'updated'): WizardEvent => ({
			type: 'outcome',
			outcome: {status: 'done', summary: 'x', files: [{path: '/h/.aws/config', action}]},
		});
		const state = run([{type: 'start'}, write('created'), {type: 'back'}, write('updated')]);
		expect(state.files).toEqual([{path: '/h/.aws/config', action: 'updated'}]);
	});
});
