// The test prompt through Codex itself: `codex exec` with the Bedrock config, in a new empty temporary
// directory (no repository content), read-only sandbox, no approvals, ephemeral (no session saved), with a
// deadline. Its JSON events are read for the answer, the token usage and the first error; the directory is
// deleted afterwards.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Context} from '../context.js';
import {StepError} from '../errors.js';
import {redact} from '../redact.js';
import type {StepIO} from '../types.js';
import {TEST_PROMPT, costUsd, formatUsd} from '../bedrock/test-prompt.js';
import {MIN_CODEX, compareVersions, findCodexOnce} from './cli.js';
import {trackChildGroup} from '../children.js';

export const CODEX_EXEC_TIMEOUT_MS = 120_000;

export interface CodexExecResult {
	ok: boolean;
	exitCode?: number;
	answer?: string;
	usage?: {input?: number; output?: number};
	/** The first error Codex reported (redacted), e.g. "failed to load AWS credentials: ...". */
	error?: string;
	/** The last lines of its output, for the screen when it failed. */
	tail: string[];
	timedOut: boolean;
}

export function execArgs(codexProfile: string | undefined, dir: string): string[] {
	return [
		'exec',
		'--json',
		'--skip-git-repo-check',
		'--ephemeral',
		'--sandbox',
		'read-only',
		'-c',
		'approval_policy="never"',
		'--cd',
		dir,
		...(codexProfile ? ['--profile', codexProfile] : []),
		TEST_PROMPT,
	];
}

/**
 * Errors that retrying will not fix: Codex retries them five times (about 10 s for an HTTP error, 25 s for a
 * connection failure, measured: docs/codex-behaviour.md), so we stop at the first. "error sending request"
 * is a proxy or CA Codex does not use, which the next attempt will not change either.
 */
const FINAL = /credentials|\b40[0134]\b|Unauthorized|Forbidden|does not exist|not supported|does not support|invalid|expired|error sending request/i;

interface CodexEvent {
	type?: string;
	message?: string;
	error?: {message?: string};
	item?: {type?: string; text?: string};
	usage?: {input_tokens?: number; output_tokens?: number};
}

/** Read `codex exec --json` output as it arrives. */
export class ExecEvents {
	answer?: string;
	usage?: {input?: number; output?: number};
	error?: string;
	completed = false;
	failed = false;
	private buffer = '';
	readonly lines: string[] = [];

	push(chunk: string): void {
		this.buffer += chunk;
		const parts = this.buffer.split('\n');
		this.buffer = parts.pop() ?? '';
		for (const line of parts) this.line(line);
	}

	private line(raw: string): void {
		const line = raw.trim();
		if (!line) return;
		this.lines.push(redact(line));
		let event: CodexEvent;
		try {
			event = JSON.parse(line) as CodexEvent;
		} catch {
			return;
		}
		if (event.type === 'item.completed' && event.item?.type === 'agent_message' && typeof event.item.text === 'string') this.answer = event.item.text;
		if (event.type === 'turn.completed') {
			this.completed = true;
			if (event.usage) this.usage = {...(event.usage.input_tokens !== undefined ? {input: event.usage.input_tokens} : {}), ...(event.usage.output_tokens !== undefined ? {output: event.usage.output_tokens} : {})};
		}
		const message = event.type === 'error' ? event.message : event.type === 'turn.failed' ? event.error?.message : undefined;
		if (message) {
			if (event.type === 'turn.failed') this.failed = true;
			// "Reconnecting... 2/5 (stream disconnected before completion: <reason>)" -> the reason.
			const reason = /^Reconnecting\.\.\. \d+\/\d+ \((.*)\)$/s.exec(message)?.[1] ?? message;
			this.error ??= redact(reason.replace(/\s+/g, ' ').trim());
		}
	}

	/** Whether waiting longer can still change the outcome. */
	get settled(): boolean {
		return this.completed || this.failed || (this.error !== undefined && FINAL.test(this.error));
	}
}

