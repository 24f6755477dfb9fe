// Step 2: an AWS SSO profile, as `aws configure sso` plus `aws sso login` would make it, then proof that
// it works: the SDK's own credential chain resolves it and STS says who the user is.
import {titleOf} from './titles.js';
import type {Context} from '../context.js';
import {tildify} from '../context.js';
import {StepError, UsageError} from '../errors.js';
import {applyWrite, diffLines, planWrite, readIfExists, writeOptions} from '../files.js';
import {confirmLinks} from './file-safety.js';
import {waitLabel} from '../aws/deadline.js';
import {IniParseError, findSection, parseIni, sectionValues, setSectionValues, type IniDocument} from '../aws-config/ini.js';
import {readSsoConfig, type SsoConfig, type SsoProfileInfo, type SsoSessionInfo} from '../aws-config/profiles.js';
import {readProfileSources, type ProfileSource} from '../aws-config/credential-sources.js';
import {describeExpiry, readToken, tokenPath, writeToken, type SsoToken, type TokenState} from '../aws-config/token-cache.js';
import {login, refresh, type LoginFlow} from '../sso/login.js';
import {listAccounts, listRoles, profileCredentials, whoAmI} from '../sso/portal.js';
import {checkScopes, checkSectionName, checkSsoRegion, checkStartUrl} from '../sso/validate.js';
import {browserAvailability} from '../machine.js';
import {startVersionChecks} from './summary.js';
import type {Answers, Choice, Step, StepIO, WrittenFile} from '../types.js';

export const DEFAULT_PROFILE = 'codex-bedrock';
const NEW = '__new__';
/** Profile-list values for profiles whose credentials come from elsewhere (credential_process, a role, keys). */
const OTHER = '__other__:';

/** Read ~/.aws/config; a file that does not parse is reported with its line and never rewritten. */
export async function loadAwsConfig(ctx: Context): Promise<{text: string | undefined; doc: IniDocument}> {
	const text = await readIfExists(ctx.paths.awsConfig);
	try {
		return {text, doc: parseIni(text ?? '')};
	} catch (error) {
		if (error instanceof IniParseError) {
			throw new StepError({
				code: 'aws-config.parse',
				message: `${tildify(ctx.paths.awsConfig, ctx.paths.home)} ${error.message}`,
				hint: 'Fix that line (the wizard never rewrites a file it cannot read), then retry.',
			});
		}
		throw error;
	}
}

function tokenKey(profile: SsoProfileInfo): string | undefined {
	return profile.style === 'sso-session' ? profile.sessionName : profile.startUrl;
}

function describeToken(state: TokenState, now: number): string {
	switch (state.state) {
		case 'valid':
			return `signed in, ${describeExpiry(state.expiresAt, now)}`;
		case 'refreshable':
			return 'token expired, refreshable';
		case 'expired':
			return `signed out (${describeExpiry(state.expiresAt, now)})`;
		case 'unreadable':
			return `token cache unreadable (${state.reason})`;
		default:
			return 'not signed in';
	}
}

export interface SessionAnswers {
	sessionName: string;
	startUrl: string;
	ssoRegion: string;
	scopes: string[];
}

/**
 * An existing session for the start URL given with --start-url; else (no URL given) the first existing
 * session, as the AWS CLI offers; else one named like the profile.
 */
function defaultSessionName(ctx: Context, sessions: SsoSessionInfo[], profileName: string): string {
	const flagUrl = ctx.flags['start-url'];
	if (typeof flagUrl === 'string') {
		const wanted = checkStartUrl(flagUrl).url;
		return sessions.find((s) => s.startUrl === wanted)?.name ?? (sessions.some((s) => s.name === profileName) ? `${profileName}-sso` : profileName);
	}
	return sessions[0]?.name ?? profileName;
}


/** The flags (a preset's values arrive as flags too) that say what an SSO profile should be. */
const SSO_FLAG_NAMES = ['sso-session', 'start-url', 'sso-region', 'scopes', 'account-id', 'role-name'] as const;

