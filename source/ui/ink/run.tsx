// Mounting the Ink UI. Loaded lazily by the CLI on the TTY path only, so nothing else pays for
// React, Ink or yoga.
import {render} from 'ink';
import React from 'react';
import type {Clock} from '../../core/context.js';
import type {Renderer} from '../../core/driver.js';
import {App} from './App.js';
import {InkStore} from './store.js';

export interface InkUiOptions {
	clock: Clock;
	color: boolean;
	onCancel: () => void;
	demo?: {scenario: string};
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
}

export function startInkUi(options: InkUiOptions): {renderer: Renderer; store: InkStore; finish(): Promise<void>} {
	const store = new InkStore({clock: options.clock, onCancel: options.onCancel});
	const instance = render(<App store={store} color={options.color} demo={options.demo} />, {
		exitOnCtrlC: false,
		patchConsole: false,
		...(options.stdin ? {stdin: options.stdin} : {}),
		...(options.stdout ? {stdout: options.stdout} : {}),
	});
	return {
		renderer: store.renderer,
		store,
		async finish() {
			// Let the last state paint, then give the terminal back.
			await new Promise((resolve) => setTimeout(resolve, 20));
			instance.unmount();
			await instance.waitUntilExit();
		},
	};
}
