// Every profile in ~/.aws/config and ~/.aws/credentials (or AWS_SHARED_CREDENTIALS_FILE), classified by
// where its credentials come from, the way the SDKs' chains resolve them (@aws-sdk/credential-provider-ini
// resolveProfileData; botocore's credential resolver): role chains first (role_arn with source_profile or
// credential_source), then web identity, then SSO, then console sign-in sessions (login_session),
// then credential_process, then static keys. Kept apart from the SSO profile reader (profiles.ts): this
// decides what the wizard may offer and must never modify; the SSO step only ever edits SSO profiles.
import {sectionValues, type IniDocument} from './ini.js';

export type SourceKind = 'sso' | 'role-chain' | 'web-identity' | 'login-session' | 'credential-process' | 'static-keys' | 'none';

export interface ProfileSource {
	name: string;
	kind: SourceKind;
	/** One line for the profile list ("credential_process: granted credentials dev"). */
	describe: string;
	/** Why Codex cannot use it (then it is explained, not offered). */
	unusable?: string;
	/** Something the user should know (static keys: prefer temporary credentials). */
	warning?: string;
	/** Other profiles that name this one as source_profile: rewriting it would break them. */
	sourceFor: string[];
	region?: string;
	/** The keys live in the credentials file (static keys), not in ~/.aws/config. */
	inCredentialsFile: boolean;
}

function profileSections(doc: IniDocument, credentialsFile: boolean): Map<string, Record<string, string>> {
	const out = new Map<string, Record<string, string>>();
	for (const section of doc.sections) {
		// ~/.aws/credentials has no "profile " prefix: every section is a profile ([default], [dev]).
		if (credentialsFile ? section.kind === 'sso-session' || section.kind === 'services' : section.kind !== 'profile' && section.kind !== 'default') continue;
		out.set(credentialsFile ? section.header : section.name, sectionValues(section));
	}
	return out;
}

/** The processes the SDK would start: the command line of credential_process, shown without arguments that look secret. */
function shownCommand(command: string): string {
	const first = command.trim().split(/\s+/);
	return first.length > 3 ? `${first.slice(0, 3).join(' ')} ...` : first.join(' ');
}

export function readProfileSources(config: IniDocument, credentials: IniDocument | undefined): ProfileSource[] {
	const fromConfig = profileSections(config, false);
	const fromCredentials = credentials ? profileSections(credentials, true) : new Map<string, Record<string, string>>();
	const names = [...new Set([...fromConfig.keys(), ...fromCredentials.keys()])];
	const merged = new Map(names.map((name) => [name, {...fromConfig.get(name), ...fromCredentials.get(name)}]));
	const sourceFor = (name: string) => names.filter((other) => other !== name && merged.get(other)?.['source_profile'] === name);

	const classify = (name: string, seen: string[]): Omit<ProfileSource, 'name' | 'sourceFor' | 'region' | 'inCredentialsFile'> => {
		const v = merged.get(name) ?? {};
		if (v['role_arn']) {
			if (v['source_profile']) {
				const source = v['source_profile'];
				if (seen.includes(source)) return {kind: 'role-chain', describe: `role ${v['role_arn']} via ${source}`, unusable: `its source_profile chain loops (${[...seen, source].join(' -> ')})`};
				if (!merged.has(source)) return {kind: 'role-chain', describe: `role ${v['role_arn']} via ${source}`, unusable: `its source_profile "${source}" does not exist`};
				const inner = source === name ? {kind: 'static-keys' as const, describe: ''} : classify(source, [...seen, source]);
				if (inner.unusable) return {kind: 'role-chain', describe: `role ${v['role_arn']} via ${source}`, unusable: `its source profile ${source}: ${inner.unusable}`};
				if (inner.kind === 'none') return {kind: 'role-chain', describe: `role ${v['role_arn']} via ${source}`, unusable: `its source profile ${source} has no credentials`};
				return {kind: 'role-chain', describe: `role ${v['role_arn']} via ${source} (${inner.kind})`};
			}
			if (v['credential_source']) {
				const where = v['credential_source'];
				const known = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'];
				if (!known.includes(where)) return {kind: 'role-chain', describe: `role ${v['role_arn']} from ${where}`, unusable: `credential_source must be Environment, Ec2InstanceMetadata or EcsContainer, not ${where}`};
				return {kind: 'role-chain', describe: `role ${v['role_arn']} from ${where}`};
			}
			if (v['web_identity_token_file']) return {kind: 'web-identity', describe: `web identity for ${v['role_arn']}`};
			return {kind: 'role-chain', describe: `role ${v['role_arn']}`, unusable: 'it has role_arn but no source_profile or credential_source'};
		}
		if (Object.keys(v).some((key) => key === 'sso_session' || key === 'sso_start_url')) return {kind: 'sso', describe: 'IAM Identity Center (SSO)'};
		if (v['login_session']) return {kind: 'login-session', describe: `console sign-in (aws login) as ${v['login_session']}`};
		if (v['credential_process']) return {kind: 'credential-process', describe: `credential_process: ${shownCommand(v['credential_process'])}`};
		if (v['aws_access_key_id'] || v['aws_secret_access_key']) {
			if (!v['aws_access_key_id'] || !v['aws_secret_access_key']) return {kind: 'static-keys', describe: 'access keys', unusable: 'it has only one of aws_access_key_id and aws_secret_access_key'};
			const temporary = Boolean(v['aws_session_token']);
			return {
				kind: 'static-keys',
				describe: temporary ? 'temporary access keys (with a session token)' : 'long-term access keys',
				...(temporary ? {} : {warning: 'long-term access keys never expire: temporary credentials (SSO, a role) are safer for Codex'}),
			};
		}
		return {kind: 'none', describe: 'no credentials', unusable: 'it has no credentials (no SSO, role, credential_process or keys)'};
	};

	return names.map((name) => {
		const v = merged.get(name)!;
		const source = classify(name, [name]);
		const region = fromConfig.get(name)?.['region'];
		return {
			name,
			...source,
			sourceFor: sourceFor(name),
			...(region ? {region} : {}),
			inCredentialsFile: fromCredentials.has(name) && Boolean(v['aws_access_key_id']),
		};
	});
}
