// The team commands as a user meets them: spawned as a process, usage errors (exit 2, one line, no stack)
// before anything else happens, and team init end to end with flags only.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import {UsageError} from '../../source/core/errors.js';
import {STEPS} from '../../source/core/steps/index.js';
import {parseCommandLine} from '../../source/flags.js';

const root = path.resolve(import.meta.dirname, '../..');

function cli(args: string[] | ((home: string) => string[])) {
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-team-cli-'));
	if (typeof args === 'function') args = args(home);
	const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.ts'), ...args], {cwd: root, encoding: 'utf8', input: '', env: {PATH: process.env['PATH'] ?? '', HOME: home, NO_COLOR: '1'}, timeout: 30_000});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr, home};
}

describe('team on the command line', () => {
	it.each([
		[['team'], /team needs a command: team init or team check/],
		[['team', 'audit'], /team needs a command: team init or team check \(not "audit"\)/],
		[['team', 'check', '--create-budget'], /--create-budget and --update-permission-set go with team check --fix/],
		[['team', 'init', '--fix'], /go with team check/],
		[['--regions', 'us-east-1', '--yes'], /--regions goes with the team commands/],
	])('%j: a usage error before anything runs', (args, message) => {
		expect(() => parseCommandLine(args, STEPS)).toThrow(UsageError);
		expect(() => parseCommandLine(args, STEPS)).toThrow(message);
	});

	it.each([
		[['team', 'check'], /team check needs the team preset/],
		[['team', 'init', '--yes', '--start-url', 'http://example.com', '--account-id', '111122223333'], /--start-url http:\/\/example.com:/],
	])('%j: exit 2, one message, no stack trace, nothing written', (args, message) => {
		const {code, stderr, home} = cli(args);
		expect(code).toBe(2);
		expect(stderr).toMatch(message);
		expect(stderr).not.toMatch(/\n\s+at /);
		expect(readdirSync(home).filter((n) => !n.startsWith('.'))).toEqual([]);
	});

	it('team init --yes with flags writes the four files here and says what to do next', () => {
		const {code, stdout, home} = cli((home) => ['team', 'init', '--yes', '--start-url', DEMO_START_URL, '--account-id', '111122223333', '--regions', 'us-east-2,us-east-1', '--models', 'openai.gpt-5.4', '--out', home]);
		expect(code).toBe(0);
		expect(readdirSync(home).filter((n) => !n.startsWith('.')).sort()).toEqual(['codex-team.toml', 'developer-permission-set-policy.json', 'permissions.md', 'scp-bedrock-regions.json']);
		expect(stdout).toMatch(/\+\+\+ \S*codex-team.toml/);
		expect(stdout).toContain('team check --preset');
	});

	it('--help shows the team commands and their flags', () => {
		const {code, stdout} = cli(['--help']);
		expect(code).toBe(0);
		expect(stdout).toContain('team init');
		expect(stdout).toContain('--update-permission-set');
	});
});
