// The AWS access portal (client-sso) and the identity check (STS through the SDK's own fromIni chain).
import type {Context} from '../context.js';
import {registerSecret} from '../redact.js';
import {forget, known, once} from '../run-state.js';

export interface Account {
	accountId: string;
	accountName: string;
	emailAddress: string;
}

async function ssoClient(ctx: Context, region: string) {
	const [{SSOClient}, {requestHandlerFor}] = await Promise.all([import('@aws-sdk/client-sso'), import('../aws/http.js')]);
	const handler = await requestHandlerFor(ctx, 'sso', region);
	const endpoint = ctx.endpoints.sdk('sso', region);
	return new SSOClient({region, requestHandler: handler, ...(endpoint ? {endpoint} : {})});
}

/** Every account assigned to the user (all pages), sorted by name as the AWS CLI sorts them. */
export async function listAccounts(ctx: Context, region: string, accessToken: string): Promise<Account[]> {
	const [{ListAccountsCommand}, {withDeadline}] = await Promise.all([import('@aws-sdk/client-sso'), import('../aws/deadline.js')]);
	const client = await ssoClient(ctx, region);
	try {
		const accounts: Account[] = [];
		// Page by page with the deadline's signal (the SDK's paginator takes none).
		let nextToken: string | undefined;
		do {
			const page = await withDeadline(ctx, `the AWS access portal (ListAccounts, ${region})`, (abortSignal) => client.send(new ListAccountsCommand({accessToken, maxResults: 100, ...(nextToken ? {nextToken} : {})}), {abortSignal}));
			for (const a of page.accountList ?? []) {
				accounts.push({accountId: a.accountId ?? '', accountName: a.accountName ?? '', emailAddress: a.emailAddress ?? ''});
			}
			nextToken = page.nextToken;
			ctx.signal.throwIfAborted();
		} while (nextToken);
		return accounts.sort((a, b) => a.accountName.localeCompare(b.accountName, 'en', {sensitivity: 'base'}) || a.accountId.localeCompare(b.accountId));
	} finally {
		client.destroy();
	}
}

/** Every role the user may take in an account (all pages), sorted. */
export async function listRoles(ctx: Context, region: string, accessToken: string, accountId: string): Promise<string[]> {
	const [{ListAccountRolesCommand}, {withDeadline}] = await Promise.all([import('@aws-sdk/client-sso'), import('../aws/deadline.js')]);
	const client = await ssoClient(ctx, region);
	try {
		const roles: string[] = [];
		let nextToken: string | undefined;
		do {
			const page = await withDeadline(ctx, `the AWS access portal (ListAccountRoles, ${region})`, (abortSignal) => client.send(new ListAccountRolesCommand({accessToken, accountId, maxResults: 100, ...(nextToken ? {nextToken} : {})}), {abortSignal}));
			for (const r of page.roleList ?? []) if (r.roleName) roles.push(r.roleName);
			nextToken = page.nextToken;
			ctx.signal.throwIfAborted();
		} while (nextToken);
		return roles.sort((a, b) => a.localeCompare(b, 'en', {sensitivity: 'base'}));
	} finally {
		client.destroy();
	}
}

export interface Identity {
	account: string;
	arn: string;
	userId: string;
	/** When the role credentials expire (epoch ms), if known. */
	credentialsExpireAt?: number;
}

/**
 * Who the profile is, resolved the way Codex's AWS SDK resolves it: the SDK's own fromIni provider reads
 * ~/.aws/config and the SSO token cache (refreshing the token if it must), gets role credentials from the
 * portal, and STS says whose they are. Nothing here reads our own files.
 */
/** Role credentials are renewed this long before they expire (the AWS SDK's own window is 5 minutes). */
export const CREDENTIALS_EXPIRY_WINDOW_MS = 5 * 60_000;

/**
 * The profile's role credentials, resolved once per run and reused by every later call until 5 minutes
 * before they expire (each resolution is a GetRoleCredentials call to the portal). `fresh` resolves them
 * again: the profile or its sign-in changed.
 */
export async function profileCredentials(ctx: Context, profile: string, options: {fresh?: boolean} = {}): Promise<ProfileCredentials> {
	const key = `credentials ${profile}`;
	if (options.fresh) forget(ctx, key);
	const cached = known<ProfileCredentials>(ctx, key);
	if (cached) {
		const value = await cached.catch(() => undefined);
		if (value && (!value.expiration || value.expiration.getTime() - ctx.clock.now() > CREDENTIALS_EXPIRY_WINDOW_MS)) return value;
		forget(ctx, key);
	}
	return once(ctx, key, () => resolveProfileCredentials(ctx, profile));
}

