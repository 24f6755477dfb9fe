// The async loop that runs the step table through the pure reducer. A renderer (Ink, plain, or the
// silent one used with --yes and in tests) draws the state and answers questions; the driver decides
// which questions it even needs to ask: a flag answers first, then --yes takes the default.
import type {Context} from './context.js';
import {BackSignal, CancelledError, StepError, UsageError, toFailure} from './errors.js';
import {exitCodeFor, initialState, reduce, type WizardEvent, type WizardState} from './reducer.js';
import {redact} from './redact.js';
import {explain} from './troubleshoot/explain.js';
import type {Answers, Question, SelectQuestion, Step, StepFailure, StepId, StepIO, Tone} from './types.js';

/** What a user interface provides to the driver. */
export interface Renderer {
	/** Called with every new state. */
	update(state: WizardState): void;
	/** Ask the user. Reject with BackSignal (Esc) or CancelledError (Ctrl-C). */
	prompt(question: Question, step: StepId): Promise<string | boolean>;
	/**
	 * Show a spinner with elapsed time while `work` runs. A renderer that can redraw passes `work` a
	 * function to change the label; one that cannot (plain lines) may call work() with nothing.
	 */
	task<T>(step: StepId, label: string, work: (setLabel?: (label: string) => void) => Promise<T>): Promise<T>;
	note(step: StepId, message: string, tone: Tone): void;
	block(step: StepId, title: string, lines: string[]): void;
	/** Show the failure (step, one-line error, cause and fix). */
	failure(step: StepId, failure: StepFailure): void;
}

export interface RunOptions {
	steps: Step[];
	ctx: Context;
	renderer: Renderer;
	/** False with --yes or without a terminal: nothing is ever asked. */
	interactive: boolean;
	answers?: Answers;
}

export interface RunResult {
	state: WizardState;
	/** 0 done, 1 a step failed, 2 usage (a missing answer under --yes), 130 cancelled. */
	exitCode: 0 | 1 | 2 | 130;
}

function flagKey(flag: string): string {
	return flag.replace(/^--/, '');
}

/**
 * Answer a question from its flag, if the flag was given. A bad value is a usage error naming the flag
 * and the accepted values.
 */
export function answerFromFlag(question: Question, flags: Context['flags']): string | boolean | undefined {
	if (!question.flag) return undefined;
	const value = flags[flagKey(question.flag)];
	if (value === undefined) return undefined;
	if (question.kind === 'confirm') return Boolean(value);
	const text = String(value);
	if (question.kind === 'select') {
		const choice = question.choices.find((c) => c.value === text) ?? question.choices.find((c) => c.value.toLowerCase() === text.toLowerCase());
		if (!choice) {
			const accepted = question.choices.map((c) => c.value);
			const list = accepted.length > 12 ? `${accepted.slice(0, 12).join(', ')}, ...` : accepted.join(', ');
			throw new UsageError(`${question.flag} ${text}: not one of the choices (${list || 'none available'}).`);
		}
		return choice.value;
	}
	const problem = question.validate?.(text);
	if (problem) throw new UsageError(`${question.flag} ${text}: ${problem}`);
	return text;
}

/** Attach the rule table's diagnosis; its fix step is offered unless the step named its own. */
export function diagnose(failure: StepFailure, step: StepId, answers: Answers, flags: Context['flags'] = {}): StepFailure {
	// The fix names the user's own values: what the steps chose, else what the flags say, else what the
	// failing step was working on.
	const fromFlags: Answers = {};
	for (const [key, flag] of [['profile', 'profile'], ['region', 'region'], ['model', 'model'], ['codexProfile', 'codex-profile']] as const) {
		if (typeof flags[flag] === 'string') fromFlags[key] = flags[flag] as string;
	}
	const diagnosis = explain(failure, step, {...fromFlags, ...failure.context, ...answers});
	const fixStep = failure.fixStep ?? (diagnosis.fixStep && diagnosis.fixStep !== step ? diagnosis.fixStep : undefined);
	return {...failure, diagnosis, ...(fixStep ? {fixStep} : {})};
}

/** Without a terminal or with --yes: the default, or a usage error naming the flag to pass. */
export function answerWithoutAsking(question: Question): string | boolean {
	if (question.kind === 'confirm') {
		if (question.explicit) throw new UsageError(`"${question.message}" needs an explicit yes: pass ${question.flag ?? 'the answer in a terminal'}.`);
		return question.unattended ?? true; // --yes means yes, unless the question says otherwise
	}
	if (question.default !== undefined && question.default !== '') {
		if (question.kind === 'text') {
			const problem = question.validate?.(question.default);
			if (problem) throw new UsageError(`${question.message}: the default "${question.default}" is not valid (${problem}); pass ${question.flag ?? 'a value'}.`);
		}
		return question.default;
	}
	if (question.kind === 'select' && question.choices.length === 1 && question.choices[0]) return question.choices[0].value;
	const how = question.flag ? `pass ${question.flag}` : 'run it in a terminal';
	throw new UsageError(`No answer for "${question.message}" without asking: ${how}.`);
}

