// What one run of the wizard (or of doctor) keeps so it never does the same work twice: the HTTP
// connections (one keep-alive pool per AWS host, aws/http.ts), the role credentials of each profile until
// they expire, and the results of operations other steps need again (the region probe's model lists feed
// the model step; `codex --version` and `aws --version` are asked once, early). Made once per run, in the
// Context (main.ts, doctor), or on first use for a Context made without one (tests).
import type {Context} from './context.js';

export interface RunState {
	/** Opaque to everyone but aws/http.ts: the agents per host and the proxy / CA settings they share. */
	http?: unknown;
	/** Results of operations by key ("mantle-models us-east-1", "codex --version"), settled or in flight. */
	memo: Map<string, Promise<unknown>>;
	/** Called when the run ends: closes the kept-alive connections. */
	closers: Array<() => void>;
	/**
	 * Start local processes ahead of need (`codex --version`, `aws --version`). Set by the CLI; a run
	 * state made on first use (tests) leaves it off, so a test that never reaches the summary starts none.
	 */
	eager: boolean;
}

export function createRunState(options: {eager?: boolean} = {}): RunState {
	return {memo: new Map(), closers: [], eager: options.eager ?? false};
}

/** The run's state, made on first use when the Context came without one. */
export function runState(ctx: Context): RunState {
	ctx.run ??= createRunState();
	return ctx.run;
}

/**
 * The result of `work` for `key`, computed once per run: a second caller gets the same promise (in
 * flight or settled). A failure is not kept, so a retry asks again.
 */
export function once<T>(ctx: Context, key: string, work: () => Promise<T>): Promise<T> {
	const memo = runState(ctx).memo;
	const known = memo.get(key) as Promise<T> | undefined;
	if (known) return known;
	const started = work();
	memo.set(key, started);
	started.catch(() => {
		if (memo.get(key) === started) memo.delete(key);
	});
	return started;
}

/** Forget a result (it is stale: the user changed what it depends on, or a step is retried). */
export function forget(ctx: Context, key: string): void {
	ctx.run?.memo.delete(key);
}

/** A result already known (settled or in flight), without starting anything. */
export function known<T>(ctx: Context, key: string): Promise<T> | undefined {
	return ctx.run?.memo.get(key) as Promise<T> | undefined;
}

/** End of the run: close what it kept open. */
export function closeRun(ctx: Context): void {
	const state = ctx.run;
	if (!state) return;
	for (const close of state.closers.splice(0)) close();
	state.http = undefined;
}
