// The async loop that runs the step table through the pure reducer. A renderer (Ink, plain, or the
// silent one used with --yes and in tests) draws the state and answers questions; the driver decides
// which questions it even needs to ask: a flag answers first, then --yes takes the default.
import type {Context} from './context.js';
import {tildify} from './context.js';
import {BackSignal, CancelledError, StepError, UsageError, toFailure} from './errors.js';
import {exitCodeFor, initialState, reduce, type WizardEvent, type WizardState} from './reducer.js';
import {redact} from './redact.js';
import {explain} from './troubleshoot/explain.js';
import type {Answers, Question, SelectQuestion, Step, StepFailure, StepId, StepIO, StepOutcome, Tone} from './types.js';

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
	/**
	 * A re-run starts from what doctor finds (core/resume.ts): once the preflight step is done, the steps
	 * whose checks pass are marked done and the run goes on at the first that needs work. On by default;
	 * doctor --fix, which runs steps of its own choosing, turns it off.
	 */
	resume?: boolean;
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

/** Questions whose answer names one of the user's values, for the fix text of a failure in the same step. */
const ANSWER_OF_QUESTION: Readonly<Record<string, keyof Answers>> = {
	profile: 'profile',
	'profile-name': 'profile',
	'sso-session': 'ssoSession',
	'start-url': 'startUrl',
	'sso-region': 'ssoRegion',
	'account-id': 'accountId',
	'role-name': 'roleName',
	region: 'region',
	model: 'model',
	'codex-profile': 'codexProfile',
};

/**
 * Steps whose failure the rest of the run can go on without. The others give later steps what they
 * need (a profile, a region, a model, Codex's config): skipping one only moved the failure two steps on.
 */
export const SKIPPABLE: ReadonlySet<StepId> = new Set(['test-prompt']);

/** The one line a run stopped by Quit ends with: where it stopped, what was written, what to run next. */
export function closingLine(state: WizardState, home: string): string {
	const step = state.steps[state.current];
	const written = state.files.filter((file) => file.action === 'created' || file.action === 'updated').map((file) => tildify(file.path, home));
	const what = written.length ? `Written: ${written.join(', ')}` : 'Nothing was written';
	return `Stopped at "${step?.title ?? 'the wizard'}". ${what}. Next: apply the fix above, then run npx codex-bedrock-setup again: it goes on from the first step that needs work.`;
}

