// The test prompt through Codex: `codex exec` in a new empty directory, read-only, no approvals,
// ephemeral; its JSON events read for the answer and the first error. Stand-in `codex` scripts play
// the real one's event stream (success, a credential error that Codex would retry five times, a hang).
import {chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ExecEvents, execArgs, runCodexExec, testThroughCodex} from '../../source/core/codex/exec.js';
import {runWizard} from '../../source/core/driver.js';
import type {Step} from '../../source/core/types.js';
import {testContext} from '../helpers/context.js';
import {recordingRenderer} from '../helpers/recording-renderer.js';
import {SYSTEM_PATH} from '../helpers/codex.js';


function fakeCodex(body: string): {env: Record<string, string>; record: string} {
	const dir = mkdtempSync(path.join(tmpdir(), 'cbs-fake-codex-'));
	const record = path.join(dir, 'record');
	writeFileSync(
		path.join(dir, 'codex'),
		`#!/bin/sh\nif [ "$1" = "--version" ]; then echo "codex-cli 0.169.0"; exit 0; fi\n{ pwd; ls -A; printf '%s\\n' "$@"; } > "${record}"\n${body}\n`,
	);
	chmodSync(path.join(dir, 'codex'), 0o755);
	return {env: {PATH: `${dir}:${SYSTEM_PATH}`, HOME: dir}, record};
}

const SUCCESS = [
	`echo '{"type":"thread.started","thread_id":"0199"}'`,
	`echo '{"type":"turn.started"}'`,
	`echo '{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"one word"}}'`,
	`echo '{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"ready"}}'`,
	`echo '{"type":"turn.completed","usage":{"input_tokens":2110,"cached_input_tokens":0,"output_tokens":9}}'`,
].join('\n');

const CREDENTIALS = [
	`echo '{"type":"thread.started","thread_id":"0199"}'`,
	`echo '{"type":"turn.started"}'`,
	`echo '{"type":"error","message":"Reconnecting... 1/5 (stream disconnected before completion: failed to load AWS credentials: the credential provider was not enabled)"}'`,
	// Codex would now back off and retry four more times; the wizard does not wait for that.
	'sleep 60',
].join('\n');

describe('codex exec as the judge of the whole path', () => {
	it('runs in a new empty directory, read-only, no approvals, ephemeral, with the Codex profile; reads the answer; deletes the directory', async () => {
		const {env, record} = fakeCodex(SUCCESS);
		const result = await runCodexExec(testContext({env}), {codexProfile: 'bedrock', signal: new AbortController().signal});
		expect(result).toMatchObject({ok: true, exitCode: 0, answer: 'ready', usage: {input: 2110, output: 9}, timedOut: false});
		const [cwd, ...rest] = readFileSync(record, 'utf8').trim().split('\n');
		expect(rest[0]).toBe('exec'); // ls -A printed nothing: the directory was empty
		expect(rest).toEqual(execArgs('bedrock', cwd!));
		expect(rest).toEqual(expect.arrayContaining(['--sandbox', 'read-only', 'approval_policy="never"', '--ephemeral', '--skip-git-repo-check', '--profile', 'bedrock', 'Reply with the single word: ready']));
		expect(path.basename(cwd!)).toMatch(/^codex-bedrock-setup-test-/);
		expect(existsSync(cwd!)).toBe(false);
	});

	it('stops at the first error retrying cannot fix, and keeps the reason', async () => {
		const {env} = fakeCodex(CREDENTIALS);
		const result = await runCodexExec(testContext({env}), {signal: new AbortController().signal});
		expect(result.ok).toBe(false);
		expect(result.error).toBe('stream disconnected before completion: failed to load AWS credentials: the credential provider was not enabled');
		expect(result.timedOut).toBe(false);
	});

	it('a hang ends at the deadline', async () => {
		const {env} = fakeCodex(`echo '{"type":"turn.started"}'\nsleep 60`);
		const result = await runCodexExec(testContext({env}), {timeoutMs: 300, signal: new AbortController().signal});
		expect(result).toMatchObject({ok: false, timedOut: true});
	});

	it('cancelled (Ctrl-C, SIGTERM, SIGHUP abort the run signal): codex and what it started are stopped, and the call ends as cancelled', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cbs-codex-child-'));
		const pidFile = path.join(dir, 'grandchild.pid');
		// The npm wrapper starts the native binary: a child of its own that must go too.
		const {env} = fakeCodex(`echo '{"type":"turn.started"}'\nsleep 60 &\necho $! > "${pidFile}"\nwait`);
		const controller = new AbortController();
		const running = runCodexExec(testContext({env}), {timeoutMs: 30_000, signal: controller.signal});
		const alive = (pid: number) => {
			try {
				process.kill(pid, 0);
				return true;
			} catch {
				return false;
			}
		};
		// Bounded waits for processes (not a timing assertion): the grandchild exists, then it is gone.
		for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 25));
		const grandchild = Number(readFileSync(pidFile, 'utf8').trim());
		expect(alive(grandchild)).toBe(true);
		controller.abort();
		await expect(running).rejects.toBeDefined();
		for (let i = 0; i < 200 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 25));
		expect(alive(grandchild)).toBe(false);
	});

	it('in the step: success is a note with the answer; failure is a typed failure with the last lines and a rule', async () => {
		const run = async (body: string) => {
			const {env} = fakeCodex(body);
			const step: Step = {id: 'test-prompt', title: 'Test prompt', flags: [], run: async (ctx, io) => ({status: 'done', summary: (await testThroughCodex(ctx, io, {model: 'openai.gpt-5.5'})).summary})};
			const renderer = recordingRenderer();
			const result = await runWizard({steps: [step], ctx: testContext({env, flags: {yes: true}}), renderer, interactive: false});
			return {result, renderer};
		};
		const good = await run(SUCCESS);
		expect(good.result.exitCode).toBe(0);
		expect(good.renderer.notes.map((n) => n.message)).toContain('Codex answered "ready" in 0.0 s, 2110 in / 9 out tokens: $0.012.');
		const bad = await run(CREDENTIALS);
		expect(bad.result.state.failure).toMatchObject({code: 'codex.exec-failed', message: 'codex exec failed: stream disconnected before completion: failed to load AWS credentials: the credential provider was not enabled'});
		expect(bad.result.state.failure?.diagnosis?.ruleId).toBe('codex.credentials');
		expect(bad.renderer.blocks.find((b) => b.title.startsWith('Last lines from codex exec'))?.lines.at(-1)).toContain('failed to load AWS credentials');
	});

	it('without Codex: says so and does not fail the step', async () => {
		const renderer = recordingRenderer();
		const step: Step = {id: 'test-prompt', title: 'Test prompt', flags: [], run: async (ctx, io) => ({status: 'done', summary: (await testThroughCodex(ctx, io, {model: 'm'})).summary})};
		const result = await runWizard({steps: [step], ctx: testContext({env: {PATH: `${SYSTEM_PATH}`}}), renderer, interactive: false});
		expect(result.exitCode).toBe(0);
		expect(renderer.notes.map((n) => n.message)).toContain('Codex is not installed, so the prompt was not sent through Codex.');
	});

	it('reads events split across chunks, and never keeps a secret in its lines', () => {
		const events = new ExecEvents();
		events.push('{"type":"item.completed","item":{"type":"agent_mes');
		events.push('sage","text":"ready"}}\n{"type":"turn.compl');
		events.push('eted"}\n');
		expect(events.answer).toBe('ready');
		expect(events.completed).toBe(true);
	});
});
