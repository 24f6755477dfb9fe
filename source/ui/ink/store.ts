// The Ink UI's state outside React: the driver calls the Renderer methods, React reads immutable
// snapshots with useSyncExternalStore. Keeps the wizard logic free of React and the components free of
// logic (they only call submit, back and cancel).
import type {Clock} from '../../core/context.js';
import type {Renderer} from '../../core/driver.js';
import {BackSignal, CancelledError} from '../../core/errors.js';
import type {WizardState} from '../../core/reducer.js';
import type {Question, StepFailure, StepId, Tone} from '../../core/types.js';

export type Line = {kind: 'note'; tone: Tone; message: string} | {kind: 'block'; title: string; lines: string[]};

export interface PendingQuestion {
	/** Unique per prompt: the view keys its input on it, so every question starts with fresh input state. */
	id: number;
	step: StepId;
	question: Question;
}

export interface Task {
	id: number;
	step: StepId;
	label: string;
	/** From the store's clock, so the elapsed seconds are testable. */
	startedAt: number;
}

export interface Snapshot {
	wizard?: WizardState;
	/** Notes and blocks, per step, in the order they came. */
	lines: Partial<Record<StepId, Line[]>>;
	tasks: Task[];
	question?: PendingQuestion;
	failure?: {step: StepId; failure: StepFailure};
}

export interface InkStoreOptions {
	clock: Clock;
	/** Ctrl-C: the CLI aborts its AbortController here (a second call is its cue to exit at once). */
	onCancel: () => void;
}

export class InkStore {
	readonly clock: Clock;
	private snapshot: Snapshot = {lines: {}, tasks: []};
	private readonly listeners = new Set<() => void>();
	/** The settle functions of the question on screen; kept out of the snapshot (React never needs them). */
	private answer?: {id: number; resolve(value: string | boolean): void; reject(error: Error): void};
	/** Esc during a wait: how to give up each running task (the newest first). */
	private readonly waits = new Map<number, (error: Error) => void>();
	private nextId = 1;
	private cancelled = false;
	private readonly onCancel: () => void;

	constructor(options: InkStoreOptions) {
		this.clock = options.clock;
		this.onCancel = options.onCancel;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	getSnapshot = (): Snapshot => this.snapshot;

	private set(patch: Partial<Snapshot>): void {
		this.snapshot = {...this.snapshot, ...patch};
		for (const listener of this.listeners) listener();
	}

	private addLine(step: StepId, line: Line): void {
		this.set({lines: {...this.snapshot.lines, [step]: [...(this.snapshot.lines[step] ?? []), line]}});
	}

	/** Take the pending question off the screen and hand back its settle functions. */
	private takeAnswer(id?: number) {
		const answer = this.answer;
		if (!answer || (id !== undefined && answer.id !== id)) return undefined;
		this.answer = undefined;
		this.set({question: undefined});
		return answer;
	}

	/** The view answered question `id` (a stale id, from a question already gone, is ignored). */
	submit(id: number, value: string | boolean): void {
		this.takeAnswer(id)?.resolve(value);
	}

	/**
	 * Esc: the pending question rejects with BackSignal and the driver goes back a step. With no question
	 * on screen, the newest wait gives up the same way (the driver stops its work).
	 */
	back(): void {
		const answer = this.takeAnswer();
		if (answer) answer.reject(new BackSignal());
		else [...this.waits.values()].at(-1)?.(new BackSignal());
	}

	/** Ctrl-C: the pending question (if any) rejects with CancelledError and the CLI is told. */
	cancel(): void {
		this.cancelled = true;
		this.takeAnswer()?.reject(new CancelledError());
		this.onCancel();
	}

	readonly renderer: Renderer = {
		update: (state) => {
			const previous = this.snapshot.wizard;
			const lines = {...this.snapshot.lines};
			// A step that (re)starts, after a retry or a back, starts with a clean slate: the notes of its
			// previous attempt would describe a state that is gone.
			state.steps.forEach((step, index) => {
				if (step.status === 'running' && previous?.steps[index]?.status !== 'running') delete lines[step.id];
			});
			this.set({
				wizard: state,
				lines,
				...(state.phase === 'failed' ? {} : {failure: undefined}),
			});
		},

		prompt: (question, step) => {
			if (this.cancelled) return Promise.reject(new CancelledError());
			// The driver asks one question at a time; should a second one come anyway, the first fails
			// loudly rather than hanging for ever.
			this.takeAnswer()?.reject(new Error('Another question replaced this one before it was answered.'));
			return new Promise<string | boolean>((resolve, reject) => {
				const id = this.nextId++;
				this.answer = {id, resolve, reject};
				this.set({question: {id, step, question}});
			});
		},

		task: async (step, label, work) => {
			const task: Task = {id: this.nextId++, step, label, startedAt: this.clock.now()};
			this.set({tasks: [...this.snapshot.tasks, task]});
			const setLabel = (next: string) => {
				this.set({tasks: this.snapshot.tasks.map((t) => (t.id === task.id ? {...t, label: next} : t))});
			};
			const escaped = new Promise<never>((_, reject) => this.waits.set(task.id, reject));
			escaped.catch(() => {});
			try {
				return await Promise.race([work(setLabel), escaped]);
			} finally {
				this.waits.delete(task.id);
				// Success or error: the spinner goes (the failure panel, if any, says what happened).
				this.set({tasks: this.snapshot.tasks.filter((t) => t.id !== task.id)});
			}
		},

		note: (step, message, tone) => this.addLine(step, {kind: 'note', tone, message}),
		block: (step, title, lines) => this.addLine(step, {kind: 'block', title, lines}),
		failure: (step, failure) => this.set({failure: {step, failure}}),
	};
}
