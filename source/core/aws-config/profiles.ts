// What ~/.aws/config already has for SSO: profiles that use an [sso-session] (the AWS CLI's format since
// 2.9), legacy profiles with sso_start_url in the profile, and the sessions themselves, each with the
// problems the SDKs would hit reading them.
import {findSection, sectionValues, type IniDocument} from './ini.js';

export interface SsoSessionInfo {
	name: string;
	startUrl?: string;
	ssoRegion?: string;
	scopes?: string;
	problems: string[];
}

export interface SsoProfileInfo {
	name: string;
	style: 'sso-session' | 'legacy';
	sessionName?: string;
	startUrl?: string;
	ssoRegion?: string;
	accountId?: string;
	roleName?: string;
	region?: string;
	problems: string[];
}

export interface SsoConfig {
	profiles: SsoProfileInfo[];
	sessions: SsoSessionInfo[];
	/** Every profile name (SSO or not), to tell the user a name is taken. */
	allProfiles: string[];
}

function defined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

export function readSsoConfig(doc: IniDocument): SsoConfig {
	const sessions: SsoSessionInfo[] = doc.sections
		.filter((s) => s.kind === 'sso-session')
		.map((section) => {
			const v = sectionValues(section);
			const problems: string[] = [];
			if (!v['sso_start_url']) problems.push('no sso_start_url');
			if (!v['sso_region']) problems.push('no sso_region');
			return defined({name: section.name, startUrl: v['sso_start_url'], ssoRegion: v['sso_region'], scopes: v['sso_registration_scopes'], problems});
		});

	const profileSections = doc.sections.filter((s) => s.kind === 'profile' || s.kind === 'default');
	const profiles: SsoProfileInfo[] = [];
	for (const section of profileSections) {
		const v = sectionValues(section);
		if (!Object.keys(v).some((key) => key.startsWith('sso_'))) continue;
		const problems: string[] = [];
		const common = {name: section.name, accountId: v['sso_account_id'], roleName: v['sso_role_name'], region: v['region']};
		if (v['sso_session']) {
			const session = findSection(doc, 'sso-session', v['sso_session']);
			const sv = sectionValues(session);
			if (!session) problems.push(`its sso_session "${v['sso_session']}" has no [sso-session ${v['sso_session']}] section`);
			// botocore refuses a profile whose own sso_start_url / sso_region disagree with its session.
			for (const key of ['sso_start_url', 'sso_region'] as const) {
				if (session && v[key] && sv[key] && v[key] !== sv[key]) problems.push(`${key} differs between the profile and its session`);
			}
			if (!v['sso_account_id'] || !v['sso_role_name']) problems.push('no account or role chosen');
			if (!v['region']) problems.push('no region (Codex needs one)');
			profiles.push(defined({...common, style: 'sso-session' as const, sessionName: v['sso_session'], startUrl: sv['sso_start_url'], ssoRegion: sv['sso_region'], problems}));
		} else {
			for (const key of ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name']) if (!v[key]) problems.push(`no ${key}`);
			if (!v['region']) problems.push('no region (Codex needs one)');
			profiles.push(defined({...common, style: 'legacy' as const, startUrl: v['sso_start_url'], ssoRegion: v['sso_region'], problems}));
		}
	}
	return {profiles, sessions, allProfiles: profileSections.map((s) => s.name)};
}
