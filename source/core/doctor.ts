// `codex-bedrock-setup doctor`: every check of the setup, read-only, in order. Each check that fails
// carries a typed failure and the troubleshooting rule that explains it; checks that depend on a failed
// one are skipped (saying which). The same checks tell a re-run of the wizard where to start.
import path from 'node:path';
import type {Context} from './context.js';
import {tildify} from './context.js';
import {toFailure} from './errors.js';
import {readIfExists} from './files.js';
import {IniParseError, parseIni} from './aws-config/ini.js';
import {readSsoConfig} from './aws-config/profiles.js';
import {describeExpiry, readToken, tokenPath} from './aws-config/token-cache.js';
import {MANTLE_REGIONS, codexCannotUse, isRuntimeId, routeOfProvider, scopeOf, toMantleId} from './bedrock/models.js';
import {MIN_CODEX, MIN_CODEX_PROFILE_FILES, compareVersions, findCodexOnce, runCodexDoctor} from './codex/cli.js';
import {awsTable, providerFor, environmentFindings, inspectCodexConfig, profileFile, stringAt, type Shape, type Table} from './codex/config.js';
import {bedrockProfileNames, readToml} from './codex/files.js';
import {codexCredential, readCodexAuth} from './codex/credentials.js';
import {getPath} from './codex/toml-edit.js';
import {redact} from './redact.js';
import {nodeVersionOk, MIN_NODE} from './machine.js';
import {explain, type Diagnosis} from './troubleshoot/explain.js';
import type {Answers, StepFailure, StepId} from './types.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'info';

export interface CheckResult {
	id: string;
	title: string;
	status: CheckStatus;
	/** One line: the value found, or what is wrong. */
	summary: string;
	details?: string[];
	/** The wizard step that sets this up (a re-run starts at the first failing one). */
	step: StepId;
	failure?: StepFailure;
	diagnosis?: Diagnosis;
}

export interface DoctorReport {
	schemaVersion: 1;
	generatedAt: string;
	tool: {name: 'codex-bedrock-setup'; version: string};
	ok: boolean;
	/** What the checks found: the values a re-run prefills. */
	setup: Answers & {shape?: Shape; codexVersion?: string};
	checks: CheckResult[];
	counts: Record<CheckStatus, number>;
}

const SHOW = (ctx: Context, file: string) => tildify(file, ctx.paths.home);

/** Where Codex's Bedrock settings live now: config.toml, or a Codex profile file that selects Bedrock. */
async function readCodexSetup(ctx: Context, codexProfile: string | undefined) {
	const base = await readToml(ctx.paths.codexConfig);
	let name = codexProfile;
	if (!name && !routeOfProvider(base.data?.['model_provider'] as string | undefined)) name = (await bedrockProfileNames(ctx.paths.codexHome))[0];
	const profile = name ? await readToml(profileFile(ctx.paths.codexHome, name)) : undefined;
	const shape: Shape = name && profile?.text !== undefined ? 'profile' : 'default';
	const layered = (keyPath: readonly string[]) => (shape === 'profile' ? (stringAt(profile?.data, keyPath) ?? stringAt(base.data, keyPath)) : stringAt(base.data, keyPath));
	return {base, profile, shape, name, layered};
}

function counts(checks: CheckResult[]): Record<CheckStatus, number> {
	const result: Record<CheckStatus, number> = {pass: 0, fail: 0, warn: 0, skip: 0, info: 0};
	for (const check of checks) result[check.status] += 1;
	return result;
}

export interface DoctorOptions {
	/** The AWS profile to check when the Codex config names none (--profile). */
	profile?: string;
	codexProfile?: string;
	/** Skip the calls to AWS (file and environment checks only). */
	offline?: boolean;
	runtime?: {node: string};
}

/** The profile's non-SSO credential source, if it has one (config plus the shared credentials file). */
async function otherSource(ctx: Context, configText: string, name: string) {
	const {readProfileSources} = await import('./aws-config/credential-sources.js');
	const credentialsText = await readIfExists(ctx.paths.awsCredentials).catch(() => undefined);
	let credentials: ReturnType<typeof parseIni> | undefined;
	try {
		credentials = credentialsText === undefined ? undefined : parseIni(credentialsText);
	} catch {
		credentials = undefined;
	}
	return readProfileSources(parseIni(configText), credentials).find((p) => p.name === name && p.kind !== 'sso' && p.kind !== 'none');
}

