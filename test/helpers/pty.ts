// The built CLI (dist/cli.js) in a pseudo-terminal, as a person meets it: @lydell/node-pty gives it a real
// TTY, a real terminal emulator (@xterm/headless) keeps what the screen shows and the scrollback, and waits
// are on screen text (the time-out is only a failure bound). Everything the CLI printed is kept, ANSI-stripped, for assertions and the secret
// scan at the end of the suite.
import {spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {KEYS} from './ink.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const CODEX_BIN_DIR = path.join(ROOT, 'node_modules', '.bin');

/** The same keys the in-process Ink tests press. */
export const KEY = KEYS;

// @xterm/headless is CommonJS (its "module" field names a file the package does not ship).
const {Terminal} = xterm;

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const full = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
	}
	return newest;
}

/**
 * These tests run the built CLI. `.ci/run` builds before testing; a developer running vitest directly gets
 * a build here when dist/cli.js is missing or older than anything under source/ (about 2 s).
 */
export function ensureBuilt(): void {
	let built = 0;
	try {
		built = statSync(CLI).mtimeMs;
	} catch {
		// not built yet
	}
	if (built >= Math.max(newestMtime(path.join(ROOT, 'source')), statSync(path.join(ROOT, 'package.json')).mtimeMs)) return;
	const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], {cwd: ROOT, encoding: 'utf8'});
	if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

/** CSI, OSC and the other escape sequences a terminal would not print. */
const ANSI_SEQUENCE = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_]|[()][0-9A-B])/g;

export function stripAnsi(text: string): string {
	return text.replace(ANSI_SEQUENCE, '').replace(/\r/g, '');
}

/**
 * The screen, as a real terminal emulator keeps it: xterm.js (headless) parses everything the CLI writes,
 * so auto-wrap, scrolling, erase and cursor moves behave as in a terminal, and the scrollback is kept.
 * Writes are parsed asynchronously: `written()` resolves once everything so far is on the screen.
 */
export class Screen {
	private readonly term: InstanceType<typeof Terminal>;
	private pendingWrites = 0;
	private readonly idle = new Set<() => void>();
	/** Inside a synchronized update (CSI ?2026h ... ?2026l): Ink is still writing a frame. */
	inFrame = false;
	private tail = '';

	constructor(
		readonly cols: number,
		readonly rows: number,
	) {
		this.term = new Terminal({cols, rows, scrollback: 10_000, allowProposedApi: true});
	}

	write(data: string, parsed?: () => void): void {
		// Track ?2026h/l on the raw text (a sequence may be split between two chunks: keep a short tail).
		const text = this.tail + data;
		const last = Math.max(text.lastIndexOf('\u001B[?2026h'), text.lastIndexOf('\u001B[?2026l'));
		if (last >= 0) this.inFrame = text[last + 7] === 'h';
		this.tail = text.slice(-8);
		this.pendingWrites += 1;
		this.term.write(data, () => {
			this.pendingWrites -= 1;
			parsed?.();
			if (this.pendingWrites === 0) for (const resolve of this.idle) resolve();
			if (this.pendingWrites === 0) this.idle.clear();
		});
	}

	/** Resolves when every write so far has been parsed. */
	written(): Promise<void> {
		if (this.pendingWrites === 0) return Promise.resolve();
		return new Promise((resolve) => this.idle.add(resolve));
	}

	private lineText(y: number): string {
		return this.term.buffer.active.getLine(y)?.translateToString(true) ?? '';
	}

	/** The screen now: one string per row, trailing spaces and trailing empty rows trimmed. */
	text(): string {
		const buffer = this.term.buffer.active;
		const rows: string[] = [];
		for (let y = 0; y < this.rows; y++) rows.push(this.lineText(buffer.baseY + y));
		while (rows.length && rows.at(-1) === '') rows.pop();
		return rows.join('\n');
	}

	/** Scrollback and screen, top to bottom, with the lines the terminal soft-wrapped joined again. */
	all(): string {
		const buffer = this.term.buffer.active;
		const lines: string[] = [];
		for (let y = 0; y < buffer.baseY + this.rows; y++) {
			const line = buffer.getLine(y);
			const text = line?.translateToString(true) ?? '';
			if (line?.isWrapped && lines.length) lines[lines.length - 1] += text;
			else lines.push(text);
		}
		while (lines.length && lines.at(-1) === '') lines.pop();
		return lines.join('\n');
	}

	dispose(): void {
		this.term.dispose();
	}
}

export interface CliRun {
	pid: number;
	/** Everything written, raw (escape codes included). */
	raw(): string;
	/** Everything written, without escape codes: the whole transcript, scrolled-off lines included. */
	transcript(): string;
	/** What the terminal shows now. */
	screen(): string;
	/** The terminal's scrollback and screen, soft-wrapped lines joined: what a person can scroll back to. */
	scrollback(): string;
	/** Resolves as soon as `text` is on the screen (or in the transcript, with `where: 'transcript'`). */
	waitFor(text: string | RegExp | ((screen: string) => boolean), options?: {timeoutMs?: number; where?: 'screen' | 'transcript'}): Promise<void>;
	write(keys: string): void;
	/** Type text one character per write, as a person does. */
	type(text: string): void;
	kill(signal?: NodeJS.Signals): void;
	exited: Promise<{exitCode: number; signal?: number | undefined}>;
}

