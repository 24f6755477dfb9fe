// The CLI as a user meets it: spawned as a process, with stdin not a terminal.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {ensureBuilt} from '../helpers/pty.js';

const root = path.resolve(import.meta.dirname, '../..');

function cli(args: string[], env: Record<string, string> = {}) {
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-cli-'));
	const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.ts'), ...args], {
		cwd: root,
		encoding: 'utf8',
		input: '',
		env: {PATH: process.env['PATH'] ?? '', HOME: home, NO_COLOR: '1', ...env},
		timeout: 30_000,
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr, home};
}

describe('cli', () => {
	it('without a TTY and without --yes: exit 2, one paragraph naming the flags, no stack trace', () => {
		const {code, stdout, stderr} = cli([]);
		expect(code).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toContain('needs a terminal to ask its questions');
		expect(stderr).toContain('--yes');
		expect(stderr).not.toMatch(/\n\s+at /);
		expect(stderr).not.toMatch(/raw mode/i);
	});

	it('--help lists the steps and flags; --version prints the version', () => {
		const help = cli(['--help']);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('Usage:');
		expect(help.stdout).toContain('--demo');
		// Piped, it fits 80 columns; words wrap onto lines indented under the text they continue.
		expect(help.stdout.split('\n').filter((line) => line.length > 80)).toEqual([]);
		expect(help.stdout).toMatch(/\n {6}--start-url URL {14}AWS access portal URL, e\.g\.\n {35}https:\/\/d-1234567890\.awsapps\.com\/start\.\n/);
		expect(help.stdout.replace(/\n\s*/g, ' ')).toContain('Exit codes: 0 done (doctor: every check passed), 1 a step or check failed, 2 usage error, 130 cancelled.');
		const version = cli(['--version']);
		expect(version.code).toBe(0);
		expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
	});

	it('--help fits the terminal it is shown in (80 to 100 columns), losing no word', async () => {
		const {helpText} = await import('../../source/flags.js');
		const {STEPS} = await import('../../source/core/steps/index.js');
		const words = (text: string) => text.split(/\s+/).filter(Boolean);
		const wide = helpText('1.2.3', STEPS, 200);
		for (const width of [80, 90, 100]) {
			const text = helpText('1.2.3', STEPS, width);
			expect(text.split('\n').filter((line) => line.length > width), `width ${width}`).toEqual([]);
			expect(words(text)).toEqual(words(wide));
		}
	});

	it('an unknown flag or command is a usage error (exit 2) without a stack trace', () => {
		const flag = cli(['--regoin', 'us-east-1']);
		expect(flag.code).toBe(2);
		expect(flag.stderr).toBe("codex-bedrock-setup: Unknown option '--regoin'. See --help.\n");
		const command = cli(['frobnicate']);
		expect(command.code).toBe(2);
		expect(command.stderr).toContain('Unknown command "frobnicate"');
	});

	it('--demo --yes runs the steps against the simulated AWS in a throwaway home, the real Codex included', () => {
		// The real Codex (node_modules/.bin) answers through the demo's local proxy and throwaway CA (openssl).
		const {code, stdout, home} = cli(['--demo', '--yes', '--keep-demo-home'], {PATH: `${path.join(root, 'node_modules', '.bin')}:${process.env['PATH'] ?? ''}`});
		expect(code).toBe(0);
		expect(stdout).toContain('DEMO (scenario "happy")');
		expect(stdout).toContain('✔ Check this machine');
		expect(stdout).toContain('Done.');
		expect(stdout).toContain('Demo home: ');
		// The demo home is a fresh temporary directory, never the HOME the process was started with.
		expect(stdout).not.toContain(`Demo home: ${home} `);
		expect(stdout).toContain('✔ AWS SSO profile — codex-bedrock · BedrockDeveloper in account 111122223333');
		const openssl = spawnSync('openssl', ['version'], {encoding: 'utf8'}).status === 0;
		if (openssl) expect(stdout).toMatch(/✔ Codex answered "ready" in [\d.]+ s/);
		else expect(stdout).toContain('In --demo, Codex is not run: it needs a local proxy with a throwaway certificate');
		// No secret the simulated AWS issued reaches the screen.
		const demoHome = /Demo home: (\S+)/.exec(stdout)![1]!;
		expect(stdout).toContain(`Demo home: ${demoHome} (kept;`);
		const cache = path.join(demoHome, '.aws', 'sso', 'cache');
		const secrets = readdirSync(cache).flatMap((file) => {
			const data = JSON.parse(readFileSync(path.join(cache, file), 'utf8')) as Record<string, string>;
			return [data['accessToken'], data['refreshToken'], data['clientSecret']].filter((v): v is string => Boolean(v));
		});
		expect(secrets.length).toBeGreaterThan(2);
		for (const secret of secrets) expect(stdout).not.toContain(secret);
	});

	it('an unknown demo scenario is a usage error listing the known ones', () => {
		const {code, stderr} = cli(['--demo', '--yes', '--demo-scenario', 'nope']);
		expect(code).toBe(2);
		expect(stderr).toContain('Unknown demo scenario "nope". Known scenarios: happy,');
	});

	it('--list-scenarios describes each scenario', () => {
		const {code, stdout} = cli(['--list-scenarios']);
		expect(code).toBe(0);
		expect(stdout).toMatch(/^happy\s+Everything works/m);
		expect(stdout).toMatch(/^throttled\s+/m);
	});

	it('--yes --json: one JSON document on stdout, the human lines on stderr', () => {
		const {code, stdout, stderr} = cli(['--demo', '--yes', '--json', '--skip-codex-exec']);
		expect(code).toBe(0);
		const report = JSON.parse(stdout);
		expect(report).toMatchObject({schemaVersion: 1, ok: true, exitCode: 0, tool: {name: 'codex-bedrock-setup'}, answers: {profile: 'codex-bedrock'}, readinessRecord: {written: true}});
		expect(report.steps).toHaveLength(7);
		expect(stderr).toContain('✔ Check this machine');
		expect(stdout).not.toContain('✔');
		// Without --keep-demo-home the throwaway home is gone at exit.
		const demoHome = /Demo home: (\S+) \(removed at exit; --keep-demo-home keeps it\)/.exec(stderr)?.[1];
		expect(demoHome).toBeDefined();
		expect(existsSync(demoHome!)).toBe(false);
	});

	it('--json without --yes is a usage error (exit 2); --fix stays a doctor flag', () => {
		const json = cli(['--json']);
		expect(json.code).toBe(2);
		expect(json.stderr).toContain('--json goes with --yes');
		const fix = cli(['--fix']);
		expect(fix.code).toBe(2);
		expect(fix.stderr).toContain('--fix goes with the doctor command');
	});

	it('--demo --yes --dry-run: the demo home gets no files, and the output says it is a dry run', () => {
		const {code, stdout} = cli(['--demo', '--yes', '--dry-run']);
		expect(code).toBe(0);
		expect(stdout).toContain('Dry run: every change is shown as a diff and nothing is written');
		expect(stdout).toContain('Would create: ~/.aws/config');
		expect(stdout).toContain('The demo wrote no files.');
	});
});

