// Codex's `[model_providers.amazon-bedrock.aws.auth_refresh]`: a command Codex runs by itself when its AWS
// credentials fail ("AWS session has expired. Reauthenticating..."), then retries the request ("Signed in
// with AWS."). What the real 0.169.0 binary and its source (public forks, auth_refresh.rs) show:
// - shape: {command, args = [], timeout_ms (non-zero)}; `command` must be exactly "aws" ("provider
//   aws.auth_refresh.command must be `aws`"), run without a shell; stdin is the terminal when Codex has one
//   (else closed), the command's stdout goes to Codex's stderr, so the sign-in URL and code are shown;
// - when: on 401, on a 403 whose body names ExpiredToken / UnrecognizedClient / InvalidClientTokenId,
//   and when loading credentials fails ("failed to load AWS credentials: ...", e.g. an ended SSO
//   session), for the SDK chain and aws.profile; one refresh at a time; a failed refresh counts as a
//   failed attempt, and Codex reconnects up to 5 times (seen: six refreshes, then the error);
// - proven in test/credentials/auth-refresh-codex.test.ts: the real Codex runs Debian's `aws sso login`
//   (2.9.19) against the simulated Identity Center and completes the prompt.
// The wizard writes it only where it can work: an SSO profile, a Codex that knows the key (0.169.0, the
// version proven here), and an AWS CLI v2 that can sign in to an sso-session (2.9+). AWS CLI 2.9 to 2.21
// knows only the device code flow and reuses whatever client registration is cached for the session;
// the wizard's browser (PKCE) registration is refused for device authorization, so with such a CLI the
// wizard signs in with a device code (sso-profile), and here it checks the cached registration.
import {readFile} from 'node:fs/promises';
import type {Context} from '../context.js';
import {registrationFile} from '../sso/login.js';
import {compareVersions} from './cli.js';

export const MIN_CODEX_AUTH_REFRESH = '0.169.0';
/** `aws sso login` with an [sso-session] (and a refresh token) arrived in AWS CLI 2.9.0. */
export const MIN_AWS_CLI_SSO_SESSION = '2.9.0';
/** The browser (PKCE) sign-in and --use-device-code arrived in AWS CLI 2.22.0. */
export const MIN_AWS_CLI_PKCE = '2.22.0';
/** How long Codex waits for the sign-in: the AWS CLI's own 10 minutes for the browser, and a device code's life. */
export const AUTH_REFRESH_TIMEOUT_MS = 600_000;

export interface AuthRefreshConfig {
	command: 'aws';
	args: string[];
	timeout_ms: number;
}

export type AuthRefreshDecision = {config: AuthRefreshConfig; note: string} | {config?: undefined; reason: string};

export interface AuthRefreshInput {
	awsProfile: string;
	/** The profile is an SSO profile the wizard manages (not credential_process, a role chain, keys). */
	sso: boolean;
	codexVersion: string | undefined;
	awsCliVersion: string | null | undefined;
	/** How the sign-in should go when Codex runs it: the wizard's own choice for this machine. */
	flow: 'pkce' | 'device';
	/** The cached client registration for the session is a browser (PKCE) one. */
	pkceRegistration: boolean;
}

export function decideAuthRefresh(input: AuthRefreshInput): AuthRefreshDecision {
	const login = `codex-bedrock-setup login --profile ${input.awsProfile}`;
	if (!input.sso) return {reason: `profile ${input.awsProfile} is not an SSO profile: its own tool renews its credentials`};
	if (!input.codexVersion) return {reason: `Codex is not installed, so the wizard cannot tell whether it knows auth_refresh (${MIN_CODEX_AUTH_REFRESH}+); when the sign-in ends, run npx ${login}`};
	if (compareVersions(input.codexVersion, MIN_CODEX_AUTH_REFRESH) < 0) return {reason: `Codex ${input.codexVersion} predates auth_refresh (proven with ${MIN_CODEX_AUTH_REFRESH}); when the sign-in ends, run npx ${login}`};
	const aws = input.awsCliVersion;
	if (!aws) return {reason: `the AWS CLI is not installed, and Codex can only run \`aws sso login\` to sign you in again; when the sign-in ends, run npx ${login}`};
	if (compareVersions(aws, '2.0.0') < 0) return {reason: `the aws on PATH is AWS CLI ${aws} (version 1); the wizard writes auth_refresh for AWS CLI v2 (${MIN_AWS_CLI_SSO_SESSION}+), the one it is tested with; when the sign-in ends, run npx ${login}`};
	if (compareVersions(aws, MIN_AWS_CLI_SSO_SESSION) < 0) return {reason: `AWS CLI ${aws} cannot sign in to an [sso-session] (${MIN_AWS_CLI_SSO_SESSION}+); when the sign-in ends, run npx ${login}`};
	const args = ['sso', 'login', '--profile', input.awsProfile];
	if (compareVersions(aws, MIN_AWS_CLI_PKCE) >= 0) {
		if (input.flow === 'device') args.push('--use-device-code');
		return {config: {command: 'aws', args, timeout_ms: AUTH_REFRESH_TIMEOUT_MS}, note: `When the sign-in ends, Codex runs aws ${args.join(' ')} (AWS CLI ${aws}) by itself and carries on.`};
	}
	if (input.pkceRegistration) return {reason: `AWS CLI ${aws} signs in with a device code only and would reuse this machine's browser sign-in registration, which IAM Identity Center refuses for that; sign in with --use-device-code, or update the AWS CLI to ${MIN_AWS_CLI_PKCE}+`};
	return {config: {command: 'aws', args, timeout_ms: AUTH_REFRESH_TIMEOUT_MS}, note: `When the sign-in ends, Codex runs aws ${args.join(' ')} (AWS CLI ${aws}, device code) by itself and carries on.`};
}

/** Whether the client registration cached for a session is a browser (PKCE) one (the AWS CLI's file). */
export async function cachedRegistrationIsPkce(ctx: Context, session: {startUrl: string; ssoRegion: string; scopes: string[]; sessionName: string}): Promise<boolean> {
	try {
		const data = JSON.parse(await readFile(registrationFile(ctx.paths.ssoCache, session), 'utf8')) as {grantTypes?: string[]};
		return Boolean(data.grantTypes?.includes('authorization_code'));
	} catch {
		return false;
	}
}

/** The AWS CLI version on PATH (`aws --version`), null when there is none. */
export {awsCliVersion} from '../readiness.js';
