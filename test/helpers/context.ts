// A Context for tests: a temp home, a fake clock, no real endpoints, nothing from the developer's shell.
import {setMaxListeners} from 'node:events';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Clock, Context, Env, Flags} from '../../source/core/context.js';
import {realEndpoints, resolvePaths} from '../../source/core/context.js';
import {simulatedBrowser} from '../../source/core/browser.js';

export interface FakeClock extends Clock {
	advance(ms: number): void;
}

/** A clock that only moves when told to; sleep() advances it instead of waiting. */
export function fakeClock(start = Date.UTC(2026, 10, 23, 9, 0, 0)): FakeClock {
	let now = start;
	return {
		now: () => now,
		advance(ms) {
			now += ms;
		},
		async sleep(ms, signal) {
			if (signal?.aborted) throw signal.reason;
			now += ms;
		},
	};
}

export function testContext(options: {env?: Env; flags?: Flags; clock?: Clock; signal?: AbortSignal; home?: string} = {}): Context & {controller: AbortController} {
	const home = options.home ?? mkdtempSync(path.join(tmpdir(), 'cbs-ctx-'));
	const env: Env = {HOME: home, ...options.env};
	const controller = new AbortController();
	setMaxListeners(0, controller.signal);
	return {
		env,
		paths: resolvePaths(env),
		clock: options.clock ?? fakeClock(),
		flags: options.flags ?? {},
		endpoints: realEndpoints(env),
		browser: simulatedBrowser(),
		signal: options.signal ?? controller.signal,
		version: '0.0.0-test',
		controller,
	};
}