/** The profile's credentials through the SDK's own chain (fromIni: config, SSO token cache, portal). */
async function resolveProfileCredentials(ctx: Context, profile: string): Promise<ProfileCredentials> {
	// Read-only commands (doctor) take the dry run's path for SSO profiles: the SDK would write a refreshed
	// token back. Where a run may write, a token the SDK would refresh is refreshed by us first, atomically.
	if ((ctx.dryRun || ctx.readOnly) && (ctx.dryRun?.profiles.has(profile) || (await isSsoProfileOnDisk(ctx, profile)))) return dryRunCredentials(ctx, profile);
	if (!ctx.dryRun && !ctx.readOnly) await refreshBeforeTheSdk(ctx, profile);
	const [{fromIni}, {requestHandlerFor}, ssoRegion] = await Promise.all([import('@aws-sdk/credential-providers'), import('../aws/http.js'), profileSsoRegion(ctx, profile)]);
	// The nested portal client's calls share the run's connection to the portal host.
	const handler = await requestHandlerFor(ctx, 'sso', ssoRegion);
	const credentials = await fromIni({profile, ignoreCache: true, clientConfig: {requestHandler: handler}})();
	registerSecret(credentials.secretAccessKey);
	registerSecret(credentials.sessionToken);
	return credentials;
}

/** The SSO region of a profile in ~/.aws/config (its portal host), or "unknown" when it has none. */
async function profileSsoRegion(ctx: Context, profile: string): Promise<string> {
	const [{readIfExists}, {parseIni}, {readSsoConfig}] = await Promise.all([import('../files.js'), import('../aws-config/ini.js'), import('../aws-config/profiles.js')]);
	try {
		return readSsoConfig(parseIni((await readIfExists(ctx.paths.awsConfig)) ?? '')).profiles.find((p) => p.name === profile)?.ssoRegion ?? 'unknown';
	} catch {
		return 'unknown';
	}
}

export interface ProfileCredentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	expiration?: Date;
}

/**
 * --dry-run: the SDK's fromIni cannot be used, because the profile may exist only in memory (its
 * ~/.aws/config section was shown, not written) and because the SDK writes a refreshed token back to the
 * cache. So the role credentials come straight from the portal (GetRoleCredentials), with the token the
 * SSO step kept in memory, or else one read (never written) from the cache for a profile on disk.
 */
export async function dryRunCredentials(ctx: Context, profile: string): Promise<ProfileCredentials> {
	const signIn = ctx.dryRun?.profiles.get(profile) ?? (await signInFromDisk(ctx, profile));
	const {GetRoleCredentialsCommand} = await import('@aws-sdk/client-sso');
	const client = await ssoClient(ctx, signIn.ssoRegion);
	try {
		const answer = await client.send(new GetRoleCredentialsCommand({accessToken: signIn.accessToken, accountId: signIn.accountId, roleName: signIn.roleName}), {abortSignal: ctx.signal});
		const role = answer.roleCredentials;
		if (!role?.accessKeyId || !role.secretAccessKey) throw Object.assign(new Error(`The AWS access portal returned no credentials for ${signIn.roleName} in ${signIn.accountId}.`), {name: 'CredentialsProviderError'});
		registerSecret(role.secretAccessKey);
		registerSecret(role.sessionToken);
		return {
			accessKeyId: role.accessKeyId,
			secretAccessKey: role.secretAccessKey,
			...(role.sessionToken ? {sessionToken: role.sessionToken} : {}),
			...(role.expiration ? {expiration: new Date(role.expiration)} : {}),
		};
	} finally {
		client.destroy();
	}
}

/**
 * Whether ~/.aws/config has `profile` as an SSO profile. Only those need the dry run's own path (the SDK
 * writes refreshed SSO tokens back); a credential_process, role-chain or keys profile writes nothing, so
 * the SDK's chain resolves it even in a dry run.
 */
async function isSsoProfileOnDisk(ctx: Context, profile: string): Promise<boolean> {
	const [{readIfExists}, {parseIni}, {readSsoConfig}] = await Promise.all([import('../files.js'), import('../aws-config/ini.js'), import('../aws-config/profiles.js')]);
	try {
		return readSsoConfig(parseIni((await readIfExists(ctx.paths.awsConfig)) ?? '')).profiles.some((p) => p.name === profile);
	} catch {
		return true;
	}
}

/** The SSO profile `profile` as ~/.aws/config has it (undefined: not there, or not SSO). */
async function ssoProfileOnDisk(ctx: Context, profile: string) {
	const [{readIfExists}, {parseIni}, {readSsoConfig}] = await Promise.all([import('../files.js'), import('../aws-config/ini.js'), import('../aws-config/profiles.js')]);
	try {
		return readSsoConfig(parseIni((await readIfExists(ctx.paths.awsConfig)) ?? '')).profiles.find((p) => p.name === profile);
	} catch {
		return undefined;
	}
}

