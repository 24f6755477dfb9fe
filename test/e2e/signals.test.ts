// Signals to the built CLI in a real pseudo-terminal: SIGINT, SIGTERM and SIGHUP at a prompt and in the
// failure menu end the run with exit 130 (cancelled) within seconds, and leave no child process behind.
// Before, SIGTERM in the Ink failure menu was ignored (the menu waited for a key) and SIGHUP was not
// handled at all.
import {execFileSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import {ensureBuilt, killAll, spawnCli, submit, type CliRun} from '../helpers/pty.js';

const PATH = `${path.dirname(process.execPath)}:/usr/bin:/bin`;
const ANSWERED = ['--profile', 'codex-bedrock', '--sso-session', 'corp', '--start-url', DEMO_START_URL, '--sso-region', 'us-east-1', '--scopes', 'sso:account:access', '--account-id', '111122223333', '--role-name', 'BedrockDeveloper', '--region', 'us-east-1', '--model', 'openai.gpt-5.4'];

beforeAll(() => ensureBuilt(), 120_000);
afterAll(() => killAll());

function start(args: string[]): CliRun {
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-signals-'));
	return spawnCli(args, {env: {PATH, HOME: home}});
}

/** Exit code, or a failure naming how long it took when it did not exit within `ms`. */
async function exitWithin(run: CliRun, ms: number): Promise<number> {
	const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running ${ms} ms after the signal; screen:\n${run.screen()}`)), ms));
	return (await Promise.race([run.exited, timer])).exitCode;
}

function descendants(pid: number): string[] {
	try {
		return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], {encoding: 'utf8'}).trim().split('\n').filter(Boolean);
	} catch {
		return [];
	}
}

describe('signals in the Ink UI', () => {
	it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s at a prompt: exit 130', {timeout: 60_000}, async (signal) => {
		const run = start(['--demo']);
		await run.waitFor('? Profile name', {timeoutMs: 30_000});
		run.kill(signal);
		expect(await exitWithin(run, 5000)).toBe(130);
	});

	it.each(['SIGTERM', 'SIGHUP'] as const)('%s in the failure menu: exit 130, no child left', {timeout: 90_000}, async (signal) => {
		const run = start(['--demo', '--demo-scenario', 'bedrock-iam-denied', ...ANSWERED]);
		await submit(run, '? Write ~/.aws/config?');
		await run.waitFor('Quit (files stay as they are now)', {timeoutMs: 30_000});
		run.kill(signal);
		expect(await exitWithin(run, 5000)).toBe(130);
		expect(descendants(run.pid)).toEqual([]);
	});
});
