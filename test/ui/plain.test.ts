import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {runWizard} from '../../source/core/driver.js';
import {STEPS} from '../../source/core/steps/index.js';
import type {Step} from '../../source/core/types.js';
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
});
