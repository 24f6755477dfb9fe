// The async loop that runs the step table through the pure reducer. A renderer (Ink, plain, or the
// silent one used with --yes and in tests) draws the state and answers questions; the driver decides
// which questions it even needs to ask: a flag answers first, then --yes takes the default.
import {setMaxListeners} from 'node:events';
import {existsSync} from 'node:fs';
import type {Context} from './context.js';
import {tildify} from './context.js';
import {BackSignal, CancelledError, StepError, UsageError, toFailure} from './errors.js';
import {exitCodeFor, initialState, reduce, type WizardEvent, type WizardState} from './reducer.js';
import {redact} from './redact.js';
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

/**
 * Attach the rule table's diagnosis; its fix step is offered unless the step named its own. The table
 * (about 30 kB) loads at the first failure, not with the driver: a run that fails nowhere never needs it,
 * and the first question comes that much sooner (npm run bench: the first interactive frame).
 */
export async function diagnose(failure: StepFailure, step: StepId, answers: Answers, flags: Context['flags'] = {}): Promise<StepFailure> {
	const {explain} = await import('./troubleshoot/explain.js');
	// The fix names the user's own values: what the steps chose, else what the flags say, else what the
	// failing step was working on.
	const fromFlags: Answers = {};
	for (const [key, flag] of [['profile', 'profile'], ['region', 'region'], ['model', 'model'], ['codexProfile', 'codex-profile']] as const) {
		if (typeof flags[flag] === 'string') fromFlags[key] = flags[flag] as string;
	}
	// The region step's failure is about the region it was checking, not the profile's region already in the answers.
	const values = step === 'region' ? {...fromFlags, ...answers, ...failure.context} : {...fromFlags, ...failure.context, ...answers};
	const diagnosis = explain(failure, step, values);
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

/**
 * AWS rejected credentials that look fine locally (a cached token that is valid but revoked, a session
 * ended early): the failure menu then offers a fresh sign-in, which ignores the cached token.
 */
export function rejectedCredentials(failure: StepFailure): boolean {
	if (failure.code.startsWith('usage.') || failure.code.startsWith('user.')) return false;
	if (failure.httpStatus === 401) return true;
	const text = `${failure.code} ${failure.errorName ?? ''}`;
	return /ExpiredToken|UnrecognizedClient|InvalidClientTokenId|Unauthorized|CredentialsProviderError|TokenProviderError|invalid_grant|InvalidGrant|expired/i.test(text);
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
 * Steps whose failure the rest of the run can go on without: the test prompt (the summary then says the
 * setup is unproven) and the summary itself (nothing comes after it). The others give later steps what
 * they need (a profile, a region, a model, Codex's config): skipping one only moved the failure on.
 */
export const SKIPPABLE: ReadonlySet<StepId> = new Set(['test-prompt', 'summary']);

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
	// Only for the wizard's own SSO profiles: a credential_process or role profile is renewed by its own tool.
	if (rejectedCredentials(failure) && steps.some((s) => s.id === 'sso-profile') && (!state.answers.credentialSource || state.answers.credentialSource === 'sso')) {
		choices.push({value: 'fresh-sign-in', label: 'Sign in again (ignore the cached sign-in: AWS rejected it)'});
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
	// A first run (no AWS or Codex config yet) has nothing to resume: doctor's code is not even loaded, so
	// the first question comes sooner.
	if (!existsSync(ctx.paths.awsConfig) && !existsSync(ctx.paths.codexConfig)) return outcome;
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
				// The renderer may give up on a wait (Esc: it rejects with BackSignal); the work is then stopped too.
				const stop = new AbortController();
				const signal = AbortSignal.any([ctx.signal, stop.signal]);
				// A task may make dozens of calls at once (the region probe), each listening on it.
				setMaxListeners(0, signal);
				return renderer.task(step, redact(label), (setLabel) => work(signal, (next) => setLabel?.(redact(next)))).catch((error: unknown) => {
					stop.abort(error);
					throw error;
				});
			},
			note: (message, tone = 'info') => renderer.note(step, redact(message), tone),
			block: (title, lines) => renderer.block(step, redact(title), lines.map(redact)),
		};
	};

	/**
	 * Let the steps after `from` start what they can already (Step.prefetch) while the user reads. `early`:
	 * the running step calls it (WizardView.prefetch) once what later steps need is proven, before it ends;
	 * it then counts as done for them.
	 */
	const prefetchAfter = (now: WizardState, from = now.current, early?: Partial<Answers>) => {
		const answers = early ? {...now.answers, ...early} : now.answers;
		const view = early ? now.steps.map((s, i) => (i === from - 1 ? {...s, status: 'done' as const} : s)) : now.steps;
		for (const later of steps.slice(from)) {
			try {
				later.prefetch?.(ctx, answers, {files: now.files, steps: view});
			} catch {
				// A prefetch is only a head start: the step does the work itself when it runs.
			}
		}
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
				const running = state.current;
				const prefetch = (early: Partial<Answers>) => prefetchAfter(state, running + 1, early);
				let outcome = await untilAborted(step.run(ctx, io, state.answers, {files: state.files, steps: state.steps, prefetch, ...(enteredBack ? {revisit: true} : {})}), ctx.signal);
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
				if (outcome.status !== 'failed') prefetchAfter(state);
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
				state = {...after, failure: await diagnose(told, step.id, after.answers, ctx.flags)};
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
			enteredBack = choice === 'back';
			if (choice === 'retry') dispatch({type: 'retry'});
			else if (choice === 'back') dispatch({type: 'back'});
			else if (choice === 'skip') dispatch({type: 'skip'});
			else if (choice.startsWith('goto:')) dispatch({type: 'goto', step: choice.slice(5) as StepId});
			else if (choice === 'fresh-sign-in') {
				// The SSO step signs in anew (its cached token is not reused), then the run goes on from there.
				ctx.freshSignIn = true;
				dispatch(steps[state.current]?.id === 'sso-profile' ? {type: 'retry'} : {type: 'goto', step: 'sso-profile'});
			} else {
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