describe('the bin, as npx runs it', () => {
	beforeAll(() => ensureBuilt(), 120_000);

	it('is package.json\'s bin and in its files; answers --version itself and hands the rest to dist/cli.js, also through a symlink', () => {
		const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string; bin: Record<string, string>; files: string[]};
		const relative = pkg.bin['codex-bedrock-setup']!;
		expect(pkg.files).toContain(relative);
		const bin = path.join(root, relative);
		expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
		// npm links node_modules/.bin/codex-bedrock-setup to it.
		const link = path.join(mkdtempSync(path.join(tmpdir(), 'cbs-bin-')), 'codex-bedrock-setup');
		symlinkSync(bin, link);
		const run = (file: string, args: string[]) => {
			const home = mkdtempSync(path.join(tmpdir(), 'cbs-cli-'));
			return spawnSync(process.execPath, [file, ...args], {encoding: 'utf8', input: '', env: {PATH: process.env['PATH'] ?? '', HOME: home, NO_COLOR: '1'}, timeout: 30_000});
		};
		for (const file of [bin, link]) {
			expect(run(file, ['--version']).stdout).toBe(`${pkg.version}\n`);
			const help = run(file, ['--help']);
			expect(help.status).toBe(0);
			expect(help.stdout).toContain('Usage:');
			const none = run(file, []);
			expect(none.status).toBe(2);
			expect(none.stderr).toContain('needs a terminal to ask its questions');
		}
	});
});
