// Every flag value is checked before any sign-in or write: a bad --region used to be refused only after
// the sign-in and the ~/.aws/config write.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {checkFlagValues} from '../../source/core/flag-checks.js';

const root = path.resolve(import.meta.dirname, '../..');
const SSO = ['--profile', 'codex-bedrock', '--start-url', 'https://d-9067example.awsapps.com/start', '--sso-region', 'us-east-1', '--account-id', '111122223333', '--role-name', 'BedrockDeveloper'];

describe('flag values are checked before anything happens', () => {
	it('a bad --region: exit 2 naming it, no ~/.aws written, no request made', () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-flags-'));
		// Any request would go to a closed port and fail loudly, never to the network.
		const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.ts'), '--yes', ...SSO, '--region', 'us-east-7'], {
			cwd: root,
			encoding: 'utf8',
			input: '',
			env: {PATH: process.env['PATH'] ?? '', HOME: home, NO_COLOR: '1', HTTPS_PROXY: 'http://127.0.0.1:9', AWS_EC2_METADATA_DISABLED: 'true'},
			timeout: 30_000,
		});
		expect(result.status).toBe(2);
		expect(result.stderr).toBe('codex-bedrock-setup: --region us-east-7: us-east-7 is not an AWS region the wizard knows of.\n');
		expect(existsSync(path.join(home, '.aws'))).toBe(false);
	});

	it.each([
		[{region: 'useast1'}, '--region useast1: "useast1" is not a region name (like us-east-1).'],
		[{'account-id': '1234'}, '--account-id 1234: an AWS account ID is 12 digits.'],
		[{'start-url': 'http://d-1.awsapps.com/start'}, '--start-url http://d-1.awsapps.com/start: The start URL must use https: https://d-1.awsapps.com/start'],
		[{'sso-region': 'us-east-9'}, '--sso-region us-east-9: IAM Identity Center is not available in us-east-9. Use the region shown in your access portal\'s settings.'],
		[{'role-name': 'has space'}, '--role-name has space: a role (permission set) name is 1-32 letters, digits or + = , . @ _ -.'],
		[{profile: 'a b'}, '--profile a b: Use letters, digits and - _ . @ + % : / only (no spaces): the AWS SDKs cannot read other profile names.'],
		[{'probe-regions': 'us-east-1,mars-1'}, '--probe-regions us-east-1,mars-1: unknown region mars-1.'],
		[{'codex-profile': 'a.b'}, '--codex-profile a.b: Codex profile names may contain only letters, numbers, hyphens and underscores.'],
		[{'test-prompt-timeout': '0'}, '--test-prompt-timeout 0: give a number of seconds between 0 and 600.'],
	])('%o is refused', (flags, message) => {
		expect(() => checkFlagValues(flags)).toThrow(message);
	});

	it('a preset\'s locks are flags\' limits too', () => {
		expect(() => checkFlagValues({region: 'us-west-2'}, {regions: ['us-east-1']})).toThrow("--region us-west-2: your team's preset allows only us-east-1.");
		expect(() => checkFlagValues({model: 'openai.gpt-5.5'}, {models: ['openai.gpt-5.4']})).toThrow("--model openai.gpt-5.5: your team's preset allows only openai.gpt-5.4.");
		expect(() => checkFlagValues({region: 'us-east-1', model: 'openai.gpt-5.4', ...Object.fromEntries([['account-id', '111122223333']])}, {regions: ['us-east-1'], models: ['openai.gpt-5.4']})).not.toThrow();
	});
});
