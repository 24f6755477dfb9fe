import {render} from 'ink-testing-library';
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {runWizard} from '../../source/core/driver.js';
import type {Step} from '../../source/core/types.js';
import {App} from '../../source/ui/ink/App.js';
import {InkStore} from '../../source/ui/ink/store.js';
import {fakeClock, testContext} from '../helpers/context.js';
import {KEYS, waitFor} from '../helpers/ink.js';

const mounted: Array<{unmount(): void}> = [];
afterEach(() => {
	for (const m of mounted.splice(0)) m.unmount();
});

function mount(steps: Step[], options: {color?: boolean} = {}) {
	const clock = fakeClock();
	const ctx = testContext({clock});
	let cancelled = 0;
	const store = new InkStore({clock, onCancel: () => {
		cancelled += 1;
		ctx.controller.abort();
	}});
	const ui = render(<App store={store} color={options.color ?? false} />);
	mounted.push(ui);
	const frame = () => ui.lastFrame() ?? '';
	const until = (text: string | RegExp) => waitFor(() => (typeof text === 'string' ? frame().includes(text) : text.test(frame())), frame);
	const result = runWizard({steps, ctx, renderer: store.renderer, interactive: true});
	// Let React flush its effects (Ink re-subscribes input handlers there) before the next key, as the
	// pause between a person's key presses does.
	const press = async (key: string) => {
		for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
		ui.stdin.write(key);
	};
	return {ui, frame, until, result, clock, cancelled: () => cancelled, press};
}

const regionStep: Step = {
	id: 'region',
	title: 'Region',
	flags: [],
	async run(_ctx, io) {
		const region = await io.ask({kind: 'select', id: 'region', message: 'Which region?', choices: [{value: 'us-east-1', label: 'us-east-1'}, {value: 'eu-west-1', label: 'eu-west-1', hint: 'in-region gpt-oss'}]});
		return {status: 'done', summary: `region ${region}`, answers: {region}};
	},
};

const nameStep: Step = {
	id: 'sso-profile',
	title: 'Profile',
	flags: [],
	async run(_ctx, io) {
		const profile = await io.ask({kind: 'text', id: 'name', message: 'Profile name', validate: (v) => (v.includes(' ') ? 'No spaces, please.' : undefined)});
		return {status: 'done', summary: `profile ${profile}`, answers: {profile}};
	},
};

describe('Ink renderer', () => {
	it('Down + Enter picks the second option; the step collapses to its summary line', async () => {
		const ui = mount([regionStep, nameStep]);
		await ui.until('Which region?');
		expect(ui.frame()).toContain('› Region');
		expect(ui.frame()).toContain('○ Profile');
		await ui.press(KEYS.down);
		await ui.until(/❯ eu-west-1/);
		await ui.press(KEYS.enter);
		await ui.until('✔ Region — region eu-west-1');
		expect(ui.frame()).toContain('? Profile name');
	});

	it('shows a validation error under a text question until the answer is fixed', async () => {
		const ui = mount([nameStep]);
		await ui.until('? Profile name');
		await ui.press('my profile');
		await ui.until('my profile');
		await ui.press(KEYS.enter);
		await ui.until('✖ No spaces, please.');
		for (let i = 0; i < 'my profile'.length; i++) await ui.press('\u007F');
		await ui.until(/›\s*$/m);
		await ui.press('dev');
		await ui.until('dev');
		await ui.press(KEYS.enter);
		expect((await ui.result).state.answers.profile).toBe('dev');
	});

	it('Esc goes back to the previous step, which asks again', async () => {
		const ui = mount([regionStep, nameStep]);
		await ui.until('Which region?');
		await ui.press(KEYS.enter);
		await ui.until('? Profile name');
		await ui.press(KEYS.escape);
		await ui.until('Which region?');
		expect(ui.frame()).toContain('› Region');
		expect(ui.frame()).not.toContain('✔ Region');
	});

	it('a failure shows the error and request id; Retry runs the step again', async () => {
		let attempts = 0;
		const flaky: Step = {
			id: 'model-access',
			title: 'Model access',
			flags: [],
			async run() {
				attempts += 1;
				if (attempts === 1) throw Object.assign(new Error('Rate exceeded'), {name: 'ThrottlingException', $metadata: {httpStatusCode: 429, requestId: 'req-42'}});
				return {status: 'done', summary: 'granted'};
			},
		};
		const ui = mount([flaky]);
		await ui.until('What now?');
		expect(ui.frame()).toContain('✖ Model access');
		expect(ui.frame()).toContain('✖ Rate exceeded');
		expect(ui.frame()).toContain('AWS request id: req-42');
		await ui.press(KEYS.enter);
		await ui.until('✔ Model access — granted');
		expect((await ui.result).exitCode).toBe(0);
	});

	it('Ctrl-C cancels: exit code 130 and the CLI is told', async () => {
		const ui = mount([regionStep]);
		await ui.until('Which region?');
		await ui.press(KEYS.ctrlC);
		expect((await ui.result).exitCode).toBe(130);
		expect(ui.cancelled()).toBe(1);
		await ui.until('Cancelled.');
	});

	it('a slow task shows a spinner line with the elapsed seconds, then goes away', async () => {
		let finish!: () => void;
		let relabel!: (label: string) => void;
		const slow: Step = {
			id: 'region',
			title: 'Probe',
			flags: [],
			async run(_ctx, io) {
				await io.task('Listing models in 12 regions', (_signal, setLabel) => {
					relabel = setLabel;
					return new Promise<void>((resolve) => (finish = resolve));
				});
				return {status: 'done', summary: 'probed'};
			},
		};
		const ui = mount([slow]);
		await ui.until('Listing models in 12 regions (0s)');
		ui.clock.advance(3000);
		// The elapsed time comes from the injected clock on every render (a one-second timer causes one;
		// here a label change does, so the test does not wait on the real clock).
		relabel('Listing models in 12 regions (us-east-1 done)');
		await ui.until('Listing models in 12 regions (us-east-1 done) (3s)');
		finish();
		await ui.until('✔ Probe — probed');
		expect(ui.frame()).not.toContain('Listing models');
	});

	it('Enter takes the preselected default; typing filters a long list', async () => {
		const accounts: Step = {
			id: 'sso-profile',
			title: 'Account',
			flags: [],
			async run(_ctx, io) {
				const choices = Array.from({length: 30}, (_, i) => ({value: String(100000000000 + i), label: `team-${i}`, hint: `team-${i}@example.com`}));
				const first = await io.ask({kind: 'select', id: 'a', message: 'Account', choices, default: '100000000007'});
				const second = await io.ask({kind: 'select', id: 'b', message: 'Again', choices});
				return {status: 'done', summary: `${first} ${second}`};
			},
		};
		const ui = mount([accounts]);
		await ui.until('❯ team-7');
		expect(ui.frame()).toContain('↓');
		await ui.press(KEYS.enter);
		await ui.until('? Again');
		await ui.press('team-2');
		await ui.until('filter: team-2');
		expect(ui.frame()).toContain('❯ team-2');
		expect(ui.frame()).toContain('team-26');
		expect(ui.frame()).toContain('↓ 3 more');
		expect(ui.frame()).not.toContain('team-13');
		await ui.press('3');
		await ui.until('filter: team-23');
		await ui.press(KEYS.enter);
		await ui.until('✔ Account — 100000000007 100000000023');
	});

	it('without colour the frames carry no escape codes', async () => {
		const ui = mount([regionStep]);
		await ui.until('Which region?');
		expect(ui.frame()).not.toMatch(/\u001B\[/);
	});
});