interface WantedSso {
	sessionName?: string;
	startUrl?: string;
	ssoRegion?: string;
	scopes?: string;
	accountId?: string;
	roleName?: string;
}

function wantedFromFlags(ctx: Context): WantedSso {
	const flag = (name: string) => (typeof ctx.flags[name] === 'string' ? (ctx.flags[name] as string).trim() : undefined);
	const url = flag('start-url');
	const checked = url ? checkStartUrl(url) : undefined;
	const out: WantedSso = {};
	const put = <K extends keyof WantedSso>(key: K, value: string | undefined) => {
		if (value) out[key] = value;
	};
	put('sessionName', flag('sso-session'));
	put('startUrl', checked?.url);
	put('ssoRegion', flag('sso-region') ?? checked?.region);
	put('scopes', flag('scopes')?.split(',').map((x) => x.trim()).join(','));
	put('accountId', flag('account-id'));
	put('roleName', flag('role-name'));
	return out;
}

export interface ProfileDifference {
	what: string;
	have: string;
	want: string;
}

/** Where an existing SSO profile disagrees with what the flags (or the preset) ask for. */
export function staleDifferences(profile: SsoProfileInfo, config: SsoConfig, wanted: WantedSso): ProfileDifference[] {
	const session = config.sessions.find((s) => s.name === profile.sessionName);
	const have: Record<keyof WantedSso, string | undefined> = {
		sessionName: profile.style === 'sso-session' ? profile.sessionName : undefined,
		startUrl: profile.startUrl,
		ssoRegion: profile.ssoRegion,
		scopes: session?.scopes ?? (profile.style === 'sso-session' ? 'sso:account:access' : undefined),
		accountId: profile.accountId,
		roleName: profile.roleName,
	};
	const labels: Record<keyof WantedSso, string> = {sessionName: 'SSO session', startUrl: 'start URL', ssoRegion: 'SSO region', scopes: 'scopes', accountId: 'account', roleName: 'role'};
	const out: ProfileDifference[] = [];
	for (const key of Object.keys(labels) as Array<keyof WantedSso>) {
		const want = wanted[key];
		if (want !== undefined && want !== have[key]) out.push({what: labels[key], have: have[key] ?? '(none)', want});
	}
	return out;
}

/**
 * The session a stale profile is repaired to: the flags' values first; a session named by the flag, else
 * an existing session for the wanted start URL and region, else the profile's own session when no other
 * profile shares it (updated in place), else a new one.
 */
function repairedSession(ctx: Context, io: StepIO, chosen: SsoProfileInfo, config: SsoConfig, wanted: WantedSso): SessionAnswers {
	const own = config.sessions.find((s) => s.name === chosen.sessionName);
	const startUrl = wanted.startUrl ?? (wanted.sessionName ? config.sessions.find((s) => s.name === wanted.sessionName)?.startUrl : undefined) ?? chosen.startUrl;
	const ssoRegion = wanted.ssoRegion ?? (wanted.sessionName ? config.sessions.find((s) => s.name === wanted.sessionName)?.ssoRegion : undefined) ?? chosen.ssoRegion;
	if (!startUrl || !ssoRegion) {
		throw new UsageError(`Profile ${chosen.name} has no ${startUrl ? 'SSO region' : 'start URL'} to keep: pass ${startUrl ? '--sso-region' : '--start-url'}.`);
	}
	let sessionName = wanted.sessionName;
	if (!sessionName) {
		const sameSession = chosen.style === 'sso-session' && chosen.startUrl === startUrl && chosen.ssoRegion === ssoRegion;
		const match = config.sessions.find((s) => s.startUrl === startUrl && s.ssoRegion === ssoRegion);
		const sharedBy = config.profiles.filter((p) => p.name !== chosen.name && p.sessionName === chosen.sessionName).map((p) => p.name);
		if (sameSession) sessionName = chosen.sessionName!;
		else if (match) sessionName = match.name;
		else if (chosen.style === 'sso-session' && own && sharedBy.length === 0) sessionName = own.name;
		else sessionName = defaultSessionName(ctx, config.sessions, chosen.name);
		if (sharedBy.length && sessionName !== chosen.sessionName) io.note(`The SSO session "${chosen.sessionName}" is also used by ${sharedBy.join(', ')}; it is left as it is, and ${chosen.name} moves to "${sessionName}".`);
	}
	const existing = config.sessions.find((s) => s.name === sessionName);
	const sharing = config.profiles.filter((p) => p.name !== chosen.name && p.sessionName === sessionName).map((p) => p.name);
	if (existing && (existing.startUrl !== startUrl || existing.ssoRegion !== ssoRegion) && sharing.length) {
		io.note(`The SSO session "${sessionName}" is also used by ${sharing.join(', ')}: they follow the new start URL and region too.`, 'warning');
	}
	const scopes = (wanted.scopes ?? existing?.scopes ?? 'sso:account:access').split(',').map((x) => x.trim());
	return {sessionName, startUrl, ssoRegion, scopes};
}

