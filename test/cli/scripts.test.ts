// Scripts: the CLI spawned as a process. `--yes --json` prints exactly one JSON document whose exitCode is
// the exit status, for usage errors too (an unknown flag, a value malformed on its face, a bad preset); a
// malformed value is exit 2 with one line naming the flag, before any network call (a local server
// counts connections: AWS_ENDPOINT_URL and HTTPS_PROXY point at it) or any write (HOME stays empty); a
// preset's syntax error names its line and column, JSON too.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let server: http.Server;
let connections = 0;
let url = '';

beforeAll(async () => {
	server = http.createServer((_req, res) => res.end('{}'));
	server.on('connection', () => connections++);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function cli(args: string[]) {
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-scripts-'));
	const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.ts'), ...args], {
		cwd: root,
		encoding: 'utf8',
		input: '',
		env: {PATH: process.env['PATH'] ?? '', HOME: home, NO_COLOR: '1', AWS_ENDPOINT_URL: url, HTTPS_PROXY: url, HTTP_PROXY: url},
		timeout: 30_000,
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr, home};
}

/** stdout is exactly one JSON document (and nothing else). */
function oneDocument(stdout: string): {exitCode: number; ok: boolean; error?: {kind: string; message: string}} {
	const doc = JSON.parse(stdout) as ReturnType<typeof oneDocument>;
	expect(`${JSON.stringify(doc, null, 2)}\n`).toBe(stdout);
	return doc;
}

const SSO = ['--start-url', 'https://d-1234567890.awsapps.com/start', '--sso-region', 'us-east-1'];

describe('--yes --json: one document, its exitCode the exit status', () => {
	it.each([
		['an unknown flag', ['--yes', '--json', '--regin', 'us-east-1'], /Unknown option '--regin'/],
		['--json without --yes', ['--json'], /--json goes with --yes/],
		['a start URL that is no URL', ['--yes', '--json', '--start-url', 'not a url', '--sso-region', 'us-east-1'], /^--start-url not a url: /],
		['an SSO region that is no region', ['--yes', '--json', ...SSO.slice(0, 2), '--sso-region', 'us-east'], /^--sso-region us-east: /],
		['an account ID that is not 12 digits', ['--yes', '--json', ...SSO, '--account-id', '1234'], /^--account-id 1234: an AWS account ID is 12 digits\.$/],
		['a region that is no region name', ['--yes', '--json', ...SSO, '--region', 'Frankfurt'], /^--region Frankfurt: "Frankfurt" is not a region name/],
		['a profile name the config cannot hold', ['--yes', '--json', ...SSO, '--profile', 'my profile'], /^--profile my profile: /],
	])('%s: exit 2, one line naming the flag on stderr, the document on stdout, no network, nothing written', (_name, args, message) => {
		const before = connections;
		const {code, stdout, stderr, home} = cli(args);
		expect(code).toBe(2);
		const doc = oneDocument(stdout);
		expect(doc).toMatchObject({ok: false, exitCode: 2, error: {kind: 'usage'}});
		expect(doc.error!.message).toMatch(message);
		expect(stderr.trim().split('\n')).toHaveLength(1);
		expect(stderr).toMatch(/^codex-bedrock-setup: /);
		expect(connections).toBe(before);
		expect(readdirSync(home)).toEqual([]);
	});
});

describe('preset syntax errors name the line', () => {
	it.each([
		['team.json', '{\n  "startUrl": "https://d-1234567890.awsapps.com/start",\n  "ssoRegion": "us-east-1",\n}\n', /not valid JSON \(line 4, column 1: /],
		['cut.json', '{\n  "startUrl": "https://d-1234567890.awsapps.com/start",\n  "ssoRegion": ', /not valid JSON \(line 3, column 16: /],
		['team.toml', 'startUrl = "https://d-1234567890.awsapps.com/start"\nssoRegion = us-east-1\n', /not valid TOML \(line 2, column 13: /],
	])('%s', (name, text, message) => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cbs-preset-'));
		writeFileSync(path.join(dir, name), text);
		const {code, stdout, stderr} = cli(['--yes', '--json', '--preset', path.join(dir, name)]);
		expect(code).toBe(2);
		expect(stderr).toMatch(message);
		expect(oneDocument(stdout).exitCode).toBe(2);
	});
});
