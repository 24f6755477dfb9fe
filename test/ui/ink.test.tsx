// The Ink UI end to end against the real driver (runWizard) with small fake steps: keys go in as raw
// sequences, waits are on frame content, time comes from a fake clock.
import {afterEach, describe, expect, it, vi} from 'vitest';

// chalk picks its colour level once, when it loads, from FORCE_COLOR or the stream: pin it on, so the
// colour path really emits escape codes here and the no-colour assertions mean something (vitest's
// workers write to pipes, where chalk would otherwise turn colour off and hide a leak).
vi.hoisted(() => {
	process.env['FORCE_COLOR'] = '1';
});

import {render} from 'ink-testing-library';
import React from 'react';
import {runWizard} from '../../source/core/driver.js';
import {BackSignal, CancelledError, StepError} from '../../source/core/errors.js';
import type {Step, StepId} from '../../source/core/types.js';
import {App} from '../../source/ui/ink/App.js';
import {startInkUi} from '../../source/ui/ink/run.js';
import {InkStore} from '../../source/ui/ink/store.js';
import {fakeClock, testContext} from '../helpers/context.js';
import {ANSI, FakeStdin, FakeStdout, KEYS, settle, waitFor} from '../helpers/ink.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
	vi.useRealTimers();
});

/** Without escape codes, for readable assertions on the coloured path. */
function plain(text: string): string {
	return text.replace(/\u001B\[[0-9;]*m/g, '');
}

function mount(steps: Step[], options: {color?: boolean; demo?: {scenario: string}} = {}) {
	const clock = fakeClock();
	const ctx = testContext({clock});
	let cancelled = 0;
	const store = new InkStore({
		clock,
		onCancel: () => {
			cancelled += 1;
			ctx.controller.abort();
		},
	});
	const ui = render(<App store={store} color={options.color ?? false} demo={options.demo} />);
	const result = runWizard({steps, ctx, renderer: store.renderer, interactive: true});
	cleanups.push(() => {
		// A test that stops half-way leaves no wizard waiting on a question.
		ctx.controller.abort();
		ui.unmount();
	});
	const frame = () => plain(ui.lastFrame() ?? '');
	const until = (text: string | RegExp) => waitFor(() => (typeof text === 'string' ? frame().includes(text) : text.test(frame())), frame);
	const press = async (key: string) => {
		await settle();
		ui.stdin.write(key);
	};
	const type = async (text: string) => {
		for (const char of text) await press(char);
	};
	return {ui, store, frame, until, press, type, result, clock, cancelled: () => cancelled};
}

function selectStep(id: StepId, title: string): Step {
	return {
		id,
		title,
		flags: [],
		async run(_ctx, io) {
			const region = await io.ask({
				kind: 'select',
				id: 'region',
				message: 'Which region?',
				help: 'Where Codex will call Bedrock.',
				choices: [
					{value: 'us-east-1', label: 'us-east-1'},
					{value: 'eu-west-1', label: 'eu-west-1', hint: 'in-region gpt-oss'},
				],
			});
			return {status: 'done', summary: `region ${region}`, answers: {region}};
		},
	};
}

const regionStep = selectStep('region', 'Region');

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
		await ui.until('? Which region?');
		expect(ui.frame()).toContain('› Region (1/2)');
		expect(ui.frame()).toContain('○ Then: Profile');
		expect(ui.frame()).toContain('Where Codex will call Bedrock.');
		expect(ui.frame()).toContain('eu-west-1  in-region gpt-oss');
		expect(ui.frame()).toContain('↑↓ choose · Enter confirm · Esc back · Ctrl-C quit');
		await ui.press(KEYS.down);
		await ui.until('❯ eu-west-1');
		await ui.press(KEYS.enter);
		await ui.until('✔ Region — region eu-west-1');
		expect(ui.frame()).toContain('› Profile (2/2)');
		expect(ui.frame()).toContain('? Profile name');
		// The answered question is gone; the step's line stays, in scrollback.
		expect(ui.frame()).not.toContain('Which region?');
	});

	for (const color of [true, false]) {
		it(`shows a validation error under a text question until the answer is fixed (${color ? 'colour' : 'no colour'})`, async () => {
			const ui = mount([nameStep], {color});
			await ui.until('? Profile name');
			await ui.type('my profile');
			await ui.until('my profile');
			await ui.press(KEYS.enter);
			await ui.until('✖ No spaces, please.');
			for (let i = 0; i < 'my profile'.length; i++) await ui.press(KEYS.backspace);
			// Editing takes the error away.
			await ui.until(/› \S?\s*$/m);
			expect(ui.frame()).not.toContain('No spaces');
			await ui.type('dev');
			await ui.until('› dev');
			await ui.press(KEYS.enter);
			const {state} = await ui.result;
			expect(state.answers.profile).toBe('dev');
			await ui.until('✔ Profile — profile dev');
		});
	}

	it('an empty text answer takes the default; the field starts with it', async () => {
		const step: Step = {
			id: 'sso-profile',
			title: 'Session',
			flags: [],
			async run(_ctx, io) {
				const name = await io.ask({kind: 'text', id: 's', message: 'Session name', default: 'my-sso'});
				return {status: 'done', summary: `session ${name}`};
			},
		};
		const ui = mount([step]);
		await ui.until('› my-sso█');
		for (let i = 0; i < 'my-sso'.length; i++) await ui.press(KEYS.backspace);
		await ui.until(/› █$/m);
		await ui.press(KEYS.enter);
		await ui.until('✔ Session — session my-sso');
	});

	it('a paste that ends in a line break ("text⏎" in one chunk) is the text, then Enter; a bad one stays on screen with its reason', async () => {
		const step: Step = {
			id: 'sso-profile',
			title: 'Session',
			flags: [],
			async run(_ctx, io) {
				const url = await io.ask({kind: 'text', id: 'u', message: 'Start URL', default: 'https://example', validate: (v) => (v.startsWith('https://d-') ? undefined : 'Not a start URL.')});
				return {status: 'done', summary: url};
			},
		};
		const ui = mount([step]);
		await ui.until('› https://example█');
		await ui.press('htp://d-1\r');
		await ui.until('Not a start URL.');
		expect(ui.frame()).toContain('› htp://d-1█');
		await ui.press('\u0015');
		await ui.press('https://d-1234567890.awsapps.com/start\r\nsecond line');
		await ui.until('✔ Session — https://d-1234567890.awsapps.com/start');
	});

	it('Esc goes back to the previous step, which asks again', async () => {
		const ui = mount([regionStep, nameStep]);
		await ui.until('? Which region?');
		await ui.press(KEYS.enter);
		await ui.until('? Profile name');
		expect(ui.frame()).toContain('✔ Region — region us-east-1');
		await ui.press(KEYS.escape);
		await ui.until('? Which region?');
		expect(ui.frame()).toContain('› Region (1/2)');
		expect(ui.frame()).toContain('○ Then: Profile');
		// Scrollback keeps what happened: the region was chosen, then the user went back from Profile.
		expect(ui.frame()).toContain('✔ Region — region us-east-1\n↩ Profile: back to the step before');
		// And forward again.
		await ui.press(KEYS.down);
		await ui.until('❯ eu-west-1');
		await ui.press(KEYS.enter);
		await ui.until('✔ Region — region eu-west-1');
	});

	it('a failure shows the panel; Retry runs the step again with a clean slate', async () => {
		let attempts = 0;
		const flaky: Step = {
			id: 'model-access',
			title: 'Model access',
			flags: [],
			async run(_ctx, io) {
				attempts += 1;
				io.note(`attempt ${attempts}`, 'info');
				if (attempts === 1) {
					throw new StepError({code: 'aws.ThrottlingException', message: 'Rate exceeded', requestId: 'req-42', hint: 'Wait a minute and retry.'});
				}
				return {status: 'done', summary: 'granted'};
			},
		};
		const ui = mount([regionStep, flaky]);
		await ui.until('? Which region?');
		await ui.press(KEYS.enter);
		await ui.until('? What now?');
		expect(ui.frame()).toContain('✔ Region — region us-east-1');
		expect(ui.frame()).toContain('✖ Model access');
		expect(ui.frame()).toContain('ℹ attempt 1');
		expect(ui.frame()).toContain('✖ Model access failed: Rate exceeded');
		expect(ui.frame()).toContain('  Wait a minute and retry.');
		expect(ui.frame()).toContain('AWS request id: req-42');
		expect(ui.frame()).toContain('Likely cause: Bedrock throttled the account');
		expect(ui.frame()).toContain('Rule quota.throttled');
		expect(ui.frame()).not.toContain('troubleshooting table');
		// Retry is the default: Enter alone chooses it.
		expect(ui.frame()).toContain('❯ Retry this step');
		await ui.press(KEYS.enter);
		await ui.until('✔ Model access — granted');
		// The failed attempt stays in scrollback as it was (once), the retry follows it with a clean slate.
		expect(ui.frame().split('✖ Model access failed: Rate exceeded')).toHaveLength(2);
		expect(ui.frame()).toMatch(/ℹ attempt 1[\s\S]*✖ Model access failed: Rate exceeded[\s\S]*ℹ attempt 2\n+✔ Model access — granted/);
		expect(ui.frame()).not.toContain('? What now?');
		expect(ui.frame()).toContain('Done.');
		expect(attempts).toBe(2);
		expect((await ui.result).exitCode).toBe(0);
	});

	it('an error nobody anticipated says so honestly', async () => {
		const broken: Step = {
			id: 'region',
			title: 'Region',
			flags: [],
			async run() {
				throw new Error('Something odd');
			},
		};
		const ui = mount([broken]);
		await ui.until('? What now?');
		expect(ui.frame()).toContain('✖ Region failed: Something odd');
		expect(ui.frame()).toContain('This error is not in the troubleshooting table.');
		expect(ui.frame()).not.toContain('request id');
		// Esc on "What now?" is the reducer's back (from the first step: the same step again).
		await ui.press(KEYS.escape);
		await ui.until('? What now?');
		await ui.press(KEYS.up);
		await ui.until('❯ Quit');
		await ui.press(KEYS.enter);
		expect((await ui.result).exitCode).toBe(1);
	});

	it('Ctrl-C at a question cancels: exit code 130 and the CLI is told', async () => {
		const ui = mount([regionStep, nameStep]);
		await ui.until('? Which region?');
		await ui.press(KEYS.ctrlC);
		const result = await ui.result;
		expect(result.exitCode).toBe(130);
		expect(ui.cancelled()).toBe(1);
		await ui.until('Cancelled.');
		expect(ui.frame()).not.toContain('Which region?');
	});

	it('a task shows a spinner with its label and the seconds on the clock, refreshed each second, then goes', async () => {
		// Only setInterval is faked (the one-second refresh and the spinner's frames): Ink and React
		// keep their real setImmediate, and the seconds come from the fake clock.
		vi.useFakeTimers({toFake: ['setInterval', 'clearInterval']});
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
		const ui = mount([slow, nameStep]);
		await ui.until('Listing models in 12 regions (0s)');
		expect(ui.frame()).toMatch(/› Probe \(1\/2\)\n\s+\S Listing models/);
		// The line's interval starts in an effect, a turn after the frame shows.
		await settle();
		ui.clock.advance(12_000);
		vi.advanceTimersByTime(1000);
		await ui.until('Listing models in 12 regions (12s)');
		relabel('Listing models (us-east-1 done)');
		await ui.until('Listing models (us-east-1 done) (12s)');
		finish();
		await ui.until('✔ Probe — probed');
		expect(ui.frame()).not.toContain('Listing models');
	});

	it('Ctrl-C during a task aborts it and clears the spinner', async () => {
		let sawAbort = false;
		const slow: Step = {
			id: 'region',
			title: 'Probe',
			flags: [],
			async run(_ctx, io) {
				await io.task('Waiting for sign-in', (signal) => new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => {
					sawAbort = true;
					reject(new CancelledError());
				})));
				return {status: 'done', summary: 'never'};
			},
		};
		const ui = mount([slow]);
		await ui.until('Waiting for sign-in');
		await ui.press(KEYS.ctrlC);
		expect((await ui.result).exitCode).toBe(130);
		await ui.until('Cancelled.');
		expect(sawAbort).toBe(true);
		expect(ui.frame()).not.toContain('Waiting for sign-in');
	});

	it('a confirm question: Enter takes the default, n says no', async () => {
		const answers: boolean[] = [];
		const step: Step = {
			id: 'codex-config',
			title: 'Codex config',
			flags: [],
			async run(_ctx, io) {
				answers.push(await io.ask({kind: 'confirm', id: 'a', message: 'Write ~/.codex/config.toml?', default: true}));
				answers.push(await io.ask({kind: 'confirm', id: 'b', message: 'Accept the terms?', default: false}));
				answers.push(await io.ask({kind: 'confirm', id: 'c', message: 'Really?', default: true}));
				return {status: 'done', summary: answers.join(' ')};
			},
		};
		const ui = mount([step]);
		await ui.until('Y/n');
		await ui.press(KEYS.enter);
		await ui.until('? Accept the terms?');
		expect(ui.frame()).toContain('y/N');
		await ui.press(KEYS.enter);
		await ui.until('? Really?');
		await ui.press('n');
		await ui.until('✔ Codex config — true false false');
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
		await ui.type('team-2');
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

	it('shows the demo banner, notes with tone icons and blocks', async () => {
		const step: Step = {
			id: 'summary',
			title: 'Summary',
			flags: [],
			async run(_ctx, io) {
				io.note('Wrote ~/.codex/config.toml', 'success');
				io.note('The token expires in 8 hours', 'warning');
				io.block('Next', ['codex --profile bedrock', 'codex doctor']);
				return {status: 'done', summary: 'all set'};
			},
		};
		const ui = mount([step], {demo: {scenario: 'happy'}});
		await ui.until('Done.');
		expect(ui.frame()).toContain('codex-bedrock-setup — set up Codex on Amazon Bedrock');
		expect(ui.frame()).toContain('DEMO (scenario "happy"): simulated AWS');
		expect(ui.frame()).toContain('nothing real is touched');
		expect(ui.frame()).toContain('✔ Summary — all set');
		// The last step's notes stay on screen once everything has collapsed.
		expect(ui.frame()).toContain('✔ Wrote ~/.codex/config.toml');
		expect(ui.frame()).toContain('⚠ The token expires in 8 hours');
		expect(ui.frame()).toContain('  Next:\n    codex --profile bedrock\n    codex doctor');
	});

	it('URLs, ARNs and commands longer than the terminal are printed whole on a line of their own (OSC 8 links where supported)', async () => {
		const url = `https://d-1234567890.awsapps.com/start/#/device?user_code=ABCD-EFGH&${'x'.repeat(120)}`;
		const arn = 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev@example.com';
		const step: Step = {
			id: 'sso-profile',
			title: 'AWS SSO profile',
			flags: [],
			async run(_ctx, io) {
				io.block('Open this URL to sign in', [url]);
				io.note(`Signed in as ${arn} (account 111122223333), 60 min left.`, 'success');
				io.note(`Prose ${'wraps at the terminal width '.repeat(8)}`, 'info');
				io.block('Fix', [`aws service-quotas list-service-quotas --service-code bedrock --region us-east-1 --profile ${'p'.repeat(60)}`]);
				return {status: 'done', summary: 'ok'};
			},
		};
		const clock = fakeClock();
		const store = new InkStore({clock, onCancel: () => {}});
		const ui = render(<App store={store} color hyperlinks />);
		cleanups.push(() => ui.unmount());
		await runWizard({steps: [step], ctx: testContext({clock}), renderer: store.renderer, interactive: false});
		await waitFor(() => plain(ui.lastFrame() ?? '').includes('Done.'), () => ui.lastFrame() ?? '');
		const frame = ui.lastFrame() ?? '';
		const lines = plain(frame).replace(/\u001B\]8;;[^\u0007]*\u0007/g, '').split('\n');
		// Not hard-wrapped at 100 columns: each is one line, indented, with nothing else on it.
		expect(lines).toContain(`    ${url}`);
		expect(lines).toContain(`    ${arn}`);
		expect(lines).toContain('  ✔ Signed in as');
		expect(lines.some((line) => line.trim() === `aws service-quotas list-service-quotas --service-code bedrock --region us-east-1 --profile ${'p'.repeat(60)}`)).toBe(true);
		// Prose next to them still wraps at the terminal's width (100 here).
		expect(lines.filter((line) => line.includes('wraps at')).length).toBeGreaterThan(1);
		for (const line of lines.filter((l) => l.includes('wraps at') || l.includes('Signed in as'))) expect(line.length).toBeLessThanOrEqual(100);
		// The URL is a terminal hyperlink.
		expect(frame).toContain(`\u001B]8;;${url}\u0007${url}\u001B]8;;\u0007`);
	});

	it('a long diff above a question: Tab shows it again in a pager, arrows scroll it, Esc closes it (not a step back)', async () => {
		const diff = Array.from({length: 40}, (_, i) => `+line ${i + 1}`);
		let answer: boolean | undefined;
		const step: Step = {
			id: 'codex-config',
			title: 'Codex config',
			flags: [],
			async run(_ctx, io) {
				io.block('Changes to ~/.codex/config.toml', diff);
				answer = await io.ask({kind: 'confirm', id: 'write', message: 'Write ~/.codex/config.toml?', default: true});
				return {status: 'done', summary: 'written'};
			},
		};
		const ui = mount([step]);
		await ui.until('Tab: "Changes to ~/.codex/config.toml" again');
		await ui.press('\t');
		await ui.until('Changes to ~/.codex/config.toml (1-');
		// The live region (the last frame after the scrollback) shows a window, not the question.
		const live = () => ui.frame().split('Changes to ~/.codex/config.toml (').at(-1) ?? '';
		expect(live()).toContain('↓');
		expect(live()).not.toContain('? Write ~/.codex/config.toml?');
		await ui.press(KEYS.down);
		await ui.until('Changes to ~/.codex/config.toml (2-');
		expect(live()).toContain('↑ 1 more');
		await ui.press(KEYS.escape);
		await ui.until('? Write ~/.codex/config.toml?');
		expect(ui.frame()).not.toContain('↩');
		await ui.press(KEYS.enter);
		await ui.until('✔ Codex config — written');
		expect(answer).toBe(true);
	});

	it('a skipped step collapses to "skipped"', async () => {
		const skipper: Step = {id: 'test-prompt', title: 'Test prompt', flags: [], run: async () => ({status: 'skipped', summary: 'no model chosen'})};
		const ui = mount([skipper]);
		await ui.until('Done.');
		expect(ui.frame()).toContain('↷ Test prompt — skipped: no model chosen');
	});

	describe('colour', () => {
		/** Every kind of line the UI draws: select, text, confirm, spinner, notes, block, failure panel. */
		function everything(): Step[] {
			let failed = false;
			let finishTask!: () => void;
			const busy: Step = {
				id: 'model-access',
				title: 'Busy',
				flags: [],
				async run(_ctx, io) {
					io.note('a note', 'warning');
					io.block('A block', ['+ added', '- removed']);
					await io.ask({kind: 'confirm', id: 'c', message: 'Go on?', default: true});
					const task = io.task('Working', () => new Promise<void>((resolve) => (finishTask = resolve)));
					queueMicrotask(() => setImmediate(() => finishTask()));
					await task;
					if (!failed) {
						failed = true;
						throw new StepError({code: 'unknown', message: 'boom', requestId: 'r-1', hint: 'a hint'});
					}
					return {status: 'done', summary: 'ok'};
				},
			};
			const text: Step = {
				id: 'sso-profile',
				title: 'Text',
				flags: [],
				async run(_ctx, io) {
					const v = await io.ask({kind: 'text', id: 't', message: 'Name', placeholder: 'dev-profile', validate: (s) => (s ? undefined : 'Required.')});
					return {status: 'done', summary: v};
				},
			};
			return [regionStep, text, busy];
		}

		async function walk(color: boolean) {
			const ui = mount(everything(), {color, demo: {scenario: 'happy'}});
			await ui.until('? Which region?');
			await ui.press(KEYS.enter);
			await ui.until('? Name');
			await ui.press(KEYS.enter);
			await ui.until('✖ Required.');
			await ui.type('x');
			await ui.until('› x');
			await ui.press(KEYS.enter);
			await ui.until('? Go on?');
			await ui.press(KEYS.enter);
			await ui.until('? What now?');
			expect(ui.frame()).toContain('This error is not in the troubleshooting table.');
			await ui.press(KEYS.enter);
			await ui.until('? Go on?');
			await ui.press(KEYS.enter);
			await ui.until('Done.');
			return ui.ui.frames.join('\n');
		}

		it('with colour on, the frames are painted (so the next test is not vacuous)', async () => {
			expect(await walk(true)).toMatch(ANSI);
		});

		it('without colour (NO_COLOR), no frame carries a single escape code', async () => {
			const frames = await walk(false);
			expect(frames).not.toMatch(ANSI);
			expect(frames).toContain('█ (e.g. dev-profile)');
		});
	});
});