/** ~/.aws/credentials (or AWS_SHARED_CREDENTIALS_FILE), parsed; a file that does not parse is left out with a note. */
export async function loadAwsCredentials(ctx: Context, io?: StepIO): Promise<IniDocument | undefined> {
	const text = await readIfExists(ctx.paths.awsCredentials);
	if (text === undefined) return undefined;
	try {
		return parseIni(text);
	} catch (error) {
		if (!(error instanceof IniParseError)) throw error;
		io?.note(`${tildify(ctx.paths.awsCredentials, ctx.paths.home)} ${error.message}: its profiles are not offered.`, 'warning');
		return undefined;
	}
}

async function askNewSession(ctx: Context, io: StepIO, sessions: SsoSessionInfo[], profileName: string): Promise<SessionAnswers> {
	const sessionName = await io.ask({
		kind: 'text',
		id: 'sso-session',
		flag: '--sso-session',
		message: 'SSO session name',
		help: 'A name for your IAM Identity Center sign-in, shared by profiles that use the same portal.',
		default: defaultSessionName(ctx, sessions, profileName),
		validate: (value) => checkSectionName('SSO session', value),
	});
	const existing = sessions.find((s) => s.name === sessionName);
	if (existing?.startUrl && existing.ssoRegion) {
		io.note(`Using the existing SSO session "${sessionName}" (${existing.startUrl}, ${existing.ssoRegion}).`);
		return {sessionName, startUrl: existing.startUrl, ssoRegion: existing.ssoRegion, scopes: (existing.scopes ?? 'sso:account:access').split(',').map((s) => s.trim())};
	}
	const rawUrl = await io.ask({
		kind: 'text',
		id: 'start-url',
		flag: '--start-url',
		message: 'SSO start URL (your AWS access portal)',
		placeholder: 'https://d-1234567890.awsapps.com/start',
		...(ctx.demo ? {default: ctx.demo.startUrl} : {}),
		validate: (value) => checkStartUrl(value).error,
	});
	const url = checkStartUrl(rawUrl);
	if (url.note) io.note(url.note, 'warning');
	const knownRegions = [...new Set(sessions.map((s) => s.ssoRegion).filter((r): r is string => Boolean(r)))];
	const ssoRegion = url.region ?? (await io.ask({
		kind: 'text',
		id: 'sso-region',
		flag: '--sso-region',
		message: 'SSO region (where IAM Identity Center lives)',
		help: knownRegions.length ? `Your other SSO sessions use ${knownRegions.join(', ')}.` : 'Shown in the IAM Identity Center console, under Settings.',
		default: knownRegions[0] ?? ctx.demo?.ssoRegion ?? 'us-east-1',
		validate: checkSsoRegion,
	}));
	const scopes = await io.ask({
		kind: 'text',
		id: 'scopes',
		flag: '--scopes',
		message: 'SSO registration scopes',
		default: 'sso:account:access',
		validate: checkScopes,
	});
	return {sessionName, startUrl: url.url!, ssoRegion, scopes: scopes.split(',').map((s) => s.trim())};
}

