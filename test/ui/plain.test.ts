import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {runWizard} from '../../source/core/driver.js';
import {STEPS} from '../../source/core/steps/index.js';
import {StepError} from '../../source/core/errors.js';
import type {Step, StepId} from '../../source/core/types.js';
import {createPlainRenderer} from '../../source/ui/plain/run.js';
import {fakeClock, testContext} from '../helpers/context.js';

function sink() {
	const stream = new PassThrough();
	let text = '';
	stream.on('data', (chunk: Buffer) => {
		text += chunk.toString('utf8');
	});
	return {stream, text: () => text};
}

/**
 * Resolve once `predicate` holds for the output, polling the event loop (no fixed sleep). It keeps
 * polling for at least 5 s of wall time, because a loaded machine may need that long to import inquirer.
 */
async function until(predicate: () => boolean, describe: () => string): Promise<void> {
	const started = Date.now();
	for (let i = 0; i < 2000 || Date.now() - started < 5000; i++) {
		if (predicate()) return;
		await new Promise((resolve) => setImmediate(resolve));
	}
	throw new Error(`condition never held; output was:\n${describe()}`);
}

describe('plain renderer', () => {
	it('prints one line per status, no escape codes without colour', async () => {
		const out = sink();
		const clock = fakeClock();
		const ctx = testContext({clock, env: {DISPLAY: ':0'}});
		const slow: Step = {
			id: 'region',
			title: 'Probe regions',
			flags: [],
			async run(_ctx, io) {
				await io.task('Listing models in 12 regions', async () => clock.advance(1500));
				io.block('Regions', ['us-east-1  gpt-oss-120b', 'eu-west-1  gpt-oss-120b']);
				return {status: 'done', summary: 'us-east-1', answers: {region: 'us-east-1'}};
			},
		};
		const renderer = createPlainRenderer({output: out.stream, clock, color: false});
		const result = await runWizard({steps: [STEPS[0]!, slow, STEPS.at(-1)!], ctx, renderer, interactive: false});
		expect(result.exitCode).toBe(0);
		const text = out.text();
		expect(text).not.toMatch(/\u001B\[/);
		expect(text).toContain('[1/3] Check this machine');
		expect(text).toContain('[2/3] Probe regions\n  … Listing models in 12 regions\n  ✔ Listing models in 12 regions (1.5s)\n  Regions:\n    us-east-1  gpt-oss-120b');
		expect(text).toContain('✔ Probe regions — us-east-1');
		expect(text).toContain('    Region: us-east-1');
		expect(text).toContain('    Files: nothing was written.');
		expect(text.trimEnd().endsWith('Done.')).toBe(true);
	});

	it('in a terminal (--plain), lines fit its width by words, under the text they continue; URLs stay whole; a pipe gets them whole', async () => {
		const url = 'https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html';
		const note = `In-region: prompts are processed in us-east-1. US geo routing keeps them in US regions; see ${url} for what AWS says.`;
		const step: Step = {
			id: 'region',
			title: 'Region',
			flags: [],
			async run(_ctx, io) {
				io.note(note, 'info');
				return {status: 'done', summary: 'us-east-1'};
			},
		};
		for (const color of [false, true]) {
			const out = sink();
			Object.assign(out.stream, {isTTY: true, columns: 60});
			const clock = fakeClock();
			await runWizard({steps: [step], ctx: testContext({clock}), renderer: createPlainRenderer({output: out.stream, clock, color}), interactive: false});
			const lines = out.text().replace(/\u001B\[[0-9;]*m/g, '').split('\n');
			const start = lines.findIndex((l) => l.startsWith('  ℹ In-region'));
			const wrapped = lines.slice(start, lines.findIndex((l, i) => i > start && !l.startsWith('    ')));
			expect(wrapped.length, wrapped.join('\n')).toBeGreaterThan(2);
			// Continuation lines start under the text, after "  ℹ ".
			expect(wrapped.slice(1).every((l) => /^ {4}\S/.test(l)), wrapped.join('\n')).toBe(true);
			expect(wrapped.filter((l) => l.length > 60 && !l.includes(url))).toEqual([]);
			expect(wrapped.some((l) => l.trim() === url)).toBe(true);
			expect(wrapped.map((l) => l.trim()).join(' ')).toBe(`ℹ ${note}`);
		}
		const piped = sink();
		const clock = fakeClock();
		await runWizard({steps: [step], ctx: testContext({clock}), renderer: createPlainRenderer({output: piped.stream, clock, color: false}), interactive: false});
		expect(piped.text()).toContain(`  ℹ ${note}\n`);
	});

	it('shows a failure with its request id, and says when the error is unknown', async () => {
		const out = sink();
		const failing: Step = {
			id: 'model-access',
			title: 'Model access',
			flags: [],
			async run() {
				throw Object.assign(new Error('something odd'), {name: 'WeirdException', $metadata: {httpStatusCode: 500, requestId: 'abc-123'}});
			},
		};
		const renderer = createPlainRenderer({output: out.stream, clock: fakeClock(), color: false});
		const result = await runWizard({steps: [failing], ctx: testContext(), renderer, interactive: false});
		expect(result.exitCode).toBe(1);
		expect(out.text()).toContain('✖ Model access failed: something odd\n    Likely cause: This error is not in the troubleshooting table.\n    Fix:\n      Retry once; if it persists, send the message above and the AWS request id abc-123 to your AWS administrator.\n');
		expect(out.text()).toContain('    AWS request id: abc-123');
		const unknown = sink();
		const thrower: Step = {id: 'region', title: 'Region', flags: [], run: async () => { throw new Error('boom'); }};
		await runWizard({steps: [thrower], ctx: testContext(), renderer: createPlainRenderer({output: unknown.stream, clock: fakeClock(), color: false}), interactive: false});
		expect(unknown.text()).toContain('✖ Region failed: boom\n    Likely cause: This error is not in the troubleshooting table.');
	});

	it('Quit after a failure prints the one closing line, once', async () => {
		const out = sink();
		const renderer = createPlainRenderer({output: out.stream, clock: fakeClock(), color: false});
		const failing: Step = {id: 'region', title: 'Region', flags: [], run: async () => ({status: 'failed', failure: {code: 'aws.AccessDeniedException', message: 'denied'}})};
		// The driver asks "What now?" through the renderer: answer Quit without inquirer.
		const quitting = {...renderer, prompt: async () => 'quit'};
		const result = await runWizard({steps: [failing], ctx: testContext(), renderer: quitting, interactive: true});
		expect(result.exitCode).toBe(1);
		expect(out.text().split('Stopped at "Region". Nothing was written. Next: ')).toHaveLength(2);
	});

	it('asks through @inquirer/prompts: a select answered with arrow keys and Enter', async () => {
		const out = sink();
		const input = new PassThrough();
		const ask: Step = {
			id: 'region',
			title: 'Region',
			flags: [],
			async run(_ctx, io) {
				const region = await io.ask({
					kind: 'select',
					id: 'region',
					message: 'Which region?',
					flag: '--region',
					choices: [
						{value: 'us-east-1', label: 'us-east-1'},
						{value: 'eu-west-1', label: 'eu-west-1'},
					],
				});
				return {status: 'done', summary: region, answers: {region}};
			},
		};
		const renderer = createPlainRenderer({output: out.stream, input, clock: fakeClock(), color: false});
		const running = runWizard({steps: [ask], ctx: testContext(), renderer, interactive: true});
		await until(() => out.text().includes('Which region?'), out.text);
		input.write('\u001B[B');
		await until(() => /❯ eu-west-1/.test(out.text()), out.text);
		input.write('\r');
		const result = await running;
		expect(result.state.answers.region).toBe('eu-west-1');
	});

	it('maps an aborted prompt (Ctrl-C / SIGTERM) to cancel, exit 130', async () => {
		const out = sink();
		const input = new PassThrough();
		const ctx = testContext();
		const ask: Step = {
			id: 'region',
			title: 'Region',
			flags: [],
			run: async (_ctx, io) => ({status: 'done', summary: await io.ask({kind: 'text', id: 'x', message: 'Name?'})}),
		};
		const renderer = createPlainRenderer({output: out.stream, input, clock: fakeClock(), color: false, signal: ctx.signal});
		const running = runWizard({steps: [ask], ctx, renderer, interactive: true});
		await until(() => out.text().includes('Name?'), out.text);
		ctx.controller.abort();
		expect((await running).exitCode).toBe(130);
		expect(out.text()).toContain('Cancelled.');
	});

/** The Ink tests' scenarios (test/ui/ink.test.tsx), through the plain renderer: parity. */
describe('plain renderer: the same step tests as the Ink UI', () => {
	const ESC = '\u001B';
	const KEYS = {up: `${ESC}[A`, down: `${ESC}[B`, enter: '\r', escape: ESC, backspace: '\u007F'};

	function mount(steps: Step[]) {
		const out = sink();
		const input = new PassThrough();
		const ctx = testContext();
		const renderer = createPlainRenderer({output: out.stream, input, clock: fakeClock(), color: false, signal: ctx.signal});
		const result = runWizard({steps, ctx, renderer, interactive: true});
		// Each wait looks only at what came after the last key, so an old frame cannot satisfy it.
		let mark = 0;
		const since = () => out.text().slice(mark);
		const until = async (text: string | RegExp) => until_(() => (typeof text === 'string' ? since().includes(text) : text.test(since())), since);
		const press = async (key: string) => {
			await new Promise((resolve) => setImmediate(resolve));
			mark = out.text().length;
			input.write(key);
		};
		const type = async (text: string) => {
			for (const char of text) await press(char);
		};
		return {out, input, ctx, result, until, press, type, text: out.text};
	}
	const until_ = until;

	function selectStep(id: StepId, title: string): Step {
		return {
			id,
			title,
			flags: [],
			async run(_ctx, io) {
				const region = await io.ask({kind: 'select', id: 'region', message: 'Which region?', choices: [{value: 'us-east-1', label: 'us-east-1'}, {value: 'eu-west-1', label: 'eu-west-1', hint: 'in-region gpt-oss'}]});
				return {status: 'done', summary: `region ${region}`, answers: {region}};
			},
		};
	}
	const nameStep: Step = {
		id: 'sso-profile',
		title: 'Profile',
		flags: [],
		async run(_ctx, io) {
			const profile = await io.ask({kind: 'text', id: 'name', message: 'Profile name', validate: (v) => (v.includes(' ') ? 'No spaces, please.' : undefined)});
			return {status: 'done', summary: `profile ${profile}`, answers: {profile}};
		},
	};

	it('Down + Enter picks the second option; the step prints its summary line', async () => {
		const ui = mount([selectStep('region', 'Region'), nameStep]);
		await ui.until('Which region?');
		await ui.press(KEYS.down);
		await ui.until('❯ eu-west-1');
		await ui.press(KEYS.enter);
		await ui.until('✔ Region — region eu-west-1');
		await ui.until('Profile name');
		ui.ctx.controller.abort();
		await ui.result;
	});

	it('a text question shows the validation error until the answer is fixed; an empty answer takes the default', async () => {
		const withDefault: Step = {
			id: 'region',
			title: 'Session',
			flags: [],
			async run(_ctx, io) {
				const name = await io.ask({kind: 'text', id: 's', message: 'Session name', default: 'my-sso'});
				return {status: 'done', summary: `session ${name}`};
			},
		};
		const ui = mount([nameStep, withDefault]);
		await ui.until('Profile name');
		await ui.type('my profile');
		await ui.press(KEYS.enter);
		await ui.until('No spaces, please.');
		for (let i = 0; i < 'my profile'.length; i++) await ui.press(KEYS.backspace);
		await ui.type('dev');
		await ui.press(KEYS.enter);
		await ui.until('✔ Profile — profile dev');
		await ui.until('Session name');
		await ui.press(KEYS.enter);
		await ui.until('✔ Session — session my-sso');
		expect((await ui.result).state.answers.profile).toBe('dev');
	});

	it('Esc goes back to the previous step, which asks again', async () => {
		const ui = mount([selectStep('region', 'Region'), nameStep]);
		await ui.until('Which region?');
		await ui.press(KEYS.enter);
		await ui.until('Profile name');
		await ui.press(KEYS.escape);
		await ui.until('Which region?');
		await ui.press(KEYS.down);
		await ui.until('❯ eu-west-1');
		await ui.press(KEYS.enter);
		await ui.until('✔ Region — region eu-west-1');
		await ui.until('Profile name');
		await ui.type('dev');
		await ui.press(KEYS.enter);
		const {state, exitCode} = await ui.result;
		expect(exitCode).toBe(0);
		expect(state.answers).toMatchObject({region: 'eu-west-1', profile: 'dev'});
	});

	it('a failure prints the panel; Retry (the default) runs the step again', async () => {
		let attempts = 0;
		const flaky: Step = {
			id: 'model-access',
			title: 'Model access',
			flags: [],
			async run(_ctx, io) {
				attempts += 1;
				io.note(`attempt ${attempts}`, 'info');
				if (attempts === 1) throw new StepError({code: 'aws.ThrottlingException', message: 'Rate exceeded', requestId: 'req-42', hint: 'Wait a minute and retry.'});
				return {status: 'done', summary: 'granted'};
			},
		};
		const ui = mount([flaky]);
		await ui.until('What now?');
		expect(ui.text()).toContain('✖ Model access failed: Rate exceeded\n    Wait a minute and retry.\n    Likely cause: Bedrock throttled the account');
		expect(ui.text()).toContain('AWS request id: req-42');
		expect(ui.text()).toContain('❯ Retry this step');
		await ui.press(KEYS.enter);
		await ui.until('✔ Model access — granted');
		expect((await ui.result).exitCode).toBe(0);
		expect(attempts).toBe(2);
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
		await ui.until('Accept the terms?');
		await ui.press(KEYS.enter);
		await ui.until('Really?');
		await ui.press('n');
		await ui.press(KEYS.enter);
		await ui.until('✔ Codex config — true false false');
	});

	it('a long list (30 accounts): Enter takes the preselected default; typing filters', async () => {
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
		await ui.until('Account (type to filter)');
		await ui.until('❯ team-7');
		await ui.press(KEYS.enter);
		await ui.until('Again (type to filter)');
		await ui.type('team-2');
		await ui.until(/❯ team-2\b/);
		await ui.press('3');
		await ui.until('❯ team-23');
		await ui.press(KEYS.enter);
		await ui.until('✔ Account — 100000000007 100000000023');
	});

	it('no redrawing: each status on its own line, no carriage return or cursor movement, in colour too', async () => {
		for (const color of [false, true]) {
			const out = sink();
			const clock = fakeClock();
			const slow: Step = {
				id: 'region',
				title: 'Probe',
				flags: [],
				async run(_ctx, io) {
					await io.task('Listing models in 12 regions', async (_signal, setLabel) => {
						setLabel('Listing models (us-east-1 done)');
						clock.advance(2500);
					});
					await io.task('Failing', async () => {
						throw new StepError({code: 'x', message: 'nope'});
					}).catch(() => {});
					return {status: 'done', summary: 'probed'};
				},
			};
			await runWizard({steps: [slow], ctx: testContext({clock}), renderer: createPlainRenderer({output: out.stream, clock, color}), interactive: false});
			const text = out.text();
			expect(text).not.toContain('\r');
			// Only colour codes (SGR, ending in m), never cursor movement or erasing.
			expect(text.replace(/\u001B\[[0-9;]*m/g, '')).not.toContain(ESC);
			const lines = text.replace(/\u001B\[[0-9;]*m/g, '').split('\n');
			expect(lines).toContain('  … Listing models in 12 regions');
			expect(lines).toContain('  ✔ Listing models in 12 regions (2.5s)');
			expect(lines).toContain('  ✖ Failing (failed after 0.0s)');
		}
	});
});
});
