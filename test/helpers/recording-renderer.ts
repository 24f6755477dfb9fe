// A renderer for driver tests: records everything and answers questions from a script.
import type {Renderer} from '../../source/core/driver.js';
import type {WizardState} from '../../source/core/reducer.js';
import type {Question, StepFailure, StepId, Tone} from '../../source/core/types.js';

export type ScriptedAnswer = string | boolean | Error | ((question: Question) => string | boolean | Error);

export interface RecordingRenderer extends Renderer {
	states: WizardState[];
	asked: Question[];
	notes: Array<{step: StepId; message: string; tone: Tone}>;
	blocks: Array<{step: StepId; title: string; lines: string[]}>;
	failures: Array<{step: StepId; failure: StepFailure}>;
	tasks: string[];
}

export function recordingRenderer(script: ScriptedAnswer[] = []): RecordingRenderer {
	const answers = [...script];
	const renderer: RecordingRenderer = {
		states: [],
		asked: [],
		notes: [],
		blocks: [],
		failures: [],
		tasks: [],
		update(state) {
			renderer.states.push(state);
		},
		async prompt(question) {
			renderer.asked.push(question);
			const next = answers.shift();
			if (next === undefined) throw new Error(`No scripted answer for "${question.message}"`);
			const value = typeof next === 'function' ? next(question) : next;
			if (value instanceof Error) throw value;
			return value;
		},
		async task(_step, label, work) {
			renderer.tasks.push(label);
			return work();
		},
		note(step, message, tone) {
			renderer.notes.push({step, message, tone});
		},
		block(step, title, lines) {
			renderer.blocks.push({step, title, lines});
		},
		failure(step, failure) {
			renderer.failures.push({step, failure});
		},
	};
	return renderer;
}