async function chooseAccountAndRole(ctx: Context, io: StepIO, session: SessionAnswers, token: SsoToken, current?: SsoProfileInfo): Promise<{accountId: string; roleName: string}> {
	const accounts = await io.task(waitLabel(ctx, 'Listing your AWS accounts'), () => listAccounts(ctx, session.ssoRegion, token.accessToken));
	if (accounts.length === 0) {
		throw new StepError({code: 'sso.no-accounts', message: 'No AWS accounts are assigned to you in IAM Identity Center.', hint: 'Ask your AWS administrator to assign you an account and a permission set with Bedrock access.'});
	}
	let accountId: string;
	if (accounts.length === 1) {
		accountId = accounts[0]!.accountId;
		io.note(`The only AWS account available to you is ${accounts[0]!.accountName} (${accountId}); using it.`);
	} else {
		const choices: Choice[] = accounts.map((a) => ({value: a.accountId, label: `${a.accountName} (${a.accountId})`, hint: a.emailAddress}));
		// The default is the profile's current account; the demo also takes the first one, so that
		// `--demo --yes` runs through. A real `--yes` run without --account-id stops and names the flag.
		const fallback = current?.accountId && accounts.some((a) => a.accountId === current.accountId) ? current.accountId : ctx.demo ? accounts[0]!.accountId : undefined;
		accountId = await io.ask({kind: 'select', id: 'account-id', flag: '--account-id', message: `Account (${accounts.length} available)`, choices, ...(fallback ? {default: fallback} : {})});
	}
	const roles = await io.task(waitLabel(ctx, 'Listing your roles'), () => listRoles(ctx, session.ssoRegion, token.accessToken, accountId));
	if (roles.length === 0) {
		throw new StepError({code: 'sso.no-roles', message: `You have no roles in account ${accountId}.`, hint: 'Ask your AWS administrator for a permission set in that account.'});
	}
	let roleName: string;
	if (roles.length === 1) {
		roleName = roles[0]!;
		io.note(`The only role available to you is ${roleName}; using it.`);
	} else {
		const fallback = current?.roleName && roles.includes(current.roleName) ? current.roleName : ctx.demo ? roles[0] : undefined;
		roleName = await io.ask({kind: 'select', id: 'role-name', flag: '--role-name', message: 'Role', choices: roles.map((r) => ({value: r, label: r})), ...(fallback ? {default: fallback} : {})});
	}
	return {accountId, roleName};
}

/** Sign in (or reuse a valid cached token) and write the token cache as the AWS CLI does. */
export async function ensureToken(ctx: Context, io: StepIO, session: SessionAnswers, forceLogin: boolean): Promise<{token: SsoToken; file: string; reused?: boolean}> {
	const file = tokenPath(ctx.paths.ssoCache, session.sessionName);
	const cached = await readToken(file, ctx.clock.now());
	if (!forceLogin && cached.state === 'valid' && cached.token.startUrl === session.startUrl && cached.token.region === session.ssoRegion) {
		io.note(`Already signed in to ${session.startUrl} (${describeExpiry(cached.expiresAt, ctx.clock.now())}).`, 'success');
		return {token: cached.token, file, reused: true};
	}
	if (!forceLogin && cached.state === 'refreshable' && cached.token.startUrl === session.startUrl && cached.token.region === session.ssoRegion) {
		const refreshed = await io.task('Refreshing your SSO sign-in', () => refresh(ctx, cached.token));
		if (refreshed) {
			if (ctx.dryRun) io.note(`Dry run: the refreshed sign-in is kept in memory; ${tildify(file, ctx.paths.home)} is not written.`);
			else await writeToken(file, refreshed);
			io.note('Your SSO sign-in was refreshed; no new login needed.', 'success');
			return {token: refreshed, file};
		}
		io.note('Your SSO session has ended; signing in again.');
	}
	// The demo's "browser" is simulated and always there.
	const browser = ctx.demo ? {available: true} : browserAvailability(ctx.env, process.platform);
	const flow: LoginFlow = ctx.flags['use-device-code'] || !browser.available ? 'device' : 'pkce';
	if (flow === 'device' && !ctx.flags['use-device-code'] && 'reason' in browser) io.note(`Using a device code: ${browser.reason}.`);
	const token = await login(
		ctx,
		{sessionName: session.sessionName, startUrl: session.startUrl, ssoRegion: session.ssoRegion, scopes: session.scopes, flow, openBrowser: !ctx.flags['no-browser'] && browser.available},
		{
			showVerification({url, userCode, browserOpened}) {
				io.block(browserOpened ? 'Sign in in the browser that just opened (or open this URL)' : 'Open this URL to sign in', userCode ? [url, `Code: ${userCode}`] : [url]);
			},
			wait: (label, work) => {
				// While the user signs in, load the SDK clients the next calls need and ask for the CLI
				// versions the readiness record names (the CPU is idle now).
				void Promise.all([import('@aws-sdk/client-sso'), import('@aws-sdk/credential-providers'), import('@aws-sdk/client-sts'), import('@aws-sdk/client-bedrock')]).catch(() => {});
				startVersionChecks(ctx);
				return io.task(label, work);
			},
		},
	);
	// A dry run signs in for real (the accounts and roles need it) but keeps the token in memory only.
	if (ctx.dryRun) io.note(`Dry run: the sign-in is kept in memory only; the token cache ${tildify(file, ctx.paths.home)} is not written.`);
	else await writeToken(file, token);
	return {token, file};
}


