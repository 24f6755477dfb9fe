// The plain, line-by-line renderer: no redrawing, one status per line, so screen readers, recorded
// sessions, CI logs and `--yes` runs read well. In a terminal its lines are wrapped by words at the
// terminal's width (a terminal's own wrap splits words); a log or a pipe gets each line whole. Questions go through @inquirer/prompts, loaded only
// when something is actually asked.
import {Writable} from 'node:stream';
import type {Clock} from '../../core/context.js';
import type {Renderer} from '../../core/driver.js';
import {BackSignal, CancelledError} from '../../core/errors.js';
import type {StepState, WizardState} from '../../core/reducer.js';
import type {Question, StepFailure, StepId, Tone} from '../../core/types.js';
import {fitFor} from '../wrap.js';

export interface PlainOptions {
	output: Writable;
	clock: Clock;
	color: boolean;
	/** Where inquirer reads keys from (default process.stdin). */
	input?: NodeJS.ReadableStream;
	/** Aborting it cancels a prompt that is showing (Ctrl-C outside the prompt, SIGTERM). */
	signal?: AbortSignal;
	demo?: {scenario: string};
}

/** More choices than this: a search prompt (type to filter) instead of a plain select. */
const SEARCH_FROM = 10;

const ICONS: Record<Tone, string> = {info: 'ℹ', success: '✔', warning: '⚠', error: '✖'};
const COLOURS: Record<Tone, number> = {info: 36, success: 32, warning: 33, error: 31};

export function createPlainRenderer(options: PlainOptions): Renderer {
	const {output, clock, color} = options;
	const paint = (code: number, text: string) => (color ? `\u001B[${code}m${text}\u001B[39m` : text);
	const dim = (text: string) => (color ? `\u001B[2m${text}\u001B[22m` : text);
	// In a terminal (--plain), lines fit its width, by words; a log or a pipe gets each line whole.
	const fit = fitFor(output);
	const line = (text = '') => output.write(`${fit(text)}\n`);
	const icon = (tone: Tone) => paint(COLOURS[tone], ICONS[tone]);
	// inquirer ends a non-TTY stream it is given when a prompt closes (a terminal it leaves open, and
	// needs as is for its width): give it a view of ours that it cannot end.
	// A fresh view per prompt: one it has ended takes no more writes.
	const promptOutput = () =>
		(output as NodeJS.WriteStream).isTTY
			? output
			: new Writable({
					write(chunk, _encoding, callback) {
						output.write(chunk, callback);
					},
				});
	let previous: StepState[] = [];
	let titles = new Map<StepId, string>();
	let headerShown = false;
	let closed = false;

	return {
		update(state: WizardState) {
			if (!headerShown) {
				headerShown = true;
				line('codex-bedrock-setup: set up Codex on Amazon Bedrock');
				if (options.demo) line(`DEMO (scenario "${options.demo.scenario}"): simulated AWS, throwaway home directory; nothing real is touched.`);
			}
			titles = new Map(state.steps.map((step) => [step.id, step.title]));
			state.steps.forEach((step, index) => {
				const before = previous[index]?.status;
				if (step.status === before) return;
				if (step.status === 'running') {
					line();
					line(`[${index + 1}/${state.steps.length}] ${step.title}`);
				} else if (step.status === 'done') line(`${icon('success')} ${step.title}${step.summary ? dim(` — ${step.summary}`) : ''}`);
				else if (step.status === 'skipped') line(`↷ ${step.title} — skipped`);
			});
			if (state.phase === 'finished') {
				line();
				line('Done.');
			} else if (state.phase === 'cancelled') {
				line();
				line('Cancelled. Files stay as they were before the step that was running.');
			} else if (state.closing && !closed) {
				closed = true;
				line();
				line(state.closing);
			}
			previous = state.steps;
		},

		async prompt(question: Question): Promise<string | boolean> {
			const inquirer = await import('@inquirer/prompts');
			// Esc goes back a step, as in the Ink UI: inquirer has no such key, so a keypress listener on
			// the input aborts the prompt and the abort is turned into BackSignal.
			const input = (options.input ?? process.stdin) as NodeJS.ReadableStream & NodeJS.EventEmitter;
			const back = new AbortController();
			const onKey = (_text: unknown, key: {name?: string} | undefined) => {
				if (key?.name === 'escape') back.abort();
			};
			input.on('keypress', onKey);
			const signal = options.signal ? AbortSignal.any([options.signal, back.signal]) : back.signal;
			const context = {input: options.input, output: promptOutput(), signal};
			try {
				if (question.kind === 'select') {
					const choices = question.choices.map((c) => ({value: c.value, name: c.label, description: c.hint}));
					if (choices.length > SEARCH_FROM) {
						// A long list (accounts, models): type to filter, arrows to move, Enter to pick. The
						// default comes first, so Enter alone takes it.
						const ordered = question.default === undefined ? choices : [...choices.filter((c) => c.value === question.default), ...choices.filter((c) => c.value !== question.default)];
						return await inquirer.search(
							{
								message: `${question.message} (type to filter)`,
								source: (term) => {
									const wanted = (term ?? '').trim().toLowerCase();
									return wanted ? ordered.filter((c) => `${c.name} ${c.value} ${c.description ?? ''}`.toLowerCase().includes(wanted)) : ordered;
								},
								pageSize: 10,
							},
							context,
						);
					}
					return await inquirer.select({message: question.message, choices, default: question.default, pageSize: 10, loop: false}, context);
				}
				if (question.kind === 'text') {
					return await inquirer.input(
						{message: question.message, default: question.default, validate: (value: string) => question.validate?.(value) ?? true},
						context,
					);
				}
				return await inquirer.confirm({message: question.message, default: question.default}, context);
			} catch (error) {
				const name = (error as Error).name;
				if (back.signal.aborted && !options.signal?.aborted) throw new BackSignal();
				// inquirer's ExitPromptError is Ctrl-C; AbortPromptError is our signal (SIGTERM, Ctrl-C elsewhere).
				if (name === 'ExitPromptError' || name === 'AbortPromptError') throw new CancelledError();
				throw error;
			} finally {
				input.off('keypress', onKey);
			}
		},

		async task<T>(_step: StepId, label: string, work: () => Promise<T>): Promise<T> {
			const started = clock.now();
			const seconds = () => `${((clock.now() - started) / 1000).toFixed(1)}s`;
			line(`  … ${label}`);
			try {
				const result = await work();
				line(`  ${icon('success')} ${label} ${dim(`(${seconds()})`)}`);
				return result;
			} catch (error) {
				line(`  ${icon('error')} ${label} ${dim(`(failed after ${seconds()})`)}`);
				throw error;
			}
		},

		note(_step: StepId, message: string, tone: Tone) {
			line(`  ${icon(tone)} ${message}`);
		},

		block(_step: StepId, title: string, lines: string[]) {
			line(`  ${title}:`);
			for (const text of lines) line(`    ${text}`);
		},

		failure(step: StepId, failure: StepFailure) {
			line(`${icon('error')} ${titles.get(step) ?? step} failed: ${failure.message}`);
			if (failure.hint) line(`    ${failure.hint}`);
			if (failure.diagnosis) {
				line(`    Likely cause: ${failure.diagnosis.cause}`);
				line('    Fix:');
				for (const fix of failure.diagnosis.fix) line(`      ${fix}`);
				line(dim(`    Rule ${failure.diagnosis.ruleId} · ${failure.diagnosis.source}`));
			}
			if (failure.requestId) line(dim(`    AWS request id: ${failure.requestId}`));
		},
	};
}
