// The Ink UI's state outside React: the driver calls the Renderer methods, React reads immutable
// snapshots with useSyncExternalStore. Keeps the wizard logic free of React and the components free of
// logic (they only call submit, back and cancel).
//
// Two parts: `history` is append-only and goes to the terminal's scrollback once, through Ink's <Static>
// (the header, each step's notes and blocks as they come, each finished step's line, each failure the
// user moved on from, the closing line); the rest is the live region (the current step, its spinners,
// failure panel and question), redrawn in place and kept shorter than the terminal (layout.ts).
import type {Clock} from '../../core/context.js';
import type {Renderer} from '../../core/driver.js';
import {BackSignal, CancelledError} from '../../core/errors.js';
import type {WizardState} from '../../core/reducer.js';
import type {Question, StepFailure, StepId, Tone} from '../../core/types.js';

export type Line = {kind: 'note'; tone: Tone; message: string} | {kind: 'block'; title: string; lines: string[]};

export type HistoryItem = {id: number} & (
	| {kind: 'header'}
	/** Printed before a step's first note of a run, so what follows reads under its name. */
	| {kind: 'heading'; step: StepId; title: string; position: string}
	| {kind: 'line'; step: StepId; line: Line}
	| {kind: 'step'; step: StepId; title: string; status: 'done' | 'skipped'; summary?: string | undefined}
	/** A failure the user moved on from (retry, back, skip, go to): kept in scrollback as it was shown. */
	| {kind: 'failure'; step: StepId; title: string; failure: StepFailure}
	| {kind: 'back'; step: StepId; title: string}
	| {kind: 'end'; tone: Tone; lines: string[]}
);

type Unidentified<T> = T extends unknown ? Omit<T, 'id'> : never;
export type HistoryEntry = Unidentified<HistoryItem>;

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
	/** Everything for the scrollback, in order; items are only ever appended. */
	history: HistoryItem[];
	/** Notes and blocks, per step, of its current run (a retry or a back starts a clean slate). */
	lines: Partial<Record<StepId, Line[]>>;
	tasks: Task[];
	question?: PendingQuestion;
	failure?: {step: StepId; failure: StepFailure};
	/** The run has ended with a closing line (Quit): the live region is gone. */
	closed?: boolean;
	/** A long block (a diff, the region table) viewed again in the live region, scrolled to `offset`. */
	pager?: {title: string; lines: string[]; offset: number};
}

/** A block at least this long is offered in the pager (Tab) while its step asks something (half a 24-row screen). */
export const PAGER_FROM_LINES = 12;

export interface InkStoreOptions {
	clock: Clock;
	/** Ctrl-C: the CLI aborts its AbortController here (a second call is its cue to exit at once). */
	onCancel: () => void;
}

