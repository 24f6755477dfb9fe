// Driving Ink in tests without sleeps: wait for a frame condition by polling the event loop, and let
// React finish its effects before the next key.
import {EventEmitter} from 'node:events';
import {Writable} from 'node:stream';

/**
 * Poll `condition` once per event-loop turn (setImmediate, never a timer). It gives up after `rounds`
 * turns, but not before `minMs` have passed: on an idle loop 2000 turns take a few milliseconds, less
 * than a cold dynamic import or a busy CI machine may need, and a bound counted in turns alone turns
 * that into a flaky failure. Throws with `describe()` (the last frame) so a failure shows the screen.
 */
export async function waitFor(condition: () => boolean, describe: () => string, options: {rounds?: number; minMs?: number} = {}): Promise<void> {
	const {rounds = 2000, minMs = 2000} = options;
	const started = performance.now();
	for (let i = 0; i < rounds || performance.now() - started < minMs; i++) {
		if (condition()) return;
		await new Promise((resolve) => setImmediate(resolve));
	}
	if (condition()) return;
	throw new Error(`Timed out waiting; last frame:\n${describe()}`);
}

/**
 * Let queued React work run. A frame is written when React commits, but Ink (re)subscribes useInput
 * handlers in passive effects, which React's scheduler runs a turn or two later (setImmediate in Node).
 * A key written before that reaches the previous handler or none, as it would not for a person typing.
 * This also flushes a lone Esc, which Ink holds back for one setImmediate to see whether an escape
 * sequence follows. Counted in event-loop turns, not time: a slow machine takes longer, not more turns.
 */
export async function settle(rounds = 10): Promise<void> {
	for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

export const KEYS = {
	enter: '\r',
	down: '\u001B[B',
	up: '\u001B[A',
	escape: '\u001B',
	ctrlC: '\u0003',
	backspace: '\u007F',
} as const;

/** Any ANSI escape sequence (colour, bold, dim, inverse...). */
export const ANSI = /\u001B\[/;

/** A stdin that Ink accepts as a TTY: keys are pushed with write(), read back by Ink's 'readable' handler. */
export class FakeStdin extends EventEmitter {
	isTTY = true;
	private chunk: string | null = null;
	write(data: string): void {
		this.chunk = data;
		this.emit('readable');
	}
	read(): string | null {
		const chunk = this.chunk;
		this.chunk = null;
		return chunk;
	}
	setEncoding(): void {}
	setRawMode(): void {}
	ref(): void {}
	unref(): void {}
	resume(): void {}
	pause(): void {}
}

/** A stdout that collects everything written to it (escape codes included). */
export class FakeStdout extends Writable {
	columns = 100;
	rows = 40;
	// Not a TTY: Ink then leaves the cursor alone (hiding it registers an exit hook on the real stderr).
	isTTY = false;
	text = '';
	override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.text += chunk.toString();
		callback();
	}
}