function failureQuestion(state: WizardState, failure: StepFailure, steps: Step[]): SelectQuestion {
	const choices = [{value: 'retry', label: 'Retry this step'}];
	if (failure.fixStep && failure.fixStep !== steps[state.current]?.id) {
		const target = steps.find((s) => s.id === failure.fixStep);
		if (target) choices.push({value: `goto:${target.id}`, label: `Go to "${target.title}" to fix it`});
	}
	if (state.current > 0) choices.push({value: 'back', label: 'Back to the previous step'});
	// Skip only where the rest can go on without this step's answers (see SKIPPABLE).
	const id = steps[state.current]?.id;
	if (id && SKIPPABLE.has(id)) choices.push({value: 'skip', label: 'Skip this step'});
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

/** The preflight step's outcome with what a re-run found set up (answers prefilled, steps passed over). */
async function withResume(ctx: Context, io: StepIO, steps: Step[], outcome: Extract<StepOutcome, {status: 'done'}>): Promise<StepOutcome> {
	const {resumeFromDoctor} = await import('./resume.js');
	const found = await resumeFromDoctor(ctx, io, steps).catch((error: unknown) => {
		// The check is a convenience: if it cannot run, the wizard simply walks every step.
		if (ctx.signal.aborted) throw error;
		io.note(`Could not check the current setup (${toFailure(error).message}); going through every step.`, 'warning');
		return undefined;
	});
	if (!found) return outcome;
	return {...outcome, answers: {...outcome.answers, ...found.answers}, resume: found.done};
}

export async function runWizard(options: RunOptions): Promise<RunResult> {
	const {steps, ctx, renderer, interactive} = options;
	let state = initialState(steps, options.answers);
	let usageError = false;
	/** Whether the running step has asked the user anything (a flag's answer does not count). */
	let asked = false;
	/** What the running step was told so far (its answers are not in the state until it is done). */
	let given: Partial<Answers> = {};
	const dispatch = (event: WizardEvent) => {
		state = reduce(state, event);
		renderer.update(state);
	};

	const ioFor = (step: StepId): StepIO => {
		async function ask(question: Question): Promise<string | boolean> {
			if (ctx.signal.aborted) throw new CancelledError();
			const fromFlag = answerFromFlag(question, ctx.flags);
			const answer = fromFlag ?? (interactive ? ((asked = true), await renderer.prompt(question, step)) : answerWithoutAsking(question));
			const key = ANSWER_OF_QUESTION[question.id];
			if (key && typeof answer === 'string' && answer && !answer.startsWith('__')) (given as Record<string, string>)[key] = answer;
			return answer;
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

	// Esc (or the failure menu's Back) went back to this step. A step entered that way that completes
	// without asking anything (it needs no answer, or its flags gave them) is passed over backwards, so
	// Back always reaches the step before it, instead of bouncing forward again.
	let enteredBack = false;
	let resumed = options.resume === false;
	dispatch({type: 'start'});
	while (state.phase === 'running' || state.phase === 'failed') {
		const step = steps[state.current];
		if (!step) break;
		if (state.phase === 'running') {
			const io = ioFor(step.id);
			try {
				asked = false;
				given = {};
				let outcome = await untilAborted(step.run(ctx, io, state.answers, {files: state.files, steps: state.steps, ...(enteredBack ? {revisit: true} : {})}), ctx.signal);
				if (ctx.signal.aborted) throw new CancelledError();
				if (step.id === 'preflight' && outcome.status === 'done' && !resumed) {
					resumed = true;
					outcome = await untilAborted(withResume(ctx, io, steps, outcome), ctx.signal);
				}
				const index = state.current;
				if (enteredBack && !asked && outcome.status === 'done' && index > 0) {
					// Record what it found, then keep going back.
					state = reduce(reduce(state, {type: 'outcome', outcome}), {type: 'goto', step: steps[index - 1]!.id});
					renderer.update(state);
					continue;
				}
				enteredBack = false;
				dispatch({type: 'outcome', outcome});
			} catch (error) {
				if (error instanceof BackSignal) {
					enteredBack = true;
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
				// The fix names what the user gave this step before it failed, too (the profile being signed in).
				const told = Object.keys(given).length ? {...after.failure, context: {...given, ...after.failure.context}} : after.failure;
				state = {...after, failure: diagnose(told, step.id, after.answers, ctx.flags)};
			}
			continue;
		}
		// phase === 'failed'
		const failure = state.failure ?? {code: 'unknown', message: 'The step failed.'};
		renderer.failure(step.id, failure);
		if (!interactive) break;
		try {
			const choice = String(await renderer.prompt(failureQuestion(state, failure, steps), step.id));
			enteredBack = choice === 'back';
			if (choice === 'retry') dispatch({type: 'retry'});
			else if (choice === 'back') dispatch({type: 'back'});
			else if (choice === 'skip') dispatch({type: 'skip'});
			else if (choice.startsWith('goto:')) dispatch({type: 'goto', step: choice.slice(5) as StepId});
			else {
				dispatch({type: 'quit', closing: closingLine(state, ctx.paths.home)});
				break;
			}
		} catch (error) {
			if (error instanceof BackSignal) {
				enteredBack = true;
				dispatch({type: 'back'});
			} else {
				dispatch({type: 'cancel'});
			}
		}
	}
	return {state, exitCode: usageError ? 2 : exitCodeFor(state)};
}