function failureQuestion(state: WizardState, failure: StepFailure, steps: Step[]): SelectQuestion {
	const choices = [{value: 'retry', label: 'Retry this step'}];
	if (failure.fixStep && failure.fixStep !== steps[state.current]?.id) {
		const target = steps.find((s) => s.id === failure.fixStep);
		if (target) choices.push({value: `goto:${target.id}`, label: `Go to "${target.title}" to fix it`});
	}
	if (state.current > 0) choices.push({value: 'back', label: 'Back to the previous step'});
	if (steps[state.current]?.id !== 'preflight') choices.push({value: 'skip', label: 'Skip this step'});
	choices.push({value: 'quit', label: 'Quit (files stay as they are now)'});
	return {kind: 'select', id: 'after-failure', message: 'What now?', choices, default: 'retry'};
}

/**
 * Resolve with the promise, or reject with CancelledError as soon as the signal aborts: Ctrl-C never
 * waits for a call that ignores the signal. Writes are atomic (temp file + rename), so a write still
 * running in the background leaves either the old or the new file, never a torn one.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	if (signal.aborted) return Promise.reject(new CancelledError());
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(new CancelledError());
		signal.addEventListener('abort', onAbort, {once: true});
		promise.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

export async function runWizard(options: RunOptions): Promise<RunResult> {
	const {steps, ctx, renderer, interactive} = options;
	let state = initialState(steps, options.answers);
	let usageError = false;
	const dispatch = (event: WizardEvent) => {
		state = reduce(state, event);
		renderer.update(state);
	};

	const ioFor = (step: StepId): StepIO => {
		async function ask(question: Question): Promise<string | boolean> {
			if (ctx.signal.aborted) throw new CancelledError();
			const fromFlag = answerFromFlag(question, ctx.flags);
			if (fromFlag !== undefined) return fromFlag;
			if (!interactive) return answerWithoutAsking(question);
			return renderer.prompt(question, step);
		}
		return {
			ask: ask as StepIO['ask'],
			task: <T>(label: string, work: (signal: AbortSignal, setLabel: (label: string) => void) => Promise<T>) => {
				if (ctx.signal.aborted) return Promise.reject(new CancelledError());
				return renderer.task(step, redact(label), (setLabel) => work(ctx.signal, (next) => setLabel?.(redact(next))));
			},
			note: (message, tone = 'info') => renderer.note(step, redact(message), tone),
			block: (title, lines) => renderer.block(step, redact(title), lines.map(redact)),
		};
	};

	dispatch({type: 'start'});
	while (state.phase === 'running' || state.phase === 'failed') {
		const step = steps[state.current];
		if (!step) break;
		if (state.phase === 'running') {
			try {
				const outcome = await untilAborted(step.run(ctx, ioFor(step.id), state.answers, {files: state.files, steps: state.steps}), ctx.signal);
				if (ctx.signal.aborted) throw new CancelledError();
				dispatch({type: 'outcome', outcome});
			} catch (error) {
				if (error instanceof BackSignal) {
					dispatch({type: 'back'});
				} else if (error instanceof CancelledError || ctx.signal.aborted) {
					dispatch({type: 'cancel'});
				} else if (error instanceof UsageError) {
					usageError = true;
					dispatch({type: 'outcome', outcome: {status: 'failed', failure: {code: 'usage.missing-answer', message: error.message}}});
					break;
				} else {
					// DEBUG=1 shows where an unexpected error came from (redacted like everything else).
					if (ctx.env['DEBUG'] && !(error instanceof StepError) && error instanceof Error && error.stack) renderer.block(step.id, 'Debug', error.stack.split('\n').map(redact));
					dispatch({type: 'outcome', outcome: {status: 'failed', failure: error instanceof StepError ? error.failure : toFailure(error)}});
				}
			}
			// A failure gets its troubleshooting rule: cause, fix with the user's values, the step that fixes it.
			const after = state as WizardState;
			if (after.phase === 'failed' && after.failure && !after.failure.diagnosis && !after.failure.code.startsWith('usage.')) {
				state = {...after, failure: diagnose(after.failure, step.id, after.answers, ctx.flags)};
			}
			continue;
		}
		// phase === 'failed'
		const failure = state.failure ?? {code: 'unknown', message: 'The step failed.'};
		renderer.failure(step.id, failure);
		if (!interactive) break;
		try {
			// SIGTERM or SIGHUP in the failure menu: the signal ends the menu too (not only a key press).
			const choice = String(await untilAborted(renderer.prompt(failureQuestion(state, failure, steps), step.id), ctx.signal));
			if (choice === 'retry') dispatch({type: 'retry'});
			else if (choice === 'back') dispatch({type: 'back'});
			else if (choice === 'skip') dispatch({type: 'skip'});
			else if (choice.startsWith('goto:')) dispatch({type: 'goto', step: choice.slice(5) as StepId});
			else break;
		} catch (error) {
			if (error instanceof BackSignal) dispatch({type: 'back'});
			else {
				dispatch({type: 'cancel'});
			}
		}
	}
	return {state, exitCode: usageError ? 2 : exitCodeFor(state)};
}