/**
 * The SDK's own SSO token provider refreshes a token that has 5 minutes or less left and writes it back
 * with a plain writeFile (not atomic: a kill then leaves the cache empty, and a full disk leaves it torn).
 * So a token in that window is refreshed here first and written atomically; the SDK then finds it valid
 * and writes nothing.
 */
async function refreshBeforeTheSdk(ctx: Context, profile: string): Promise<void> {
	const info = await ssoProfileOnDisk(ctx, profile);
	const key = info?.style === 'sso-session' ? info.sessionName : undefined;
	if (!key) return;
	const [{readToken, tokenPath, writeToken}, {refresh}] = await Promise.all([import('../aws-config/token-cache.js'), import('./login.js')]);
	const file = tokenPath(ctx.paths.ssoCache, key);
	const token = await readToken(file, ctx.clock.now());
	if (token.state !== 'refreshable') return;
	const refreshed = await refresh(ctx, token.token);
	if (refreshed) await writeToken(file, refreshed);
}

/** A dry run's view of a profile that is on disk: its section and a cached token, read only (a refresh stays in memory). */
async function signInFromDisk(ctx: Context, profile: string) {
	const [{readIfExists}, {parseIni}, {readSsoConfig}, {readToken, tokenPath}, {refresh}] = await Promise.all([
		import('../files.js'),
		import('../aws-config/ini.js'),
		import('../aws-config/profiles.js'),
		import('../aws-config/token-cache.js'),
		import('./login.js'),
	]);
	const notSignedIn = (why: string) => Object.assign(new Error(`Dry run: ${why}. Run the SSO profile step in this dry run (it signs in, in memory only).`), {name: 'CredentialsProviderError'});
	const info = readSsoConfig(parseIni((await readIfExists(ctx.paths.awsConfig)) ?? '')).profiles.find((p) => p.name === profile);
	if (!info?.accountId || !info.roleName || !info.ssoRegion) throw notSignedIn(`the profile ${profile} is not a complete SSO profile on disk`);
	const key = info.style === 'sso-session' ? info.sessionName : info.startUrl;
	const token = key ? await readToken(tokenPath(ctx.paths.ssoCache, key), ctx.clock.now()) : ({state: 'missing'} as const);
	let accessToken: string | undefined;
	if (token.state === 'valid') accessToken = token.token.accessToken;
	else if (token.state === 'refreshable') accessToken = (await refresh(ctx, token.token))?.accessToken;
	if (!accessToken) throw notSignedIn(`the profile ${profile} has no valid cached sign-in`);
	return {ssoRegion: info.ssoRegion, accountId: info.accountId, roleName: info.roleName, accessToken};
}

/** `credentials`: the profile's, when the caller has them already (they are resolved here otherwise). */
export async function whoAmI(ctx: Context, profile: string, region: string, known?: Awaited<ReturnType<typeof profileCredentials>>): Promise<Identity> {
	const [{STSClient, GetCallerIdentityCommand}, {requestHandlerFor}] = await Promise.all([import('@aws-sdk/client-sts'), import('../aws/http.js')]);
	const handler = await requestHandlerFor(ctx, 'sts', region);
	const credentials = known ?? (await profileCredentials(ctx, profile));
	const endpoint = ctx.endpoints.sdk('sts', region);
	const sts = new STSClient({region, credentials, requestHandler: handler, ...(endpoint ? {endpoint} : {})});
	try {
		const {withDeadline} = await import('../aws/deadline.js');
		const answer = await withDeadline(ctx, `STS (GetCallerIdentity, ${region})`, (abortSignal) => sts.send(new GetCallerIdentityCommand({}), {abortSignal}));
		// An HTML page with status 200 parses as XML without an identity in it: not an answer from STS.
		if (!answer.Arn || !answer.Account) {
			const {StepError} = await import('../errors.js');
			throw new StepError({code: 'network.bad-response', message: "STS's answer could not be read: it had no identity in it. Something between this machine and AWS (a proxy, firewall or captive portal) may have answered instead.", ...(answer.$metadata.httpStatusCode ? {httpStatus: answer.$metadata.httpStatusCode} : {})});
		}
		return {
			account: answer.Account ?? '',
			arn: answer.Arn ?? '',
			userId: answer.UserId ?? '',
			...(credentials.expiration ? {credentialsExpireAt: credentials.expiration.getTime()} : {}),
		};
	} finally {
		sts.destroy();
	}
}
