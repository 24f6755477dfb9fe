// The config.toml lines the summary tells the user to add are judged by the real Codex CLI
// (@openai/codex, a devDependency): `codex doctor --json` must load them as the amazon-bedrock provider
// with our model, and `codex exec --strict-config` must refuse a key Codex does not know (so the judge
// can say no).
import {execFile} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {codexConfigLines} from '../../source/core/steps/summary.js';

const run = promisify(execFile);
const CODEX = path.resolve(import.meta.dirname, '../../node_modules/.bin/codex');

function codexHome(lines: string[]): string {
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-codex-'));
	writeFileSync(path.join(home, 'config.toml'), `${lines.join('\n')}\n`);
	return home;
}

const env = (home: string) => ({PATH: process.env['PATH'] ?? '', HOME: home, CODEX_HOME: home});

describe('the summary\'s config.toml lines, judged by the real Codex', () => {
	it('codex doctor --json loads them as the amazon-bedrock provider with our model', async () => {
		const lines = codexConfigLines({profile: 'codex-bedrock', region: 'eu-west-1', model: 'openai.gpt-oss-120b'})!;
		const home = codexHome(lines);
		const {stdout} = await run(CODEX, ['doctor', '--json'], {env: env(home), timeout: 60_000}).catch((error: {stdout?: string}) => ({stdout: error.stdout ?? ''}));
		const report = JSON.parse(stdout) as {checks: Record<string, {status: string; details: Record<string, string>}>};
		const load = report.checks['config.load']!;
		expect(load.status).toBe('ok');
		expect(load.details['config.toml parse']).toBe('ok');
		expect(load.details['model provider']).toBe('amazon-bedrock');
		expect(load.details['model']).toBe('openai.gpt-oss-120b');
	});

	it('codex exec --strict-config refuses an unknown key, naming file, line and column', async () => {
		const lines = [...codexConfigLines({profile: 'p', region: 'us-east-1', model: 'openai.gpt-5.4'})!, 'bogus = "x"'];
		const home = codexHome(lines);
		const error = await run(CODEX, ['exec', '--strict-config', '--skip-git-repo-check', '-s', 'read-only', 'hi'], {env: env(home), timeout: 60_000}).then(
			() => undefined,
			(e: {code?: number; stderr?: string; stdout?: string}) => e,
		);
		expect(error?.code).not.toBe(0);
		expect(`${error?.stderr}${error?.stdout}`).toMatch(/config\.toml:7:1: unknown configuration field `model_providers\.amazon-bedrock\.aws\.bogus`/);
	});
});
