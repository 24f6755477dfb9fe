// The Ink UI's state outside React: the driver calls the Renderer methods, React reads snapshots with
// useSyncExternalStore. Keeps the wizard logic free of React and the components free of logic.
import type {Clock} from '../../core/context.js';
import type {Renderer} from '../../core/driver.js';
import {BackSignal, CancelledError} from '../../core/errors.js';
import type {WizardState} from '../../core/reducer.js';
import type {Question, StepFailure, StepId, Tone} from '../../core/types.js';

export type Line = {kind: 'note'; tone: Tone; message: string} | {kind: 'block'; title: string; lines: string[]};

export interface PendingQuestion {
	id: number;
	step: StepId;
	question: Question;
}

export interface Task {
	id: number;
	label: string;
	startedAt: number;
}

export interface Snapshot {
	wizard?: WizardState;
	/** Notes and blocks of the step being shown. */
	lines: Line[];
	linesStep?: StepId;
	tasks: Task[];
	question?: PendingQuestion;
	failure?: {step: StepId; failure: StepFailure};
}

export class InkStore {
	private snapshot: Snapshot = {lines: [], tasks: []};
	private readonly listeners = new Set<() => void>();
	private answer?: {resolve(value: string | boolean): void; reject(error: Error): void};
	private nextId = 1;
	readonly clock: Clock;
	private readonly onCancel: () => void;

	constructor(options: {clock: Clock; onCancel: () => void}) {
		this.clock = options.clock;
		this.onCancel = options.onCancel;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getSnapshot = (): Snapshot => this.snapshot;

	private set(patch: Partial<Snapshot>): void {
		this.snapshot = {...this.snapshot, ...patch};
		for (const listener of this.listeners) listener();
	}

	/** Lines belong to one step: entering another step (or re-entering after back/retry) starts afresh. */
	private linesFor(step: StepId): Line[] {
		return this.snapshot.linesStep === step ? this.snapshot.lines : [];
	}

	submit(id: number, value: string | boolean): void {
		if (this.snapshot.question?.id !== id || !this.answer) return;
		const {resolve} = this.answer;
		this.answer = undefined;
		this.set({question: undefined});
		resolve(value);
	}

	back(): void {
		if (!this.answer) return;
		const {reject} = this.answer;
		this.answer = undefined;
		this.set({question: undefined});
		reject(new BackSignal());
	}

	cancel(): void {
		const pending = this.answer;
		this.answer = undefined;
		this.set({question: undefined});
		pending?.reject(new CancelledError());
		this.onCancel();
	}

	readonly renderer: Renderer = {
		update: (state) => {
			const current = state.steps[state.current];
			const running = current?.status === 'running';
			// A step that starts again (retry, back) starts with a clean slate.
			const restarted = running && this.snapshot.wizard?.steps[state.current]?.status !== 'running';
			this.set({
				wizard: state,
				...(state.phase !== 'failed' ? {failure: undefined} : {}),
				...(restarted && current ? {lines: [], linesStep: current.id} : {}),
			});
		},
		prompt: (question, step) =>
			new Promise<string | boolean>((resolve, reject) => {
				this.answer = {resolve, reject};
				this.set({question: {id: this.nextId++, step, question}});
			}),
		task: async (_step, label, work) => {
			const task: Task = {id: this.nextId++, label, startedAt: this.clock.now()};
			this.set({tasks: [...this.snapshot.tasks, task]});
			const setLabel = (next: string) => this.set({tasks: this.snapshot.tasks.map((t) => (t.id === task.id ? {...t, label: next} : t))});
			try {
				return await work(setLabel);
			} finally {
				this.set({tasks: this.snapshot.tasks.filter((t) => t.id !== task.id)});
			}
		},
		note: (step, message, tone) => this.set({lines: [...this.linesFor(step), {kind: 'note', tone, message}], linesStep: step}),
		block: (step, title, lines) => this.set({lines: [...this.linesFor(step), {kind: 'block', title, lines}], linesStep: step}),
		failure: (step, failure) => this.set({failure: {step, failure}}),
	};
}
