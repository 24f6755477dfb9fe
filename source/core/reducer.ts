// The wizard as a pure state machine over an ordered table of steps. The driver (driver.ts) feeds it
// events as steps finish; renderers only draw the state. Tested without any rendering.
import type {Answers, StepFailure, StepId, StepOutcome, WrittenFile} from './types.js';

export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface StepState {
	id: StepId;
	title: string;
	status: StepStatus;
	/** One line shown when the step is collapsed (done or skipped). */
	summary?: string;
}

export type Phase = 'running' | 'failed' | 'finished' | 'cancelled';

export interface WizardState {
	steps: StepState[];
	/** Index of the current step (steps.length once finished). */
	current: number;
	phase: Phase;
	answers: Answers;
	failure?: StepFailure;
	/** Files written by any step, in order, latest entry per path. */
	files: WrittenFile[];
	/** Quit after a failure: the one closing line (what was written, what to run next). Phase stays failed. */
	closing?: string;
}

export type WizardEvent =
	| {type: 'start'}
	| {type: 'outcome'; outcome: StepOutcome}
	| {type: 'back'}
	| {type: 'retry'}
	| {type: 'skip'}
	| {type: 'goto'; step: StepId}
	| {type: 'cancel'}
	| {type: 'quit'; closing: string};

export function initialState(steps: ReadonlyArray<{id: StepId; title: string}>, answers: Answers = {}): WizardState {
	return {
		steps: steps.map((step) => ({id: step.id, title: step.title, status: 'pending'})),
		current: 0,
		phase: 'running',
		answers,
		files: [],
	};
}

function withStep(state: WizardState, index: number, patch: Partial<StepState>): StepState[] {
	return state.steps.map((step, i) => (i === index ? {...step, ...patch} : step));
}

function mergeFiles(existing: WrittenFile[], added: WrittenFile[] | undefined): WrittenFile[] {
	if (!added?.length) return existing;
	const paths = new Set(added.map((file) => file.path));
	return [...existing.filter((file) => !paths.has(file.path)), ...added];
}

/** Move to step `index` and mark it running; past the end means finished. */
function enter(state: WizardState, index: number): WizardState {
	if (index >= state.steps.length) {
		return {...state, current: state.steps.length, phase: 'finished', failure: undefined};
	}
	return {
		...state,
		current: index,
		phase: 'running',
		failure: undefined,
		steps: withStep(state, index, {status: 'running'}),
	};
}

function assertNever(value: never): never {
	throw new Error(`Unhandled wizard event: ${JSON.stringify(value)}`);
}

export function reduce(state: WizardState, event: WizardEvent): WizardState {
	// A finished or cancelled wizard ignores everything: late events from a slow step cannot revive it.
	if (state.phase === 'finished' || state.phase === 'cancelled') return state;
	switch (event.type) {
		case 'start':
			return enter(state, state.current);
		case 'outcome': {
			if (state.phase !== 'running') return state;
			const {outcome} = event;
			if (outcome.status === 'failed') {
				return {
					...state,
					phase: 'failed',
					failure: outcome.failure,
					steps: withStep(state, state.current, {status: 'failed'}),
				};
			}
			const next: WizardState = {
				...state,
				answers: outcome.status === 'done' ? {...state.answers, ...outcome.answers} : state.answers,
				files: outcome.status === 'done' ? mergeFiles(state.files, outcome.files) : state.files,
				steps: withStep(state, state.current, {status: outcome.status, summary: outcome.summary}),
			};
			const resume = outcome.status === 'done' ? (outcome.resume ?? []) : [];
			if (resume.length === 0) return enter(next, state.current + 1);
			// A re-run: later steps found set up are marked done and passed over, up to the first that is not.
			const found = new Map(resume.map((entry) => [entry.id, entry.summary]));
			let target = state.current + 1;
			const steps = next.steps.map((step, i) => (i > state.current && found.has(step.id) ? {...step, status: 'done' as const, summary: found.get(step.id)!} : step));
			while (target < steps.length && found.has(steps[target]!.id)) target += 1;
			return enter({...next, steps}, target);
		}
		case 'back': {
			// The step we leave goes back to pending; its summary stays so the list keeps its values.
			const leaving = withStep(state, state.current, {status: 'pending'});
			const target = Math.max(0, state.current - 1);
			return enter({...state, steps: leaving}, target);
		}
		case 'retry':
			return enter(state, state.current);
		case 'skip': {
			const skipped = withStep(state, state.current, {status: 'skipped', summary: 'skipped'});
			return enter({...state, steps: skipped}, state.current + 1);
		}
		case 'goto': {
			const target = state.steps.findIndex((step) => step.id === event.step);
			if (target === -1) return state;
			return enter({...state, steps: withStep(state, state.current, {status: 'pending'})}, target);
		}
		case 'quit':
			return state.phase === 'failed' ? {...state, closing: event.closing} : state;
		case 'cancel': {
			// A step interrupted while running did not happen; a failed one stays failed.
			const interrupted = state.steps[state.current]?.status === 'running';
			const steps = interrupted ? withStep(state, state.current, {status: 'pending'}) : state.steps;
			return {...state, phase: 'cancelled', steps};
		}
		default:
			return assertNever(event);
	}
}

/** The process exit code for a final state: 0 done, 1 a step failed, 130 cancelled. */
export function exitCodeFor(state: WizardState): 0 | 1 | 130 {
	if (state.phase === 'finished') return 0;
	if (state.phase === 'cancelled') return 130;
	return 1;
}
