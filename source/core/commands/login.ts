// `codex-bedrock-setup login [--profile NAME]`: sign in again, fast. No wizard, no region probe: read the
// profile, sign in (PKCE, or the device code where no browser can be reached, as the wizard does), write
// the token cache every AWS reader accepts, prove it with the SDK's own chain (role credentials), and say
// how long the session now lasts. It is the fix the rules and doctor name when the AWS CLI is missing.
import type {Context} from '../context.js';
import {tildify} from '../context.js';
import {readProfileSources} from '../aws-config/credential-sources.js';
import {readSsoConfig} from '../aws-config/profiles.js';
import {describeSessionLengths, readSessionLengths, sessionWarning} from '../sso/session.js';
import {profileCredentials} from '../sso/portal.js';
import {DEFAULT_PROFILE, ensureToken, loadAwsConfig, loadAwsCredentials} from '../steps/sso-profile.js';
import type {Step, StepOutcome} from '../types.js';

export function loginProfileName(ctx: Context): string {
	const flag = ctx.flags['profile'];
	return typeof flag === 'string' ? flag : ctx.env['AWS_PROFILE'] || DEFAULT_PROFILE;
}

export const loginStep: Step = {
	id: 'sso-profile',
	title: 'Sign in again',
	flags: [],
	async run(ctx, io): Promise<StepOutcome> {
		const name = loginProfileName(ctx);
		const {doc} = await loadAwsConfig(ctx);
		const config = readSsoConfig(doc);
		const profile = config.profiles.find((p) => p.name === name);
		const shownConfig = tildify(ctx.paths.awsConfig, ctx.paths.home);
		if (!profile) {
			const other = readProfileSources(doc, await loadAwsCredentials(ctx, io)).find((p) => p.name === name && p.kind !== 'none');
			if (other) {
				return {status: 'failed', failure: {code: 'login.not-sso', message: `Profile ${name} gets its credentials from ${other.describe}, not from IAM Identity Center: renew them with the tool that provides them.`, hint: 'login signs in SSO profiles only.'}};
			}
			const names = config.profiles.map((p) => p.name);
			return {
				status: 'failed',
				failure: {code: 'login.no-profile', message: `There is no SSO profile ${name} in ${shownConfig}.`, hint: names.length ? `SSO profiles there: ${names.join(', ')}; pass --profile NAME, or run npx codex-bedrock-setup to create one.` : 'Run npx codex-bedrock-setup to create one.'},
			};
		}
		if (profile.style === 'legacy' || !profile.sessionName || !profile.startUrl || !profile.ssoRegion) {
			const why = profile.style === 'legacy' ? 'uses the legacy SSO format (no refresh)' : `needs repair (${profile.problems.join('; ')})`;
			return {status: 'failed', failure: {code: 'login.profile-needs-setup', message: `Profile ${name} ${why}.`, hint: `Run npx codex-bedrock-setup --profile ${name}: it repairs the profile (with a diff and a backup), then signs in.`, fixStep: 'sso-profile'}};
		}
		const session = config.sessions.find((s) => s.name === profile.sessionName);
		const scopes = (session?.scopes ?? 'sso:account:access').split(',').map((s) => s.trim());
		await ensureToken(ctx, io, {sessionName: profile.sessionName, startUrl: profile.startUrl, ssoRegion: profile.ssoRegion, scopes}, true);
		// The proof: the SDK's own chain reads the new cache and gets role credentials from the portal.
		const credentials = await io.task(`Getting role credentials for ${name} (${profile.roleName ?? 'role'} in ${profile.accountId ?? 'account'})`, () => profileCredentials(ctx, name));
		const lengths = await readSessionLengths(ctx, profile.sessionName, credentials.expiration?.getTime());
		io.block('How long this sign-in lasts', describeSessionLengths(lengths, ctx.clock.now()));
		const warning = sessionWarning(lengths, ctx.clock.now());
		if (warning) io.note(`Note: ${warning}.`, 'warning');
		return {status: 'done', summary: `${name}: signed in to ${profile.startUrl}`, answers: {profile: name, ssoSession: profile.sessionName, startUrl: profile.startUrl, ssoRegion: profile.ssoRegion}};
	},
};
