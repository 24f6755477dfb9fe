// Someone else's profile: a --profile that names an existing profile which gets its credentials some
// other way (credential_process, keys, a role with source_profile, web identity), or that other profiles
// use as their source_profile. The SSO step would rewrite it into an SSO profile (region changed, SSO keys
// mixed in) and break whatever relies on it, so it is never touched without an explicit choice: the user
// picks another name, or changes that profile themselves. (#15 repairs stale SSO profiles; this guard is
// only about profiles that are not SSO at all.)
import {findSection, sectionValues, type IniDocument} from './ini.js';

const CREDENTIAL_KEYS = ['credential_process', 'aws_access_key_id', 'role_arn', 'source_profile', 'credential_source', 'web_identity_token_file'];
const SSO_KEYS = ['sso_session', 'sso_start_url', 'sso_account_id', 'sso_role_name'];

/** Why `name` is someone else's profile (one line), or undefined when the SSO step may edit it. */
export function foreignProfile(doc: IniDocument, name: string): string | undefined {
	const values = sectionValues(findSection(doc, 'profile', name));
	const keys = Object.keys(values).map((k) => k.toLowerCase());
	if (keys.some((k) => SSO_KEYS.includes(k))) return undefined;
	const how = CREDENTIAL_KEYS.filter((k) => keys.includes(k));
	const users = doc.sections
		.filter((s) => s.kind === 'profile' || s.kind === 'default')
		.filter((s) => s.entries.some((e) => e.key.toLowerCase() === 'source_profile' && e.value === name))
		.map((s) => s.name);
	if (!how.length && !users.length) return undefined;
	const parts = [how.length ? `it uses ${how.join(', ')}` : '', users.length ? `${users.join(', ')} use${users.length === 1 ? 's' : ''} it as source_profile` : ''].filter(Boolean);
	return `the profile ${name} exists and is not an SSO profile (${parts.join('; ')})`;
}
