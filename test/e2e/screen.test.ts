// What a person sees, on a real terminal emulator (@xterm/headless fed by the PTY): the built CLI's Ink UI
// at 80x24 and 100x30, through the whole --demo and every failure scenario. At every question the question
// is on the visible screen; at a failure, the headline, the likely cause, the fix and "What now?" are;
// nothing is ever drawn twice (the header, a step's line, a failure: once each in scrollback); and the
// session never sends clear-screen or clear-scrollback (ESC[2J, ESC[3J), so the shell history above the run
// survives. After a complete run, scrollback holds each step's findings.
//
// Waits are on screen text; each time-out is only a bound on failure. Failure scenarios answer the questions
// before the failing step with flags where they can, so each run is a few seconds.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {RULES} from '../../source/core/troubleshoot/rules.js';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import {CODEX_BIN_DIR, ensureBuilt, KEY, killAll, spawnCli, submit, type CliRun} from '../helpers/pty.js';

const PATH = `${CODEX_BIN_DIR}:${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;
const homes: string[] = [];

function env(label: string): Record<string, string> {
	const home = mkdtempSync(path.join(tmpdir(), `cbs-screen-${label}-`));
	homes.push(home);
	return {PATH, HOME: home, AWS_CONFIG_FILE: path.join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'), CODEX_HOME: path.join(home, '.codex')};
}

beforeAll(() => ensureBuilt(), 120_000);
afterAll(() => {
	killAll();
	for (const home of homes) rmSync(home, {recursive: true, force: true});
});

const HEADER = 'codex-bedrock-setup — set up Codex on Amazon Bedrock';

/** Clear-screen and clear-scrollback: an Ink frame taller than the terminal sends both, on every redraw. */
function expectNoClearing(run: CliRun): void {
	expect(run.raw()).not.toContain('\u001B[3J');
	expect(run.raw()).not.toContain('\u001B[2J');
}

function count(text: string, needle: string): number {
	return text.split(needle).length - 1;
}

/** The question on screen now (its "? ..." line), if any: the last one, which is the live one. */
function questionOnScreen(screen: string): string | undefined {
	const lines = screen.split('\n').filter((line) => /^\s*\? \S/.test(line));
	return lines.at(-1)?.trim();
}

/**
 * Press Enter on every question (the defaults) until `until` is on screen. Each question must be fully
 * on the visible screen with its key line under it when it is answered.
 */
async function answerDefaults(run: CliRun, until: string | RegExp, seen: string[] = []): Promise<void> {
	const done = (screen: string) => (typeof until === 'string' ? screen.includes(until) : until.test(screen));
	for (let i = 0; i < 40; i++) {
		await run.waitFor((screen) => done(screen) || (questionOnScreen(screen) !== undefined && /Esc back · Ctrl-C quit/.test(screen)), {timeoutMs: 60_000});
		const screen = run.screen();
		if (done(screen)) return;
		const question = questionOnScreen(screen)!;
		seen.push(question);
		await submit(run, question);
	}
	throw new Error(`Too many questions before ${String(until)}; screen:\n${run.screen()}`);
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

/** A fix line as a pattern: its placeholders may be filled with several words ("the action named in the message"). */
function pattern(text: string): RegExp {
	const escaped = flat(text).replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '.+?');
	return new RegExp(escaped.replace(/ /g, '\\s+'));
}

describe('validation in the Ink UI at 80x24', () => {
	it('an invalid value typed into each text field shows its reason under the field; Ctrl-U clears it, Enter then takes the default', {timeout: 90_000}, async () => {
		const run = spawnCli(['--demo'], {env: env('validation'), cols: 80, rows: 24});
		const fields: Array<[string, string, string]> = [
			['? Profile name', 'my profile', 'Use letters, digits and - _ . @ + % : / only (no spaces)'],
			['? SSO session name', 'my session', 'Use letters, digits and - _ . @ + % : / only (no spaces)'],
			['? SSO start URL', 'portal', 'That is not a URL.'],
			['? SSO region', 'useast1', '"useast1" is not a region name'],
			['? SSO registration scopes', 'sso:account:access openid', 'Scope values must be separated by commas'],
		];
		for (const [question, bad, reason] of fields) {
			await run.waitFor(question);
			// The default is prefilled: the first printable key replaces it.
			await run.waitFor('(default: type to replace');
			run.type(bad);
			await run.waitFor(`› ${bad}`);
			run.write(KEY.enter);
			await run.waitFor((screen) => flat(screen).includes(`✖ ${reason}`));
			const screen = run.screen();
			// Under the field, with the question still there.
			expect(screen.indexOf(question)).toBeLessThan(screen.indexOf('✖ '));
			expect(screen.indexOf(`› ${bad}`)).toBeLessThan(screen.indexOf('✖ '));
			// Ctrl-U empties the field (and the message goes); Enter on an empty field takes the default.
			run.write('\u0015');
			await run.waitFor((s) => !s.includes(`› ${bad}`) && !s.includes('✖ '));
			await submit(run, question);
		}
		run.write(KEY.ctrlC);
		expect((await run.exited).exitCode).toBe(130);
		expectNoClearing(run);
	});
});

describe.each([
	[80, 24],
	[100, 30],
])('at %ix%i', (cols, rows) => {
	it('the whole demo: each question on screen when asked, no clearing, and scrollback keeps every finding', {timeout: 120_000}, async () => {
		const run = spawnCli(['--demo'], {env: env(`demo-${cols}`), cols, rows});
		const asked: string[] = [];
		await answerDefaults(run, /Demo home: /, asked);
		expect((await run.exited).exitCode).toBe(0);
		expectNoClearing(run);
		expect(asked).toEqual(expect.arrayContaining(['? Profile name', '? Region for Codex', '? Write ~/.codex/config.toml?']));
		const scrollback = run.scrollback();
		// Drawn once: the header, and each step's line.
		expect(count(scrollback, HEADER)).toBe(1);
		for (const title of ['Check this machine', 'AWS SSO profile', 'Region', 'Model access', 'Codex config', 'Test prompt', 'Summary']) {
			expect(count(scrollback, `✔ ${title} — `)).toBe(1);
		}
		// Each step's findings stay in scrollback: the residency note, codex doctor's verdict, the test
		// answer and its cost, the sign-in URL whole on one (soft-wrapped) line.
		expect(scrollback).toMatch(/Where prompts to \S+ may be processed|In-region: prompts are processed in us-east-1/);
		expect(scrollback).toMatch(/codex doctor: the config loads; provider amazon-bedrock/);
		expect(scrollback).toMatch(/Answer: .*ready/i);
		// (The demo's default model may have no known price: then the line says so.)
		expect(scrollback).toMatch(/Cost: (\$[\d.]+ \(the tokens above|unknown \(no price is known)/);
		expect(scrollback).toMatch(/^ {4}http:\/\/127\.0\.0\.1:\d+\/region\/us-east-1\/authorize\?\S+code_challenge=\S+$/m);
		expect(scrollback).toContain('Done.');
	});

	const FAILING: Array<[string, string, string | undefined]> = [
		['no-accounts', 'AWS SSO profile', 'sso.no-accounts'],
		['device-denied', 'AWS SSO profile', 'sso.denied'],
		['expired-token', 'AWS SSO profile', 'auth.expired'],
		['no-model-access', 'Model access', 'access.model'],
		['marketplace-denied', 'Model access', 'access.marketplace'],
		// Nothing on either route in us-east-1: the region step says so (with what the probe found).
		['region-without-openai', 'Region', 'model.region-unavailable'],
		['bedrock-iam-denied', 'Model access', 'access.bedrock-iam'],
		// The probe's one attempt per call (--probe-timeout) meets AWS's skew check: the region step explains it.
		['clock-skew', 'Region', 'auth.clock-skew'],
		['throttled', 'Test prompt', 'quota.throttled'],
		['mantle-iam-denied', 'Test prompt', 'access.mantle-iam'],
		['mantle-invalid-token', 'Test prompt', 'auth.invalid-token'],
		['mantle-expired-token', 'Test prompt', 'auth.expired'],
		['mantle-timeout', 'Test prompt', 'network.timeout'],
	];
	// 80x24 is the promise; at 100x30 one scenario per failing step keeps the suite short.
	const scenarios = cols === 80 ? FAILING : FAILING.filter(([name]) => ['device-denied', 'bedrock-iam-denied', 'mantle-iam-denied'].includes(name));

	it.concurrent.each(scenarios)('%s: the headline, cause, fix and "What now?" on screen; Quit ends with one closing line', {timeout: 120_000}, async (scenario, step, ruleId) => {
		// Past the sign-in, flags answer what the whole-demo test above already asks on screen.
		const sso = step === 'AWS SSO profile' ? [] : ['--profile', 'codex-bedrock', '--sso-session', 'codex-bedrock', '--start-url', DEMO_START_URL, '--sso-region', 'us-east-1', '--scopes', 'sso:account:access', '--account-id', '111122223333', '--role-name', 'BedrockDeveloper'];
		// A few regions: a dozen demos at once, each probing every region on both routes, time out on a busy machine.
		const run = spawnCli(['--demo', '--demo-scenario', scenario, ...sso, '--region', 'us-east-1', '--model', 'openai.gpt-5.5', '--skip-codex-exec', '--test-prompt-timeout', '2', '--probe-timeout', '1', '--probe-regions', 'us-east-1,us-east-2,ca-central-1'], {
			env: env(scenario),
			cols,
			rows,
		});
		await answerDefaults(run, '? What now?');
		await run.waitFor('❯ Retry this step');
		const screen = run.screen();
		expect(screen).toContain(`✖ ${step} failed:`);
		// The rule's cause and its fix, filled in with the user's values, on the visible screen.
		const rule = RULES.find((r) => pattern(`Likely cause: ${r.cause}`).test(flat(screen)));
		expect(rule, screen).toBeDefined();
		if (ruleId) expect(rule!.id).toBe(ruleId);
		expect(screen).toContain('Fix:');
		expect(flat(screen)).toMatch(pattern(rule!.fix[0]!));
		expect(screen).not.toMatch(/<(profile|region|model)>/);
		expect(count(screen, '? What now?')).toBe(1);
		// From Retry (first), Up wraps to the last choice: Quit. Above it, Skip only where the rest can go
		// on without this step's answers (the test prompt); elsewhere Back or "Go to".
		await submit(run, '❯ Retry this step', {keys: KEY.up});
		await run.waitFor('❯ Quit (files stay as they are now)');
		await submit(run, '❯ Quit (files stay as they are now)', {keys: KEY.up});
		await run.waitFor((s) => /❯ (Skip this step|Back to the previous step|Go to)/.test(s));
		expect(run.screen().includes('❯ Skip this step')).toBe(step === 'Test prompt');
		await submit(run, /❯ (Skip this step|Back to the previous step|Go to)/, {keys: KEY.down});
		await submit(run, '❯ Quit (files stay as they are now)');
		expect((await run.exited).exitCode).toBe(1);
		expectNoClearing(run);
		const scrollback = run.scrollback();
		expect(count(scrollback, HEADER)).toBe(1);
		expect(count(scrollback, `✖ ${step} failed:`)).toBe(1);
		expect(count(scrollback, 'Stopped at')).toBe(1);
		expect(run.screen()).toMatch(new RegExp(`Stopped at "${step}"\\. (Written: .+|Nothing was written)\\. Next: `));
	});
});