async function askNewProfileName(io: StepIO, config: SsoConfig): Promise<string> {
	let n = 2;
	while (config.allProfiles.includes(`${DEFAULT_PROFILE}-${n}`)) n++;
	return io.ask({
		kind: 'text',
		id: 'new-profile-name',
		message: 'Name for the new profile',
		default: `${DEFAULT_PROFILE}-${n}`,
		validate: (value) => checkSectionName('profile', value) ?? (config.allProfiles.includes(value) ? `A profile "${value}" exists already: choose another name.` : undefined),
	});
}

/**
 * A profile whose credentials come from elsewhere (credential_process, a role chain, an `aws login`
 * session, keys): used as it is, never rewritten, and proved the way Codex will use it (the SDK's own
 * chain, then STS).
 */
async function useOtherSource(ctx: Context, io: StepIO, answers: Answers, source: ProfileSource): Promise<import('../types.js').StepOutcome> {
	if (source.unusable) {
		return {status: 'failed', failure: {code: 'aws-profile.unusable', message: `Profile ${source.name} cannot work for Codex: ${source.unusable}.`, hint: 'Fix that profile in ~/.aws/config, or choose another profile (or create an SSO profile) with --profile NAME.', fixStep: 'sso-profile'}};
	}
	io.note(`Profile ${source.name}: ${source.describe}. The wizard uses it as it is and changes nothing in it.`);
	if (source.warning) io.note(`Profile ${source.name}: ${source.warning}.`, 'warning');
	const region = source.region ?? answers.region ?? 'us-east-1';
	const identity = await io.task(`Checking who you are (STS GetCallerIdentity, profile ${source.name})`, () => whoAmI(ctx, source.name, region));
	const expiry = identity.credentialsExpireAt ? `; credentials ${describeExpiry(identity.credentialsExpireAt, ctx.clock.now())}` : '';
	io.note(`Signed in as ${identity.arn} (account ${identity.account})${expiry}.`, 'success');
	return {
		status: 'done',
		summary: `${source.name} · ${source.kind} · account ${identity.account}`,
		answers: {profile: source.name, accountId: identity.account, identityArn: identity.arn, credentialSource: source.kind, ...(answers.region || !source.region ? {} : {region: source.region})},
		files: [],
	};
}