export async function runDoctor(ctx: Context, options: DoctorOptions = {}): Promise<DoctorReport> {
	const checks: CheckResult[] = [];
	const setup: DoctorReport['setup'] = {};
	const add = (check: Omit<CheckResult, 'diagnosis'>) => {
		const failure = check.failure ? {...check.failure, message: redact(check.failure.message)} : undefined;
		const result: CheckResult = {...check, summary: redact(check.summary), ...(failure ? {failure} : {})};
		if (failure && (check.status === 'fail' || check.status === 'warn' || check.status === 'info')) result.diagnosis = explain(failure, check.step, {...setup, ...failure.context});
		checks.push(result);
		return result;
	};
	const blocked = (id: string, title: string, step: StepId, because: string) => add({id, title, step, status: 'skip', summary: `not checked: ${because}`});
	const fail = (id: string, title: string, step: StepId, failure: StepFailure, status: CheckStatus = 'fail') => add({id, title, step, status, summary: failure.message, failure});

	// 1. This machine.
	const node = options.runtime?.node ?? process.versions.node;
	if (nodeVersionOk(node)) add({id: 'node', title: 'Node.js', step: 'preflight', status: 'pass', summary: node});
	else fail('node', 'Node.js', 'preflight', {code: 'preflight.node', message: `Node.js ${node} is too old: this tool needs ${MIN_NODE.join('.')} or newer.`});

	// 2. Codex's config, read first: it says which profile, region and model Codex will use.
	const codex = await readCodexSetup(ctx, options.codexProfile);
	setup.shape = codex.shape;
	if (codex.name && codex.shape === 'profile') setup.codexProfile = codex.name;
	const broken = [codex.base, codex.profile].find((f) => f?.error);
	const where = codex.shape === 'profile' ? SHOW(ctx, profileFile(ctx.paths.codexHome, codex.name!)) : SHOW(ctx, ctx.paths.codexConfig);

	// 3. Codex itself.
	const installed = await findCodexOnce(ctx);
	if (installed) setup.codexVersion = installed.version;
	const minimum = codex.shape === 'profile' ? MIN_CODEX_PROFILE_FILES : MIN_CODEX;
	if (!installed) fail('codex.installed', 'Codex CLI', 'codex-config', {code: 'codex.missing', message: 'The Codex CLI is not on PATH.'});
	else if (compareVersions(installed.version, minimum) < 0) fail('codex.installed', 'Codex CLI', 'codex-config', {code: 'codex.too-old', message: `${installed.banner} is older than ${minimum}.`});
	else add({id: 'codex.installed', title: 'Codex CLI', step: 'codex-config', status: 'pass', summary: installed.version});

	// 4. ~/.aws/config and the profile.
	const awsText = await readIfExists(ctx.paths.awsConfig).catch(() => undefined);
	let awsProfiles: string[] | undefined;
	let ssoConfig: ReturnType<typeof readSsoConfig> | undefined;
	if (awsText === undefined) {
		fail('aws.config', 'AWS config', 'sso-profile', {code: 'aws-config.missing', message: `${SHOW(ctx, ctx.paths.awsConfig)} does not exist.`, fixStep: 'sso-profile'});
	} else {
		try {
			ssoConfig = readSsoConfig(parseIni(awsText));
			awsProfiles = ssoConfig.allProfiles;
			add({id: 'aws.config', title: 'AWS config', step: 'sso-profile', status: 'pass', summary: `${SHOW(ctx, ctx.paths.awsConfig)} parses (${awsProfiles.length} profile${awsProfiles.length === 1 ? '' : 's'})`});
		} catch (error) {
			if (!(error instanceof IniParseError)) throw error;
			fail('aws.config', 'AWS config', 'sso-profile', {code: 'aws-config.parse', message: `${SHOW(ctx, ctx.paths.awsConfig)}: ${error.message}`});
		}
	}
	const route = routeOfProvider(codex.layered(['model_provider']));
	const PROVIDER = providerFor(route);
	const AWS_TABLE = awsTable(route);
	const profileName = codex.layered([...AWS_TABLE, 'profile']) ?? options.profile ?? ctx.env['AWS_PROFILE'];
	const region = codex.layered([...AWS_TABLE, 'region']);
	const model = codex.layered(['model']);
	if (profileName) setup.profile = profileName;
	if (region) setup.region = region;
	if (model) setup.model = model;
	if (route) setup.route = route;
	if (model && route) setup.inferenceScope = scopeOf(model);

	const profile = ssoConfig?.profiles.find((p) => p.name === profileName);
	// A profile whose credentials come from elsewhere (credential_process, a role chain, keys) is checked as it is.
	const other = ssoConfig && profileName && !profile ? await otherSource(ctx, awsText!, profileName) : undefined;
	if (!ssoConfig) blocked('aws.profile', 'AWS profile', 'sso-profile', 'the AWS config is not readable');
	else if (!profileName) fail('aws.profile', 'AWS profile', 'sso-profile', {code: 'codex.aws-profile-unset', message: 'No AWS profile is named in the Codex config (or --profile).'});
	else if (other?.unusable) fail('aws.profile', 'AWS profile', 'sso-profile', {code: 'aws-profile.unusable', message: `Profile ${profileName} cannot work for Codex: ${other.unusable}.`, fixStep: 'sso-profile'});
	else if (other) add({id: 'aws.profile', title: 'AWS profile', step: 'sso-profile', status: other.warning ? 'warn' : 'pass', summary: `${profileName}: ${other.describe}${other.warning ? ` (${other.warning})` : ''}`});
	else if (!profile) fail('aws.profile', 'AWS profile', 'sso-profile', {code: 'codex.aws-profile-missing', message: `The profile "${profileName}" is not an SSO profile in ${SHOW(ctx, ctx.paths.awsConfig)}.`});
	else if (profile.problems.length) fail('aws.profile', 'AWS profile', 'sso-profile', {code: 'aws-config.profile-broken', message: `Profile ${profileName}: ${profile.problems.join('; ')}.`});
	else {
		if (profile.sessionName) setup.ssoSession = profile.sessionName;
		if (profile.accountId) setup.accountId = profile.accountId;
		if (profile.roleName) setup.roleName = profile.roleName;
		add({id: 'aws.profile', title: 'AWS profile', step: 'sso-profile', status: 'pass', summary: `${profileName}: ${[profile.accountId, profile.roleName].filter(Boolean).join(' · ')}`});
	}

	// 5. The sign-in: the token cache the SDKs read.
	let signedIn = false;
	if (other && !other.unusable) {
		signedIn = true;
		add({id: 'sso.token', title: 'SSO sign-in', step: 'sso-profile', status: 'pass', summary: `not an SSO profile: ${other.describe} provides the credentials`});
	} else if (!profile || profile.problems.length) blocked('sso.token', 'SSO sign-in', 'sso-profile', 'no usable profile');
	else {
		const key = profile.style === 'sso-session' ? profile.sessionName : profile.startUrl;
		const token = key ? await readToken(tokenPath(ctx.paths.ssoCache, key), ctx.clock.now()) : ({state: 'missing'} as const);
		const now = ctx.clock.now();
		if (token.state === 'valid') {
			signedIn = true;
			add({id: 'sso.token', title: 'SSO sign-in', step: 'sso-profile', status: 'pass', summary: `valid, ${describeExpiry(token.expiresAt, now)}`});
		} else if (token.state === 'refreshable') {
			signedIn = true;
			add({id: 'sso.token', title: 'SSO sign-in', step: 'sso-profile', status: 'pass', summary: `expired ${describeExpiry(token.expiresAt, now).replace('expired ', '')}, refreshable without a browser`});
		} else {
			const message = token.state === 'missing' ? `No sign-in is cached for ${profileName}.` : token.state === 'expired' ? `The sign-in for ${profileName} ${describeExpiry(token.expiresAt, now)} and cannot be refreshed.` : `The cached sign-in is unreadable (${token.reason}).`;
			fail('sso.token', 'SSO sign-in', 'sso-profile', {code: 'sso.token-expired', message, fixStep: 'sso-profile'});
		}
	}

	// 6. Identity, then the region and the model, through the SDK's own credential chain.
	let credentials: Awaited<ReturnType<typeof import('./sso/portal.js').profileCredentials>> | undefined;
	if (!signedIn || options.offline) {
		blocked('aws.identity', 'Identity', 'sso-profile', options.offline ? '--offline' : 'not signed in');
	} else {
		try {
			const {profileCredentials, whoAmI} = await import('./sso/portal.js');
			credentials = await profileCredentials(ctx, profileName!);
			const identity = await whoAmI(ctx, profileName!, region ?? profile?.region ?? 'us-east-1', credentials);
			setup.identityArn = identity.arn;
			add({id: 'aws.identity', title: 'Identity', step: 'sso-profile', status: 'pass', summary: identity.arn});
		} catch (error) {
			credentials = undefined;
			fail('aws.identity', 'Identity', 'sso-profile', toFailure(error));
		}
	}

	// 6b. How long the sign-in lasts (access token, refresh, role credentials), and whether Codex can sign
	// in again by itself when it ends (auth_refresh).
	if (signedIn && profile) {
		const {readSessionLengths, summarizeSessionLengths, sessionWarning} = await import('./sso/session.js');
		const key = profile.style === 'sso-session' ? profile.sessionName! : profile.startUrl!;
		const lengths = await readSessionLengths(ctx, key, credentials?.expiration?.getTime());
		const warning = sessionWarning(lengths, ctx.clock.now());
		const line = summarizeSessionLengths(lengths, ctx.clock.now());
		add({id: 'sso.session', title: 'Session', step: 'sso-profile', status: warning ? 'warn' : 'pass', summary: warning ? `${warning}: run npx codex-bedrock-setup login --profile ${profileName} before long work (${line})` : line});
		const refresh = codex.layered([...awsTable(route), 'auth_refresh', 'command']);
		// Codex runs `aws` from its PATH: gone (uninstalled, another shell) means the re-sign-in fails.
		const awsGone = refresh ? (await import('./readiness.js').then((m) => m.awsCliVersionOnce(ctx))) === null : false;
		add({
			id: 'codex.auth-refresh',
			title: 'Re-sign-in',
			step: 'codex-config',
			status: awsGone ? 'warn' : 'info',
			summary: awsGone
				? `Codex's auth_refresh runs aws, which is not on PATH here: when the session ends, run npx codex-bedrock-setup login --profile ${profileName}`
				: refresh
					? `Codex signs in again by itself when the session ends (auth_refresh: ${refresh})`
					: `Codex cannot sign in again by itself: when the session ends, run npx codex-bedrock-setup login --profile ${profileName} (re-run the wizard with the AWS CLI v2 installed to let Codex do it)`,
		});
	}

	const configured = route !== undefined;
	const regionUsable = region !== undefined && (route === 'runtime' || MANTLE_REGIONS.includes(region));
	if (!configured) blocked('region.mantle', 'Region', 'region', 'Codex is not set up for Bedrock');
	else if (!region) fail('region.mantle', 'Region', 'region', {code: 'codex.region-unset', message: `No region is set in ${where}.`, fixStep: 'region'});
	// amazon-bedrock-runtime has no region allow-list: Bedrock Runtime exists in every Bedrock region.
	else if (route === 'runtime') add({id: 'region.mantle', title: 'Region', step: 'region', status: 'pass', summary: `${region}: Bedrock Runtime (amazon-bedrock-runtime)`});
	else if (!MANTLE_REGIONS.includes(region)) fail('region.mantle', 'Region', 'region', {code: 'codex.region-refused', message: `Codex refuses the region "${region}": Amazon Bedrock Mantle does not support it.`});
	else add({id: 'region.mantle', title: 'Region', step: 'region', status: 'pass', summary: `${region} has Bedrock Mantle`});

	if (!configured) blocked('model.listed', 'Model', 'model-access', 'Codex is not set up for Bedrock');
	else if (!model) fail('model.listed', 'Model', 'model-access', {code: 'codex.model-missing', message: `No model is set in ${where}.`, fixStep: 'model-access'});
	else if (isRuntimeId(model)) fail('model.listed', 'Model', 'model-access', {code: 'codex.runtime-model-id', message: `${model} is a control-plane ID; Codex needs ${toMantleId(model)}.`, context: {model: toMantleId(model)}});
	else if (codexCannotUse(model, route)) fail('model.listed', 'Model', 'model-access', {code: 'codex.model-unusable', message: `Codex cannot use ${model} with ${PROVIDER}: ${codexCannotUse(model, route)}`, fixStep: 'model-access'});
	else if (!credentials || !region || !regionUsable) blocked('model.listed', 'Model', 'model-access', !credentials ? 'no credentials' : 'no usable region');
	else if (route === 'runtime') {
		try {
			const {probeRegions, codexModels, routeFindings} = await import('./bedrock/probe.js');
			const [probe] = await probeRegions(ctx, credentials, [region], {timeoutMs: 15_000});
			if (codexModels(probe!, 'runtime').includes(model)) add({id: 'model.listed', title: 'Model', step: 'model-access', status: 'pass', summary: `${model} is offered on Bedrock Runtime in ${region}`});
			else fail('model.listed', 'Model', 'model-access', {code: 'model.not-in-region', message: `${model} is not offered on Bedrock Runtime in ${region} for this account. ${routeFindings(probe!, 'runtime')}`, fixStep: 'region'});
		} catch (error) {
			fail('model.listed', 'Model', 'model-access', toFailure(error));
		}
	} else {
		try {
			const {listMantleModels} = await import('./bedrock/mantle.js');
			const served = await listMantleModels(ctx, region, credentials, 15_000);
			const entry = served.find((m) => m.id === model);
			if (!entry) fail('model.listed', 'Model', 'model-access', {code: 'model.not-in-region', message: `${model} is not served on Mantle in ${region} for this account.`, fixStep: 'region'});
			// A failure, not a warning: every prompt Codex sends with this config fails.
			else if (entry.route === '/v1') fail('model.listed', 'Model', 'model-access', {code: 'mantle.model-not-on-route', message: `${model} is served on /v1, but Codex calls /openai/v1: model \`${model}\` isn't supported on this route.`});
			else add({id: 'model.listed', title: 'Model', step: 'model-access', status: 'pass', summary: `${model} is served on ${entry.route} in ${region}`});
		} catch (error) {
			fail('model.listed', 'Model', 'model-access', toFailure(error));
		}
	}

	// 7. The Codex config, and Codex's own opinion of it.
	if (broken?.error) {
		fail('codex.config', 'Codex config', 'codex-config', {code: 'codex.config-invalid', message: `${broken === codex.base ? SHOW(ctx, ctx.paths.codexConfig) : where} is not valid TOML (line ${broken.error.line}, column ${broken.error.column}: ${broken.error.message}).`});
	} else if (!codex.base.data && !codex.profile?.data) {
		fail('codex.config', 'Codex config', 'codex-config', {code: 'codex.config-missing', message: `${SHOW(ctx, ctx.paths.codexConfig)} does not exist: Codex uses OpenAI, not Bedrock.`});
	} else {
		const findings = inspectCodexConfig({base: codex.base.data, profile: codex.profile?.data, shape: codex.shape, ...(codex.name ? {codexProfile: codex.name} : {}), awsProfiles, env: {}});
		const problems = findings.filter((f) => f.tone !== 'info' && !['codex.runtime-model-id', 'codex.region-refused', 'codex.aws-profile-missing'].includes(f.id));
		if (problems.length === 0) {
			add({id: 'codex.config', title: 'Codex config', step: 'codex-config', status: 'pass', summary: `${where}: ${PROVIDER}, ${model}, ${region}, profile ${profileName}${codex.shape === 'profile' ? ` (codex --profile ${codex.name})` : ''}`});
		} else {
			const first = problems[0]!;
			add({id: 'codex.config', title: 'Codex config', step: 'codex-config', status: 'fail', summary: first.message, details: problems.slice(1).map((p) => p.message), failure: {code: first.id, message: first.message}});
		}
		if (installed && compareVersions(installed.version, MIN_CODEX) >= 0) {
			const layers = [codex.base.data, codex.shape === 'profile' ? codex.profile?.data : undefined].filter((l): l is Table => l !== undefined);
			const verdict = await runCodexDoctor(ctx, layers, ctx.signal);
			if ('unavailable' in verdict) add({id: 'codex.doctor', title: 'codex doctor', step: 'codex-config', status: 'warn', summary: verdict.unavailable});
			else if (!verdict.loaded) fail('codex.doctor', 'codex doctor', 'codex-config', {code: 'codex.doctor-rejected', message: `codex doctor cannot load the config: ${verdict.error ?? 'unknown error'}.`});
			else if (verdict.provider !== PROVIDER || (model && verdict.model !== model)) fail('codex.doctor', 'codex doctor', 'codex-config', {code: 'codex.provider-not-bedrock', message: `codex doctor sees provider ${verdict.provider ?? 'none'} and model ${verdict.model ?? 'none'}.`});
			else add({id: 'codex.doctor', title: 'codex doctor', step: 'codex-config', status: verdict.warnings.length ? 'warn' : 'pass', summary: verdict.warnings.length ? verdict.warnings.join(' ') : `agrees: ${verdict.provider}, ${verdict.model}`});
		} else {
			blocked('codex.doctor', 'codex doctor', 'codex-config', 'no usable Codex');
		}
	}

	// 8. The credential Codex will sign with, in Codex's observed order (codex/credentials.ts): the config's
	// aws.profile / aws.credential_export, Codex's own Bedrock credentials in auth.json, then the environment.
	const stored = await readCodexAuth(ctx.paths.codexHome);
	const configProfile = codex.layered([...AWS_TABLE, 'profile']);
	const layers = [codex.base.data, codex.shape === 'profile' ? codex.profile?.data : undefined];
	const credentialExport = layers.some((data) => data !== undefined && getPath(data, [...AWS_TABLE, 'credential_export']) !== undefined);
	const credential = codexCredential({credentialExport, configProfile, auth: stored, env: ctx.env});
	const env = environmentFindings(ctx.env, configProfile, stored, credentialExport);
	if (env.length === 0) add({id: 'env', title: 'Credentials', step: 'preflight', status: 'pass', summary: `Codex signs with ${credential.label}; nothing else is set`});
	for (const finding of env) {
		// A credential that wins over the setup fails; one Codex ignores, or a note, is a warning.
		const status: CheckStatus = ['env.bearer-token', 'env.access-keys', 'codex.stored-credentials'].includes(finding.id) ? 'fail' : 'warn';
		const summary = finding.fix ? `${finding.message} Fix: ${finding.fix}` : finding.message;
		add({id: finding.id, title: 'Credentials', step: 'preflight', status, summary, failure: {code: finding.id, message: finding.message}});
	}

	// 9. The lead's side of the account, as far as this role may see it (a fact, never counted as a failure).
	const teamAccount = setup.accountId ?? /^arn:aws:sts::(\d{12}):/.exec(setup.identityArn ?? '')?.[1];
	const teamRegion = region && MANTLE_REGIONS.includes(region) ? region : profile?.region;
	if (credentials && teamAccount && teamRegion) {
		const {teamVisibility} = await import('./team/visibility.js');
		// Titles no wider than the others (the report's column).
		const titles = {'budget.bedrock': 'Budget', cloudtrail: 'CloudTrail', 'invocation-logging': 'Bedrock logs'} as const;
		for (const item of await teamVisibility(ctx, credentials, teamAccount, teamRegion)) add({id: `team.${item.id}`, title: titles[item.id], step: 'summary', status: 'info', summary: item.summary});
	}

	// 10. What no tool can check for you: listed, not counted.
	add({id: 'readiness.cost-owner', title: 'Cost owner', step: 'summary', status: 'info', summary: 'not checked by this tool: a named owner for Bedrock costs (and the budget, where your role cannot see it: team check)', failure: {code: 'readiness.cost-owner', message: 'Not checked: budgets, tags and projects.'}});

	const tally = counts(checks);
	return {
		schemaVersion: 1,
		generatedAt: new Date(ctx.clock.now()).toISOString(),
		tool: {name: 'codex-bedrock-setup', version: ctx.version},
		ok: tally.fail === 0,
		setup,
		checks,
		counts: tally,
	};
}

/** The wizard step a re-run should start at: the first step with a failing check. */
export function firstFailingStep(report: DoctorReport, order: readonly StepId[]): StepId | undefined {
	const failing = new Set(report.checks.filter((c) => c.status === 'fail').map((c) => c.step));
	return order.find((step) => failing.has(step));
}
