// Mounting the Ink UI. Loaded lazily by the CLI on the TTY path only (`await import('./ui/ink/run.js')`),
// so the plain UI, --yes and --help never pay for React, Ink or yoga.
import {render} from 'ink';
import React from 'react';
import type {Clock} from '../../core/context.js';
import type {Renderer} from '../../core/driver.js';
import {App} from './App.js';
import {InkStore} from './store.js';

export interface InkUiOptions {
	clock: Clock;
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	/** False with NO_COLOR / --no-color / a stdout without colours. */
	color: boolean;
	demo?: {scenario: string};
	/** OSC 8 links for URLs in scrollback (layout.ts supportsHyperlinks decides from the environment). */
	hyperlinks?: boolean;
	/** Ctrl-C (raw mode turns it into a key, not a SIGINT): abort the run. */
	onCancel: () => void;
}

export interface InkUi {
	renderer: Renderer;
	store: InkStore;
	/** Paint the last state, unmount and give the terminal back. */
	finish(): Promise<void>;
}

/**
 * Mount the App on `store`. The store may be older than the mount: the CLI starts the first steps on it
 * while Ink is still loading, so that Ink's first frame is already the first question (main.ts).
 */
export function startInkUi(options: InkUiOptions, existing?: InkStore): InkUi {
	const store = existing ?? new InkStore({clock: options.clock, onCancel: options.onCancel});
	const instance = render(<App store={store} color={options.color} hyperlinks={options.hyperlinks ?? false} demo={options.demo} />, {
		// Ctrl-C is the App's: it cancels the run (exit 130) instead of unmounting mid-step.
		exitOnCtrlC: false,
		patchConsole: false,
		...(options.stdin ? {stdin: options.stdin} : {}),
		...(options.stdout ? {stdout: options.stdout} : {}),
	});
	let finishing: Promise<void> | undefined;
	return {
		renderer: store.renderer,
		store,
		finish() {
			finishing ??= (async () => {
				// The last update is committed by React in a microtask or an immediate; one turn of the
				// event loop lets it land, and unmount() paints the final frame (flushing Ink's throttle).
				await new Promise((resolve) => setImmediate(resolve));
				instance.unmount();
				await instance.waitUntilExit();
			})();
			return finishing;
		},
	};
}