export const ssoProfile: Step = {
	id: 'sso-profile',
	title: titleOf('sso-profile'),
	flags: [
		{name: 'profile', type: 'string', valueName: 'NAME', description: `AWS profile to use or create (default ${DEFAULT_PROFILE}).`},
		{name: 'sso-session', type: 'string', valueName: 'NAME', description: 'SSO session name for a new profile.'},
		{name: 'start-url', type: 'string', valueName: 'URL', description: 'AWS access portal URL, e.g. https://d-1234567890.awsapps.com/start.'},
		{name: 'sso-region', type: 'string', valueName: 'REGION', description: 'Region of IAM Identity Center.'},
		{name: 'scopes', type: 'string', valueName: 'LIST', description: 'SSO registration scopes (default sso:account:access).'},
		{name: 'account-id', type: 'string', valueName: 'ID', description: 'AWS account to use.'},
		{name: 'role-name', type: 'string', valueName: 'NAME', description: 'Role (permission set) to use.'},
		{name: 'use-device-code', type: 'boolean', description: 'Sign in with a device code instead of a browser redirect.'},
		{name: 'no-browser', type: 'boolean', description: 'Do not open a browser; print the sign-in URL.'},
	],

	async detect(ctx, answers) {
		const {doc} = await loadAwsConfig(ctx);
		const config = readSsoConfig(doc);
		const name = answers.profile ?? (ctx.flags['profile'] as string | undefined) ?? ctx.env['AWS_PROFILE'] ?? DEFAULT_PROFILE;
		const profile = config.profiles.find((p) => p.name === name);
		if (!profile) return {status: 'missing', summary: `no SSO profile "${name}"`};
		if (profile.problems.length) return {status: 'broken', summary: `profile ${name}: ${profile.problems.join('; ')}`};
		const key = tokenKey(profile);
		const token = key ? await readToken(tokenPath(ctx.paths.ssoCache, key), ctx.clock.now()) : {state: 'missing' as const};
		const values: Partial<Answers> = {profile: name, ...(profile.sessionName ? {ssoSession: profile.sessionName} : {}), ...(profile.accountId ? {accountId: profile.accountId} : {}), ...(profile.roleName ? {roleName: profile.roleName} : {})};
		if (token.state === 'valid' || token.state === 'refreshable') return {status: 'ok', summary: `${name}: ${describeToken(token, ctx.clock.now())}`, values};
		return {status: 'broken', summary: `${name}: ${describeToken(token, ctx.clock.now())}`, values};
	},

	async run(ctx, io, answers, wizard) {
		const {text, doc} = await loadAwsConfig(ctx);
		const config = readSsoConfig(doc);
		const now = ctx.clock.now();

		// 1. Reuse a profile, or create one.
		const sources = readProfileSources(doc, await loadAwsCredentials(ctx, io));
		const wanted = wantedFromFlags(ctx);
		const ssoFlagsGiven = SSO_FLAG_NAMES.filter((name) => ctx.flags[name] !== undefined);
		const flagProfile = ctx.flags['profile'] as string | undefined;
		let chosen: SsoProfileInfo | undefined;
		let profileName: string;
		if (flagProfile) {
			const problem = checkSectionName('profile', flagProfile);
			if (problem) throw new StepError({code: 'usage.bad-flag', message: `--profile ${flagProfile}: ${problem}`});
			chosen = config.profiles.find((p) => p.name === flagProfile);
			profileName = flagProfile;
			const other = chosen ? undefined : sources.find((p) => p.name === flagProfile && p.kind !== 'sso' && (p.kind !== 'none' || p.sourceFor.length > 0));
			if (other) {
				// Never turned into an SSO profile without an explicit choice: others may depend on it.
				if (!ssoFlagsGiven.length) return useOtherSource(ctx, io, answers, other);
				const why = `Profile ${other.name} gets its credentials from ${other.describe}${other.sourceFor.length ? ` and is the source_profile of ${other.sourceFor.join(', ')}` : ''}; the wizard does not turn it into an SSO profile`;
				const pick = await io.ask({
					kind: 'select',
					id: 'profile-conflict',
					message: `${why}. Use it as it is, or make the SSO profile under another name?`,
					choices: [
						...(other.unusable ? [] : [{value: 'use', label: `Use ${other.name} as it is (ignore ${ssoFlagsGiven.map((f) => `--${f}`).join(', ')})`}]),
						{value: 'new', label: 'Create the SSO profile under another name'},
					],
				});
				if (pick === 'use') return useOtherSource(ctx, io, answers, other);
				profileName = await askNewProfileName(io, config);
			}
		} else {
			const choices: Choice[] = [];
			for (const profile of config.profiles) {
				const key = tokenKey(profile);
				const token = key ? await readToken(tokenPath(ctx.paths.ssoCache, key), now) : ({state: 'missing'} as const);
				const where = [profile.accountId, profile.roleName, profile.region].filter(Boolean).join(' · ');
				const problems = profile.problems.length ? ` · needs repair: ${profile.problems.join('; ')}` : '';
				choices.push({value: profile.name, label: profile.name, hint: `${where}${where ? ' · ' : ''}${describeToken(token, now)}${problems}`});
			}
			const others = sources.filter((p) => p.kind !== 'sso' && p.kind !== 'none');
			for (const other of others.filter((p) => !p.unusable)) {
				choices.push({value: `${OTHER}${other.name}`, label: other.name, hint: `${other.describe}${other.warning ? ` · ${other.warning}` : ''}`});
			}
			const unusable = others.filter((p) => p.unusable);
			if (unusable.length) io.block('Profiles Codex could not use (not offered)', unusable.map((p) => `${p.name}: ${p.unusable}`));
			choices.push({value: NEW, label: 'Create a new profile'});
			const preselect = answers.profile ?? (config.profiles.some((p) => p.name === DEFAULT_PROFILE) ? DEFAULT_PROFILE : NEW);
			const picked = choices.length === 1 ? NEW : await io.ask({kind: 'select', id: 'profile', message: 'AWS profile for Codex', choices, default: choices.some((c) => c.value === preselect) ? preselect : NEW});
			if (picked.startsWith(OTHER)) return useOtherSource(ctx, io, answers, others.find((p) => `${OTHER}${p.name}` === picked)!);
			if (picked === NEW) {
				profileName = await io.ask({
					kind: 'text',
					id: 'profile-name',
					flag: '--profile',
					message: 'Profile name',
					default: config.allProfiles.includes(DEFAULT_PROFILE) ? `${DEFAULT_PROFILE}-2` : DEFAULT_PROFILE,
					validate: (value) => checkSectionName('profile', value) ?? (config.allProfiles.includes(value) ? `A profile "${value}" exists already: pick it from the list to update it, or choose another name.` : undefined),
				});
			} else {
				profileName = picked;
				chosen = config.profiles.find((p) => p.name === picked);
			}
		}

		// 2. The SSO session: the profile's own, or a new one. Legacy profiles are converted to a session.
		// Flags (and a preset) win over what the file says: a stale profile is shown and repaired.
		let session: SessionAnswers | undefined;
		const differences = chosen ? staleDifferences(chosen, config, wanted) : [];
		if (chosen && differences.length) {
			io.block(`Profile ${chosen.name} differs from what the flags (or the preset) ask for`, differences.map((d) => `${d.what}: ${d.have} -> ${d.want}`));
			const how = await io.ask({
				kind: 'select',
				id: 'stale-profile',
				message: `Update ${chosen.name}, or make a profile under a new name?`,
				choices: [
					{value: 'update', label: `Update ${chosen.name} (the file is backed up, the change shown first)`},
					{value: 'new', label: 'Leave it, and create a profile under a new name'},
				],
				default: 'update',
			});
			if (how === 'update') session = repairedSession(ctx, io, chosen, config, wanted);
			else {
				profileName = await askNewProfileName(io, config);
				chosen = undefined;
			}
		}
		if (session) {
			// repaired above
		} else if (chosen?.style === 'sso-session' && chosen.sessionName && chosen.startUrl && chosen.ssoRegion) {
			const info = config.sessions.find((s) => s.name === chosen!.sessionName);
			session = {sessionName: chosen.sessionName, startUrl: chosen.startUrl, ssoRegion: chosen.ssoRegion, scopes: (info?.scopes ?? 'sso:account:access').split(',').map((s) => s.trim())};
		} else {
			if (chosen?.style === 'legacy') io.note(`Profile ${chosen.name} uses the legacy SSO format (no refresh); it will get an [sso-session] so its sign-in can refresh.`);
			session = await askNewSession(ctx, io, config.sessions, profileName);
		}

		// 3. Sign in, pick account and role.
		const forceLogin = Boolean(ctx.freshSignIn) || !config.sessions.some((s) => s.name === session!.sessionName && s.startUrl === session!.startUrl && s.ssoRegion === session!.ssoRegion);
		const {token, reused} = await ensureToken(ctx, io, session, forceLogin);
		// The failure menu's "Sign in again" is used up by this sign-in.
		ctx.freshSignIn = false;
		const {accountId, roleName} = await chooseAccountAndRole(ctx, io, session, token, chosen);
		// In a dry run the profile may exist nowhere on disk: later steps get its role credentials from here.
		ctx.dryRun?.profiles.set(profileName, {ssoRegion: session.ssoRegion, accountId, roleName, accessToken: token.accessToken});

		// 4. Write [profile] and [sso-session] in place, after showing the diff.
		const region = chosen?.region ?? answers.region ?? session.ssoRegion;
		let next = setSectionValues(text ?? '', 'profile', profileName, [
			['sso_session', session.sessionName],
			['sso_account_id', accountId],
			['sso_role_name', roleName],
			['region', region],
		]);
		// A profile that also carries its own sso_start_url / sso_region (legacy keys next to sso_session) must
		// agree with its session, or botocore refuses it: those keys follow the session.
		const ownKeys = sectionValues(findSection(doc, 'profile', profileName));
		const follow: Array<[string, string]> = [];
		if (ownKeys['sso_start_url'] !== undefined) follow.push(['sso_start_url', session.startUrl]);
		if (ownKeys['sso_region'] !== undefined) follow.push(['sso_region', session.ssoRegion]);
		if (follow.length) next = setSectionValues(next, 'profile', profileName, follow);
		next = setSectionValues(next, 'sso-session', session.sessionName, [
			['sso_start_url', session.startUrl],
			['sso_region', session.ssoRegion],
			['sso_registration_scopes', session.scopes.join(',')],
		]);
		const plan = planWrite(ctx.paths.awsConfig, text, next);
		const files: WrittenFile[] = [];
		if (plan.changed) {
			const shown = tildify(ctx.paths.awsConfig, ctx.paths.home);
			io.block(`Changes to ${shown}`, await diffLines(plan, shown));
			const breakHardLinks = await confirmLinks(ctx, io, [ctx.paths.awsConfig]);
			if (ctx.dryRun) io.note(`Dry run: ${shown} is not written.`);
			else {
				const ok = await io.ask({kind: 'confirm', id: 'write-aws-config', message: `Write ${shown}?`, default: true});
				if (!ok) return {status: 'failed', failure: {code: 'user.declined-write', message: `Nothing was written to ${shown}.`, hint: 'Retry to see the change again.'}};
			}
			files.push(await applyWrite(plan, {...writeOptions(ctx, {breakHardLinks}), shown}));
		} else {
			io.note(`${tildify(ctx.paths.awsConfig, ctx.paths.home)} already has this profile; nothing to change.`);
		}

		// 5. Prove it: the SDK's own chain, then STS.
		// Role credentials known from earlier in this run (doctor's checks) are reused unless the profile or
		// its sign-in changed just now.
		const stale = plan.changed || !reused;
		const identity = await io.task(waitLabel(ctx, 'Checking who you are (STS GetCallerIdentity)'), async () => {
			const credentials = await profileCredentials(ctx, profileName, {fresh: stale});
			// The region probe needs only the credentials: it runs while STS answers and the user reads on.
			wizard.prefetch?.({profile: profileName});
			return whoAmI(ctx, profileName, region, credentials);
		});
		const expiry = identity.credentialsExpireAt ? `; role credentials ${describeExpiry(identity.credentialsExpireAt, ctx.clock.now())}` : '';
		io.note(`Signed in as ${identity.arn} (account ${identity.account})${expiry}.`, 'success');
		return {
			status: 'done',
			summary: `${profileName} · ${roleName} in account ${identity.account}`,
			answers: {profile: profileName, ssoSession: session.sessionName, startUrl: session.startUrl, ssoRegion: session.ssoRegion, accountId, roleName, identityArn: identity.arn, ...(answers.region ? {} : {region})},
			files,
		};
	},
};
