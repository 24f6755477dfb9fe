// The built CLI (dist/cli.js) in a pseudo-terminal, as a person meets it: @lydell/node-pty gives it a real
// TTY, a tiny VT emulator below keeps what the screen shows now, and waits are on screen text (the time-out
// is only a failure bound). Everything the CLI printed is kept, ANSI-stripped, for assertions and the secret
// scan at the end of the suite.
import {spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import pty from '@lydell/node-pty';
import {KEYS} from './ink.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const CODEX_BIN_DIR = path.join(ROOT, 'node_modules', '.bin');

/** The same keys the in-process Ink tests press. */
export const KEY = KEYS;

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
 * Just enough of a VT100 to know what is on the screen: printable text with auto-wrap, CR, LF (scrolling),
 * backspace, tab, cursor moves (A B C D E F G H f), erase in display and line (J K), save/restore (ESC 7/8).
 * Colours, modes (?25l, ?2026h) and OSC are read and ignored. Ink redraws with "erase line, cursor up"
 * sequences and, for a frame taller than the terminal, a clear-screen; both land here as a real terminal
 * would show them.
 */
export class Screen {
	private lines: string[][];
	private x = 0;
	private y = 0;
	private wrapPending = false;
	private saved = {x: 0, y: 0};
	private pending = '';
	/** Inside a synchronized update (CSI ?2026h ... ?2026l): Ink is still writing a frame. */
	inFrame = false;

	constructor(
		readonly cols: number,
		readonly rows: number,
	) {
		this.lines = Array.from({length: rows}, () => []);
	}

	write(data: string): void {
		let text = this.pending + data;
		this.pending = '';
		let i = 0;
		while (i < text.length) {
			const ch = text[i]!;
			if (ch === '\u001B') {
				const rest = text.slice(i);
				const csi = /^\u001B\[([0-?]*)([ -/]*)([@-~])/.exec(rest);
				if (csi) {
					this.csi(csi[1]!, csi[3]!);
					i += csi[0].length;
					continue;
				}
				const other = /^\u001B(?:\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[()][0-9A-B]|[@-Z\\-_]|[0-9=>c])/.exec(rest);
				if (other) {
					if (other[0] === '\u001B7') this.saved = {x: this.x, y: this.y};
					if (other[0] === '\u001B8') ({x: this.x, y: this.y} = this.saved);
					if (other[0] === '\u001Bc') this.clear();
					i += other[0].length;
					continue;
				}
				// An incomplete sequence at the end of a chunk: keep it for the next one.
				if (rest.length < 64) {
					this.pending = rest;
					return;
				}
				i += 1;
				continue;
			}
			const code = ch.codePointAt(0)!;
			const char = String.fromCodePoint(code);
			i += char.length;
			if (ch === '\r') {
				this.x = 0;
				this.wrapPending = false;
			} else if (ch === '\n') {
				this.lineFeed();
			} else if (ch === '\b') {
				this.x = Math.max(0, this.x - 1);
				this.wrapPending = false;
			} else if (ch === '\t') {
				this.x = Math.min(this.cols - 1, (Math.floor(this.x / 8) + 1) * 8);
			} else if (code >= 0x20 && code !== 0x7f) {
				this.put(char);
			}
		}
		text = '';
	}

	private put(char: string): void {
		if (this.wrapPending) {
			this.x = 0;
			this.lineFeed();
		}
		const line = this.lines[this.y]!;
		while (line.length < this.x) line.push(' ');
		line[this.x] = char;
		if (this.x === this.cols - 1) this.wrapPending = true;
		else this.x += 1;
	}

	private lineFeed(): void {
		this.wrapPending = false;
		if (this.y === this.rows - 1) {
			this.lines.shift();
			this.lines.push([]);
		} else {
			this.y += 1;
		}
	}

	private clear(): void {
		this.lines = Array.from({length: this.rows}, () => []);
		this.x = 0;
		this.y = 0;
	}

	private csi(params: string, final: string): void {
		if (params === '?2026' && (final === 'h' || final === 'l')) this.inFrame = final === 'h';
		if (params.startsWith('?') || params.startsWith('>') || params.startsWith('=')) return;
		const numbers = params.split(';').map((p) => (p === '' ? undefined : Number(p)));
		const n = numbers[0] ?? 1;
		const clampY = (y: number) => Math.max(0, Math.min(this.rows - 1, y));
		const clampX = (x: number) => Math.max(0, Math.min(this.cols - 1, x));
		this.wrapPending = false;
		switch (final) {
			case 'A':
				this.y = clampY(this.y - n);
				break;
			case 'B':
				this.y = clampY(this.y + n);
				break;
			case 'C':
				this.x = clampX(this.x + n);
				break;
			case 'D':
				this.x = clampX(this.x - n);
				break;
			case 'E':
				this.y = clampY(this.y + n);
				this.x = 0;
				break;
			case 'F':
				this.y = clampY(this.y - n);
				this.x = 0;
				break;
			case 'G':
				this.x = clampX(n - 1);
				break;
			case 'H':
			case 'f':
				this.y = clampY((numbers[0] ?? 1) - 1);
				this.x = clampX((numbers[1] ?? 1) - 1);
				break;
			case 'J': {
				const mode = numbers[0] ?? 0;
				if (mode === 2 || mode === 3) {
					this.lines = Array.from({length: this.rows}, () => []);
				} else if (mode === 0) {
					this.lines[this.y] = this.lines[this.y]!.slice(0, this.x);
					for (let y = this.y + 1; y < this.rows; y++) this.lines[y] = [];
				} else if (mode === 1) {
					for (let y = 0; y < this.y; y++) this.lines[y] = [];
					this.lines[this.y] = this.lines[this.y]!.map((c, x) => (x <= this.x ? ' ' : c));
				}
				break;
			}
			case 'K': {
				const mode = numbers[0] ?? 0;
				const line = this.lines[this.y]!;
				if (mode === 0) this.lines[this.y] = line.slice(0, this.x);
				else if (mode === 1) this.lines[this.y] = line.map((c, x) => (x <= this.x ? ' ' : c));
				else this.lines[this.y] = [];
				break;
			}
			default:
				// m (colours), h/l (modes), r (scroll region), n (reports): nothing to draw.
				break;
		}
	}

	/** The screen now: one string per row, trailing spaces and trailing empty rows trimmed. */
	text(): string {
		const rows = this.lines.map((line) => line.join('').trimEnd());
		while (rows.length && rows.at(-1) === '') rows.pop();
		return rows.join('\n');
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
		screen.write(data);
		for (const listener of listeners) listener();
	});
	const exited = new Promise<{exitCode: number; signal?: number | undefined}>((resolve) => {
		term.onExit(({exitCode, signal}) => {
			done = true;
			runs.delete(run);
			for (const listener of listeners) listener();
			resolve({exitCode, signal});
		});
	});
	const run: CliRun = {
		pid: term.pid,
		raw: () => raw,
		transcript: () => stripAnsi(raw),
		screen: () => screen.text(),
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