const runs = new Set<CliRun>();
/** All output of every run so far: the suite's secret scan reads it. */
export const transcripts: string[] = [];

/** Kill whatever a failed test left running (call from afterEach). */
export function killAll(): void {
	for (const run of runs) run.kill('SIGKILL');
	runs.clear();
}

export function spawnCli(args: string[], options: {env: Record<string, string>; cols?: number; rows?: number; cwd?: string}): CliRun {
	const cols = options.cols ?? 100;
	const rows = options.rows ?? 40;
	const term = pty.spawn(process.execPath, [CLI, ...args], {name: 'xterm-256color', cols, rows, cwd: options.cwd ?? ROOT, env: {TERM: 'xterm-256color', ...options.env}});
	const screen = new Screen(cols, rows);
	let raw = '';
	const listeners = new Set<() => void>();
	let done = false;
	const index = transcripts.push('') - 1;
	term.onData((data) => {
		raw += data;
		transcripts[index] = raw;
		screen.write(data, () => {
			for (const listener of listeners) listener();
		});
	});
	const exited = new Promise<{exitCode: number; signal?: number | undefined}>((resolve) => {
		term.onExit(({exitCode, signal}) => {
			// The emulator parses asynchronously: the screen is final once the last write is parsed.
			void screen.written().then(() => {
				done = true;
				runs.delete(run);
				for (const listener of listeners) listener();
				resolve({exitCode, signal});
			});
		});
	});
	const run: CliRun = {
		pid: term.pid,
		raw: () => raw,
		transcript: () => stripAnsi(raw),
		screen: () => screen.text(),
		scrollback: () => screen.all(),
		waitFor(text, {timeoutMs = 15_000, where = 'screen'} = {}) {
			const seen = () => {
				// Half a frame is not a screen: wait for the end of Ink's synchronized update.
				if (where === 'screen' && screen.inFrame && !done) return false;
				const haystack = where === 'screen' ? screen.text() : stripAnsi(raw);
				return typeof text === 'string' ? haystack.includes(text) : text instanceof RegExp ? text.test(haystack) : text(haystack);
			};
			if (seen()) return Promise.resolve();
			return new Promise((resolve, reject) => {
				const check = () => {
					if (seen()) {
						finish();
						resolve();
					} else if (done) {
						finish();
						reject(new Error(`The CLI exited before showing ${String(text)}; screen:\n${screen.text()}`));
					}
				};
				const timer = setTimeout(() => {
					finish();
					reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${String(text)}; screen:\n${screen.text()}`));
				}, timeoutMs);
				const finish = () => {
					clearTimeout(timer);
					listeners.delete(check);
				};
				listeners.add(check);
			});
		},
		write: (keys) => term.write(keys),
		type(text) {
			for (const char of text) term.write(char);
		},
		kill(signal = 'SIGTERM') {
			if (done) return;
			try {
				process.kill(term.pid, signal);
			} catch {
				// already gone
			}
		},
		exited,
	};
	runs.add(run);
	return run;
}

const onScreen = (screen: string, text: string | RegExp) => (typeof text === 'string' ? screen.includes(text) : text.test(screen));

/**
 * Answer a question: wait for it, type `text` (if any) and press Enter, then wait until the question has
 * gone from the screen. Ink subscribes a new question's key handler in a React effect that runs just after
 * the frame is written, so a key sent the instant the question appears is now and then not seen (a person
 * cannot type that fast; the test can). When the question is still on the screen two seconds later, the
 * key is sent again (at most twice); once taken, a question leaves the screen in the same frame.
 */
export async function submit(run: CliRun, question: string | RegExp, options: {text?: string; keys?: string; timeoutMs?: number} = {}): Promise<void> {
	await run.waitFor(question, {timeoutMs: options.timeoutMs ?? 30_000});
	if (options.text) {
		const field = `› ${options.text}`;
		for (let attempt = 1; ; attempt++) {
			run.type(options.text);
			try {
				await run.waitFor(field, {timeoutMs: 1500});
				break;
			} catch (error) {
				if (attempt === 3) throw error;
				run.write(KEY.backspace.repeat(options.text.length + 2));
				await run.waitFor((screen) => !screen.includes(field) && /› █?\s*$/m.test(screen), {timeoutMs: 5000});
			}
		}
	}
	const keys = options.keys ?? KEY.enter;
	for (let attempt = 1; ; attempt++) {
		run.write(keys);
		try {
			await run.waitFor((screen) => !onScreen(screen, question), {timeoutMs: attempt === 3 ? 30_000 : 2000});
			return;
		} catch (error) {
			if (attempt === 3) throw error;
		}
	}
}
