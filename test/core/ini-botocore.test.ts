// Files other tools read: Debian's AWS CLI (botocore, /usr/bin/aws) lowercases option names, so a key the
// user spelled with capitals (`Region = ...`) is its `region`; writing a second `region` line makes it
// refuse the whole file ("Unable to parse config file"). The edit must leave one key, which botocore and
// the SDKs (lowercase names only) both read.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {setSectionValues} from '../../source/core/aws-config/ini.js';

const AWS = '/usr/bin/aws';

function awsGet(config: string, key: string, profile: string): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'cbs-botocore-'));
	const file = path.join(dir, 'config');
	writeFileSync(file, config);
	return execFileSync(AWS, ['configure', 'get', key, '--profile', profile], {env: {PATH: '/usr/bin:/bin', HOME: dir, AWS_CONFIG_FILE: file}, encoding: 'utf8'}).trim();
}

describe.skipIf(!existsSync(AWS))('keys spelled with capitals (Debian botocore as the judge)', () => {
	it('Region = ... is updated in place, once, as region; botocore reads the new value', () => {
		const before = '[profile codex-bedrock]\n# mine\nRegion = eu-west-1\nSSO_Account_ID = 111122223333\n';
		expect(awsGet(before, 'region', 'codex-bedrock')).toBe('eu-west-1');
		const after = setSectionValues(before, 'profile', 'codex-bedrock', [['region', 'us-east-1'], ['sso_account_id', '111122223333']]);
		expect(after).toBe('[profile codex-bedrock]\n# mine\nregion = us-east-1\nsso_account_id = 111122223333\n');
		expect(awsGet(after, 'region', 'codex-bedrock')).toBe('us-east-1');
	});
});