export async function runCodexExec(ctx: Context, options: {codexProfile?: string; timeoutMs?: number; signal: AbortSignal; env?: Record<string, string | undefined>}): Promise<CodexExecResult> {
	const {execa} = await import('execa');
	const dir = await mkdtemp(path.join(tmpdir(), 'codex-bedrock-setup-test-'));
	const events = new ExecEvents();
	try {
		// Its own process group, so that stopping it also stops what it started (the npm wrapper's native
		// binary, or a shell's children), which would otherwise keep the output pipe open.
		const child = execa('codex', execArgs(options.codexProfile, dir), {
			cwd: dir,
			env: {...(options.env ?? ctx.env)},
			extendEnv: false,
			reject: false,
			stdin: 'ignore',
			detached: process.platform !== 'win32',
		});
		const untrack = trackChildGroup(child.pid);
		void child.finally(untrack);
		let timedOut = false;
		const stop = () => {
			try {
				if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
				else child.kill('SIGKILL');
			} catch {
				// already gone
			}
		};
		const timer = setTimeout(() => {
			timedOut = true;
			stop();
		}, options.timeoutMs ?? CODEX_EXEC_TIMEOUT_MS);
		options.signal.addEventListener('abort', stop, {once: true});
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			events.push(chunk.toString('utf8'));
			if (events.settled && !events.completed) stop();
		});
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const result = await child.finally(() => {
			clearTimeout(timer);
			options.signal.removeEventListener('abort', stop);
		});
		events.push('\n');
		options.signal.throwIfAborted();
		const stderrLines = redact(stderr)
			.split('\n')
			.map((l) => l.trimEnd())
			.filter((l) => l && !l.startsWith('WARNING: proceeding'));
		const ok = events.completed && !events.failed && events.answer !== undefined;
		const error = events.error ?? (ok ? undefined : stderrLines.at(-1));
		return {
			ok,
			...(typeof result.exitCode === 'number' ? {exitCode: result.exitCode} : {}),
			...(events.answer !== undefined ? {answer: events.answer} : {}),
			...(events.usage ? {usage: events.usage} : {}),
			...(error ? {error} : {}),
			tail: [...events.lines, ...stderrLines].slice(-8),
			timedOut,
		};
	} finally {
		await rm(dir, {recursive: true, force: true}).catch(() => {});
	}
}

/** A Codex on PATH new enough to run the prompt through (the same `codex --version` answer the run keeps). */
export async function codexUsable(ctx: Context): Promise<boolean> {
	const codex = await findCodexOnce(ctx);
	return Boolean(codex && compareVersions(codex.version, MIN_CODEX) >= 0);
}

/** The "through Codex" half of the test prompt step (plugged into createTestPromptStep). */
export async function testThroughCodex(ctx: Context, io: StepIO, request: {codexProfile?: string; model: string}): Promise<{summary: string}> {
	// Once per run (an install in the Codex config step forgets it), so this and the line confirmed before
	// sending agree on whether Codex is there.
	const codex = await io.task('Looking for the Codex CLI', () => findCodexOnce(ctx));
	if (!codex || compareVersions(codex.version, MIN_CODEX) < 0) {
		io.note(codex ? `${codex.banner} is too old to test through Codex (needs ${MIN_CODEX}).` : 'Codex is not installed, so the prompt was not sent through Codex.', 'warning');
		return {summary: 'not tested (no usable Codex)'};
	}
	const command = `codex exec${request.codexProfile ? ` --profile ${request.codexProfile}` : ''} "${TEST_PROMPT}"`;
	const go = await io.ask({kind: 'confirm', id: 'run-codex-exec', message: `Send the same prompt through Codex too (${command}, in an empty temporary directory, read-only)?`, default: true});
	if (!go) return {summary: 'not tested (declined)'};
	// Codex builds its Mantle URL from the region itself: in the demo it goes through a local proxy to the
	// simulated AWS (and without one it would call the real Amazon Bedrock, so it is not run).
	let env: Record<string, string | undefined> | undefined;
	if (ctx.demo) {
		const route = await io.task('Starting the local proxy that sends Codex to the simulated AWS', () => ctx.demo?.codexRoute?.() ?? Promise.resolve(undefined));
		if (!route) {
			io.note('In --demo, Codex is not run: it needs a local proxy with a throwaway certificate, made with openssl, which is not available here.');
			return {summary: 'not run in --demo'};
		}
		// The SDK endpoint variables are the wizard's own; Codex reaches the simulated AWS by its real host names.
		env = {...Object.fromEntries(Object.entries(ctx.env).filter(([key]) => !key.startsWith('AWS_ENDPOINT_URL'))), ...route};
	}
	const started = ctx.clock.now();
	const result = await io.task(`Running ${command}`, (signal) => runCodexExec(ctx, {...(request.codexProfile ? {codexProfile: request.codexProfile} : {}), ...(env ? {env} : {}), signal}));
	const seconds = ((ctx.clock.now() - started) / 1000).toFixed(1);
	if (!result.ok) {
		io.block(`Last lines from ${command}`, result.tail);
		throw new StepError({
			code: result.timedOut ? 'codex.exec-timeout' : 'codex.exec-failed',
			message: result.timedOut ? `codex exec did not finish within ${CODEX_EXEC_TIMEOUT_MS / 1000} s.` : `codex exec failed: ${result.error ?? `exit code ${result.exitCode ?? 'none'}`}`,
			hint: 'The direct request worked, so the difference is in what Codex uses: its config (profile, region, model), its environment (AWS_* variables), or its own route.',
		});
	}
	// What the Codex turn cost, from the usage Codex reported (its instructions and tools are most of it).
	const cost = result.usage?.input !== undefined && result.usage.output !== undefined ? costUsd(request.model, result.usage.input, result.usage.output) : undefined;
	const usage = result.usage ? `, ${result.usage.input ?? '?'} in / ${result.usage.output ?? '?'} out tokens${cost === undefined ? '' : `: ${formatUsd(cost)}`}` : '';
	io.note(`Codex answered "${(result.answer ?? '').slice(0, 80)}" in ${seconds} s${usage}.`, 'success');
	return {summary: `codex exec answered`};
}
