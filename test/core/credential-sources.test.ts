// Which profiles the wizard offers, and why the others are not offered.
import {describe, expect, it} from 'vitest';
import {readProfileSources} from '../../source/core/aws-config/credential-sources.js';
import {parseIni} from '../../source/core/aws-config/ini.js';

const CONFIG = `[default]
region = eu-west-1

[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Dev

[sso-session corp]
sso_start_url = https://d-1.awsapps.com/start
sso_region = us-east-1

[profile granted]
credential_process = granted credentials dev --export-json --extra args

[profile chain]
role_arn = arn:aws:iam::111122223333:role/Bedrock
source_profile = keys

[profile chain-of-sso]
role_arn = arn:aws:iam::111122223333:role/Bedrock
source_profile = sso

[profile orphan]
role_arn = arn:aws:iam::111122223333:role/Bedrock
source_profile = missing

[profile loop-a]
role_arn = arn:aws:iam::111122223333:role/A
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::111122223333:role/B
source_profile = loop-a

[profile console]
login_session = arn:aws:iam::111122223333:user/dev

[profile ec2]
role_arn = arn:aws:iam::111122223333:role/Bedrock
credential_source = Laptop
`;
const CREDENTIALS = `[keys]
aws_access_key_id = AKIDEXAMPLE
aws_secret_access_key = secret

[half]
aws_access_key_id = AKIDEXAMPLE
`;

describe('readProfileSources', () => {
	const sources = readProfileSources(parseIni(CONFIG), parseIni(CREDENTIALS));
	const by = (name: string) => sources.find((s) => s.name === name)!;

	it('classifies each profile as the SDK chain resolves it', () => {
		expect(by('sso')).toMatchObject({kind: 'sso', sourceFor: ['chain-of-sso']});
		expect(by('granted')).toMatchObject({kind: 'credential-process', describe: 'credential_process: granted credentials dev ...'});
		expect(by('chain')).toMatchObject({kind: 'role-chain', describe: 'role arn:aws:iam::111122223333:role/Bedrock via keys (static-keys)'});
		expect(by('chain-of-sso')).toMatchObject({kind: 'role-chain', describe: 'role arn:aws:iam::111122223333:role/Bedrock via sso (sso)'});
		expect(by('console')).toMatchObject({kind: 'login-session'});
		expect(by('keys')).toMatchObject({kind: 'static-keys', inCredentialsFile: true, sourceFor: ['chain'], warning: 'long-term access keys never expire: temporary credentials (SSO, a role) are safer for Codex'});
		expect(by('default')).toMatchObject({kind: 'none'});
	});

	it('explains the ones that cannot work', () => {
		expect(by('orphan').unusable).toBe('its source_profile "missing" does not exist');
		expect(by('loop-a').unusable).toMatch(/^its source profile loop-b: its source_profile chain loops/);
		expect(by('ec2').unusable).toBe('credential_source must be Environment, Ec2InstanceMetadata or EcsContainer, not Laptop');
		expect(by('half').unusable).toBe('it has only one of aws_access_key_id and aws_secret_access_key');
		expect(by('granted').unusable).toBeUndefined();
	});
});