export class InkStore {
	readonly clock: Clock;
	private snapshot: Snapshot = {history: [{id: 0, kind: 'header'}], lines: {}, tasks: []};
	/** The step whose heading was printed last (its notes follow it in scrollback). */
	private openStep?: StepId;
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
		if (this.wantsScreen && this.needsScreen()) {
			this.wantsScreen();
			this.wantsScreen = undefined;
		}
		for (const listener of this.listeners) listener();
	}

	/** Resolves the first time the screen is needed; undefined once it has been. */
	private wantsScreen?: () => void;
	private readonly screenWait = new Promise<void>((resolve) => {
		this.wantsScreen = resolve;
	});

	/** A question, a failure, a spinner or the end: something the user has to see now, or act on. */
	private needsScreen(): boolean {
		const s = this.snapshot;
		return Boolean(s.question || s.failure || s.closed || s.tasks.length || s.wizard?.phase === 'finished' || s.wizard?.phase === 'cancelled');
	}

	/**
	 * Resolves as soon as the live region first needs the screen (needsScreen), and from then on at once.
	 * The CLI mounts Ink then, so the first frame Ink draws is one the user can act on rather than the
	 * steps passing on the way to it.
	 */
	screenNeeded(): Promise<void> {
		return this.screenWait;
	}

	private historyItems(items: HistoryEntry[]): HistoryItem[] {
		return items.map((item) => ({...item, id: this.nextId++}) as HistoryItem);
	}

	private addLine(step: StepId, line: Line): void {
		const items: HistoryItem[] = [];
		if (this.openStep !== step) {
			this.openStep = step;
			const steps = this.snapshot.wizard?.steps ?? [];
			const index = steps.findIndex((s) => s.id === step);
			const title = steps[index]?.title ?? step;
			items.push(...this.historyItems([{kind: 'heading', step, title, position: index >= 0 ? `(${index + 1}/${steps.length})` : ''}]));
		}
		items.push(...this.historyItems([{kind: 'line', step, line}]));
		this.set({
			lines: {...this.snapshot.lines, [step]: [...(this.snapshot.lines[step] ?? []), line]},
			history: [...this.snapshot.history, ...items],
		});
	}


	/** Take the pending question off the screen and hand back its settle functions. */
	private takeAnswer(id?: number) {
		const answer = this.answer;
		if (!answer || (id !== undefined && answer.id !== id)) return undefined;
		this.answer = undefined;
		this.set({question: undefined, pager: undefined});
		return answer;
	}

	/** The view answered question `id` (a stale id, from a question already gone, is ignored). */
	submit(id: number, value: string | boolean): void {
		this.takeAnswer(id)?.resolve(value);
	}

	/** The current step's last long block, if any: what Tab shows in the pager. */
	pageable(minLines = PAGER_FROM_LINES): {title: string; lines: string[]} | undefined {
		const step = this.snapshot.question?.step;
		if (!step) return undefined;
		const blocks = (this.snapshot.lines[step] ?? []).filter((line): line is Extract<Line, {kind: 'block'}> => line.kind === 'block' && line.lines.length >= minLines);
		return blocks.at(-1);
	}

	/** Tab: open the pager on the current step's last long block (or close it). */
	togglePager(minLines = PAGER_FROM_LINES): void {
		if (this.snapshot.pager) {
			this.set({pager: undefined});
			return;
		}
		const block = this.pageable(minLines);
		if (block) this.set({pager: {title: block.title, lines: block.lines, offset: 0}});
	}

	/** Scroll the pager by `delta` lines, within [0, lines - page]. */
	scrollPager(delta: number, page: number): void {
		const pager = this.snapshot.pager;
		if (!pager) return;
		const offset = Math.max(0, Math.min(Math.max(0, pager.lines.length - page), pager.offset + delta));
		if (offset !== pager.offset) this.set({pager: {...pager, offset}});
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
			const added: HistoryEntry[] = [];
			// A failure on screen that the user moved on from stays in scrollback as it was.
			const shown = this.snapshot.failure;
			if (shown && state.phase !== 'failed') {
				const title = state.steps.find((s) => s.id === shown.step)?.title ?? shown.step;
				added.push({kind: 'failure', step: shown.step, title, failure: shown.failure});
			}
			state.steps.forEach((step, index) => {
				const before = previous?.steps[index]?.status;
				if (step.status === 'running' && before !== 'running') delete lines[step.id];
				if ((step.status === 'done' || step.status === 'skipped') && before !== step.status) {
					added.push({kind: 'step', step: step.id, title: step.title, status: step.status, summary: step.summary});
				} else if (step.status === 'pending' && before === 'running' && state.phase !== 'cancelled') {
					// Back to the step before (Esc). A cancel also puts the running step back to pending: its
					// closing line says so, not "back to the step before".
					added.push({kind: 'back', step: step.id, title: step.title});
				}
			});
			if (state.phase === 'finished' && previous?.phase !== 'finished') added.push({kind: 'end', tone: 'success', lines: ['Done.']});
			if (state.phase === 'cancelled' && previous?.phase !== 'cancelled') added.push({kind: 'end', tone: 'warning', lines: ['Cancelled. Files stay as they were before the step that was running.']});
			// Quit: the failure stays as it was shown, and one closing line says what was written and what to run next.
			if (state.closing && !previous?.closing) {
				const shownNow = this.snapshot.failure;
				if (shownNow) added.push({kind: 'failure', step: shownNow.step, title: state.steps.find((s) => s.id === shownNow.step)?.title ?? shownNow.step, failure: shownNow.failure});
				added.push({kind: 'end', tone: 'warning', lines: [state.closing]});
			}
			if (added.length) this.openStep = undefined;
			this.set({
				wizard: state,
				lines,
				history: added.length ? [...this.snapshot.history, ...this.historyItems(added)] : this.snapshot.history,
				...(state.phase === 'failed' && !state.closing ? {} : {failure: undefined}),
				...(state.closing ? {closed: true} : {}),
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