describe('InkStore', () => {
	const store = () => {
		const onCancel = vi.fn();
		return {store: new InkStore({clock: fakeClock(), onCancel}), onCancel};
	};

	it('removes a task when it settles, whether it succeeds or fails', async () => {
		const {store: s} = store();
		let seen = 0;
		await s.renderer.task('region', 'ok', async () => {
			seen = s.getSnapshot().tasks.length;
		});
		expect(seen).toBe(1);
		expect(s.getSnapshot().tasks).toEqual([]);
		await expect(
			s.renderer.task('region', 'bad', async () => {
				throw new Error('nope');
			}),
		).rejects.toThrow('nope');
		expect(s.getSnapshot().tasks).toEqual([]);
	});

	it('Esc rejects the question with BackSignal; Ctrl-C with CancelledError and tells the CLI', async () => {
		const {store: s, onCancel} = store();
		const first = s.renderer.prompt({kind: 'confirm', id: 'a', message: 'A?', default: true}, 'region');
		s.back();
		await expect(first).rejects.toBeInstanceOf(BackSignal);
		const second = s.renderer.prompt({kind: 'confirm', id: 'b', message: 'B?', default: true}, 'region');
		s.cancel();
		await expect(second).rejects.toBeInstanceOf(CancelledError);
		expect(onCancel).toHaveBeenCalledTimes(1);
		expect(s.getSnapshot().question).toBeUndefined();
		// Nothing more is asked once cancelled.
		await expect(s.renderer.prompt({kind: 'confirm', id: 'c', message: 'C?', default: true}, 'region')).rejects.toBeInstanceOf(CancelledError);
	});

	it('ignores an answer to a question that is gone', async () => {
		const {store: s} = store();
		const first = s.renderer.prompt({kind: 'confirm', id: 'a', message: 'A?', default: true}, 'region');
		const id = s.getSnapshot().question!.id;
		s.submit(id, true);
		await expect(first).resolves.toBe(true);
		const second = s.renderer.prompt({kind: 'confirm', id: 'b', message: 'B?', default: true}, 'region');
		s.submit(id, false);
		expect(s.getSnapshot().question?.question.id).toBe('b');
		s.submit(s.getSnapshot().question!.id, true);
		await expect(second).resolves.toBe(true);
	});

	it('says when the screen is first needed: a question or a spinner, not notes or step changes', async () => {
		const steps = [{id: 'preflight' as const, title: 'Check this machine', status: 'running' as const}];
		const state = {steps, current: 0, phase: 'running' as const, answers: {}, files: []};
		let needed = false;
		const {store: a} = store();
		void a.screenNeeded().then(() => (needed = true));
		a.renderer.update(state);
		a.renderer.note('preflight', 'Node.js 20', 'success');
		a.renderer.block('preflight', 'Paths', ['~/.aws/config']);
		await settle();
		expect(needed).toBe(false);
		void a.renderer.prompt({kind: 'confirm', id: 'a', message: 'A?', default: true}, 'preflight');
		await settle();
		expect(needed).toBe(true);
		// Once it has been needed, it stays needed.
		await expect(a.screenNeeded()).resolves.toBeUndefined();

		const {store: b} = store();
		let spinner = false;
		void b.screenNeeded().then(() => (spinner = true));
		let release!: () => void;
		const work = b.renderer.task('preflight', 'Checking', () => new Promise<void>((resolve) => (release = resolve)));
		await settle();
		expect(spinner).toBe(true);
		release();
		await work;
	});

	it('a cancel (Ctrl-C) is not a "back to the step before": the running step goes back to pending, the closing line says Cancelled', () => {
		const {store: s} = store();
		const running = {steps: [{id: 'preflight' as const, title: 'Check this machine', status: 'done' as const}, {id: 'sso-profile' as const, title: 'AWS SSO profile', status: 'running' as const}], current: 1, phase: 'running' as const, answers: {}, files: []};
		s.renderer.update(running);
		s.renderer.update({...running, phase: 'cancelled', steps: [running.steps[0]!, {...running.steps[1]!, status: 'pending'}]});
		const kinds = s.getSnapshot().history.map((h) => h.kind);
		expect(kinds).not.toContain('back');
		expect(s.getSnapshot().history.at(-1)).toMatchObject({kind: 'end', lines: ['Cancelled. Files stay as they were before the step that was running.']});
		// Esc, by contrast, is a back.
		const {store: b} = store();
		b.renderer.update(running);
		b.renderer.update({...running, current: 0, steps: [{...running.steps[0]!, status: 'running'}, {...running.steps[1]!, status: 'pending'}]});
		expect(b.getSnapshot().history.map((h) => h.kind)).toContain('back');
	});

	it('keeps notes per step and clears a step’s notes when it runs again', () => {
		const {store: s} = store();
		const steps = [
			{id: 'region' as const, title: 'Region', status: 'running' as const},
			{id: 'summary' as const, title: 'Summary', status: 'pending' as const},
		];
		const state = {steps, current: 0, phase: 'running' as const, answers: {}, files: []};
		s.renderer.update(state);
		s.renderer.note('region', 'first try', 'info');
		s.renderer.update({...state, phase: 'failed', steps: [{...steps[0]!, status: 'failed'}, steps[1]!]});
		expect(s.getSnapshot().lines.region).toHaveLength(1);
		s.renderer.update(state);
		expect(s.getSnapshot().lines.region).toBeUndefined();
	});
});

describe('startInkUi', () => {
	it('renders to the given streams and finish() paints the last frame and unmounts', async () => {
		const stdout = new FakeStdout();
		const stdin = new FakeStdin();
		const clock = fakeClock();
		const ui = startInkUi({clock, color: false, onCancel: () => {}, stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream});
		const ctx = testContext({clock});
		const step: Step = {id: 'region', title: 'Region', flags: [], run: async () => ({status: 'done', summary: 'us-east-1'})};
		const result = await runWizard({steps: [step], ctx, renderer: ui.renderer, interactive: true});
		await ui.finish();
		expect(result.exitCode).toBe(0);
		const text = plain(stdout.text);
		expect(text).toContain('✔ Region — us-east-1');
		expect(text).toContain('Done.');
		// Twice is harmless (the CLI's error path may call it again).
		await ui.finish();
	});
});
