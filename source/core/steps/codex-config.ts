// Step 5: Codex's config. Finds the Codex CLI (and offers to install or update it, only with consent),
// then points Codex's built-in amazon-bedrock provider at the chosen profile, region and model: either
// as the default in config.toml, or as a Codex profile file (<name>.config.toml, `codex --profile name`).
// The user's TOML is edited in place (codex/toml-edit.ts), never rewritten; what would stop Codex from
// reading it is repaired in the same edit; the result is judged by the real `codex doctor`.
import path from 'node:path';
import type {Context} from '../context.js';
import {tildify} from '../context.js';
import {StepError} from '../errors.js';
import {applyWrite, diffLines, planWrite, readIfExists, utcStamp, writeOptions, type PlannedWrite} from '../files.js';
import {IniParseError, parseIni} from '../aws-config/ini.js';
import {readSsoConfig} from '../aws-config/profiles.js';
import {MIN_CODEX, MIN_CODEX_PROFILE_FILES, INSTALL_COMMAND, compareVersions, findCodexOnce, installCodex, runCodexDoctor, type CodexInstall} from '../codex/cli.js';
import {
	DEFAULT_CODEX_PROFILE,
	foreignAuthRefresh,
	providerFor,
	inspectCodexConfig,
	planCodexEdits,
	profileFile,
	validateCodexProfileName,
	type CodexTarget,
	type ConfigFinding,
	type Shape,
	type Table,
} from '../codex/config.js';
import {bedrockProfileNames, readToml} from '../codex/files.js';
import {codexCredential, readCodexAuth} from '../codex/credentials.js';
import {TomlSyntaxError, editToml, parseToml} from '../codex/toml-edit.js';
import {routeOfProvider} from '../bedrock/models.js';
import type {Answers, Step, StepFailure, StepIO, WrittenFile} from '../types.js';
import {confirmLinks} from './file-safety.js';
import type {AuthRefreshConfig} from '../codex/auth-refresh.js';
import {browserAvailability} from './preflight.js';
import {titleOf} from './titles.js';

interface LoadedToml {
	file: string;
	text: string | undefined;
	data: Table | undefined;
	/** Where a file that did not parse was moved to, with the user's consent. */
	setAside?: string;
}

function show(ctx: Context, file: string): string {
	return tildify(file, ctx.paths.home);
}

/** The offending line with a caret under the column, for a TOML syntax error. */
export function syntaxErrorLines(text: string, error: TomlSyntaxError): string[] {
	const line = text.split(/\r?\n/)[error.line - 1] ?? '';
	const gutter = `${error.line} | `;
	return [`line ${error.line}, column ${error.column}: ${error.message}`, `${gutter}${line}`, `${' '.repeat(gutter.length + error.column - 1)}^`];
}

async function loadToml(ctx: Context, io: StepIO, file: string): Promise<LoadedToml> {
	const {text, data, error} = await readToml(file);
	if (!error) return {file, text, data};
	const where = `line ${error.line}, column ${error.column}`;
	const failure = new StepError({
		code: 'codex.config-invalid',
		message: `${show(ctx, file)} is not valid TOML (${where}: ${error.message}); nothing was changed.`,
		hint: `Fix ${where} in an editor and retry, or retry and let the wizard set the file aside (it is renamed, never deleted).`,
	});
	io.block(`${show(ctx, file)} does not parse`, syntaxErrorLines(text!, error));
	const aside = `${file}.broken-${utcStamp(ctx.clock.now())}`;
	if (ctx.dryRun) {
		// The rest of the run is shown as if the file had been set aside (a new file), without renaming it.
		io.note(`Dry run: a real run would rename ${show(ctx, file)} to ${path.basename(aside)} (with --set-aside-broken-config or your yes) and start a new file; nothing is renamed now.`, 'warning');
		return {file, text: undefined, data: undefined};
	}
	const ok = await io.ask({
		kind: 'confirm',
		id: 'set-aside-broken-config',
		flag: '--set-aside-broken-config',
		explicit: true,
		default: false,
		message: `Rename it to ${path.basename(aside)} (nothing is deleted) and start a new ${path.basename(file)}?`,
	});
	if (!ok) throw failure;
	// Never over a file of that name (a second set-aside in the same second gets -2, -3, ...).
	const {renameExclusive, numbered} = await import('../safe-write.js');
	const setAside = await renameExclusive(file, numbered(aside));
	await writeOptions(ctx).journal?.record({path: file, action: 'set-aside', setAside});
	io.note(`Set aside: ${show(ctx, file)} is now ${show(ctx, setAside)}.`, 'warning');
	return {file, text: undefined, data: undefined, setAside};
}

/** The decline message: honest about a file that was already set aside in this step. */
function declinedCodexWrite(ctx: Context, loaded: ReadonlyArray<LoadedToml | undefined>): StepFailure {
	const asides = loaded.filter((l): l is LoadedToml & {setAside: string} => Boolean(l?.setAside));
	if (!asides.length) return {code: 'user.declined-write', message: 'Nothing was written to the Codex config.', hint: 'Retry to see the change again.'};
	const moved = asides.map((l) => `${show(ctx, l.file)} was set aside as ${show(ctx, l.setAside)}`).join('; ');
	return {
		code: 'user.declined-write',
		message: `The new Codex config was not written, but ${moved} (renamed earlier in this step, at your yes).`,
		hint: `To put it back: ${asides.map((l) => `mv ${show(ctx, l.setAside)} ${show(ctx, l.file)}`).join('; ')} (or codex-bedrock-setup undo).`,
	};
}

async function awsProfileNames(ctx: Context): Promise<string[] | undefined> {
	try {
		return readSsoConfig(parseIni((await readIfExists(ctx.paths.awsConfig)) ?? '')).allProfiles;
	} catch (error) {
		if (error instanceof IniParseError) return undefined;
		throw error;
	}
}

/** Whether config.toml (or a ChatGPT/API login) already gives Codex a non-Bedrock default worth keeping. */
async function otherDefaultInUse(ctx: Context, base: Table | undefined): Promise<string | undefined> {
	const provider = base?.['model_provider'];
	if (typeof provider === 'string' && !routeOfProvider(provider)) return `config.toml uses the "${provider}" provider`;
	if (provider === undefined && typeof base?.['model'] === 'string') return `config.toml uses OpenAI's ${base['model']}`;
	// Only an OpenAI sign-in is "another default": Bedrock credentials Codex stored itself are Bedrock too.
	if ((await readCodexAuth(ctx.paths.codexHome)).kind === 'openai') return 'Codex is signed in to OpenAI';
	return undefined;
}

function describeFinding(finding: ConfigFinding): string {
	return finding.fix ? `${finding.message} Fix: ${finding.fix}` : finding.message;
}

/** Codex present and new enough; offers npm install -g only after a yes. */
async function checkCodex(ctx: Context, io: StepIO, shape: Shape | undefined): Promise<CodexInstall | undefined> {
	let codex = await io.task('Looking for the Codex CLI', () => findCodexOnce(ctx));
	const minimum = shape === 'profile' ? MIN_CODEX_PROFILE_FILES : MIN_CODEX;
	const problem = !codex
		? 'The Codex CLI is not on PATH. The config is written anyway; Codex needs it to use Bedrock.'
		: compareVersions(codex.version, minimum) < 0
			? `${codex.banner} is too old: ${shape === 'profile' ? `Codex profile files need ${MIN_CODEX_PROFILE_FILES}` : `the built-in amazon-bedrock provider needs ${MIN_CODEX}`} or newer.`
			: undefined;
	if (!problem) {
		io.note(`Codex CLI ${codex!.version}`, 'success');
		return codex;
	}
	io.note(problem, 'warning');
	if (ctx.dryRun) {
		io.note(`Dry run: a real run would offer to run ${INSTALL_COMMAND.join(' ')} (only after your yes, or with --install-codex); nothing is installed now.`);
		return codex && compareVersions(codex.version, MIN_CODEX) >= 0 ? codex : undefined;
	}
	const install = await io.ask({
		kind: 'confirm',
		id: 'install-codex',
		flag: '--install-codex',
		default: false,
		unattended: false,
		message: `${codex ? 'Update' : 'Install'} Codex now with: ${INSTALL_COMMAND.join(' ')}?${ctx.demo ? ' (demo: simulated, nothing is installed)' : ''}`,
	});
	if (!install) {
		io.note(`Skipped. Later: ${INSTALL_COMMAND.join(' ')}`);
		return codex && compareVersions(codex.version, MIN_CODEX) >= 0 ? codex : undefined;
	}
	const result = await io.task(`Running ${INSTALL_COMMAND.join(' ')}`, (signal) => installCodex(ctx, signal));
	io.block(`$ ${INSTALL_COMMAND.join(' ')}`, result.output.slice(-15));
	if (result.simulated) return codex && compareVersions(codex.version, MIN_CODEX) >= 0 ? codex : undefined;
	if (!result.ok) {
		io.note('The install failed (see above). If npm says EACCES, your global npm directory needs sudo or a Node version manager (nvm, fnm, volta).', 'warning');
		return codex && compareVersions(codex.version, MIN_CODEX) >= 0 ? codex : undefined;
	}
	codex = await findCodexOnce(ctx);
	if (codex) io.note(`Codex CLI ${codex.version} installed`, 'success');
	else io.note('npm finished, but codex is still not on PATH: open a new shell, or add npm\'s global bin directory to PATH.', 'warning');
	return codex;
}

async function chooseShape(ctx: Context, io: StepIO, base: Table | undefined, existing: string[], answers: {codexProfile?: string}): Promise<{shape: Shape; name?: string}> {
	const fromFlag = ctx.flags['codex-profile'];
	if (typeof fromFlag === 'string' && fromFlag) {
		const problem = validateCodexProfileName(fromFlag);
		if (problem) throw new StepError({code: 'usage.bad-flag', message: `--codex-profile ${fromFlag}: ${problem}`});
		return {shape: 'profile', name: fromFlag};
	}
	if (ctx.flags['codex-default']) return {shape: 'default'};
	if (routeOfProvider(base?.['model_provider'] as string | undefined)) return {shape: 'default'};
	const known = answers.codexProfile ?? existing[0];
	if (known) {
		io.note(`Found the Codex profile ${known} (${known}.config.toml) using Bedrock: updating it. Pass --codex-default to make Bedrock the default instead.`);
		return {shape: 'profile', name: known};
	}
	const other = await otherDefaultInUse(ctx, base);
	if (!other) {
		io.note('Bedrock becomes Codex\'s default provider. (Pass --codex-profile NAME to keep it separate.)');
		return {shape: 'default'};
	}
	const shape = (await io.ask({
		kind: 'select',
		id: 'codex-shape',
		message: `${other}. How should Codex use Bedrock?`,
		choices: [
			{value: 'default', label: 'Make Bedrock the default', hint: 'plain `codex` uses Bedrock; your current settings are backed up'},
			{value: 'profile', label: 'Add a Codex profile', hint: '`codex --profile bedrock` uses Bedrock; your default stays as it is'},
		],
		default: 'default',
	})) as Shape;
	if (shape === 'default') return {shape};
	const name = await io.ask({kind: 'text', id: 'codex-profile', flag: '--codex-profile', message: 'Codex profile name', default: DEFAULT_CODEX_PROFILE, validate: validateCodexProfileName});
	return {shape, name};
}

async function planFile(loaded: LoadedToml, edit: Parameters<typeof editToml>[1] | undefined): Promise<PlannedWrite | undefined> {
	if (!edit || ((edit.set ?? []).length === 0 && (edit.remove ?? []).length === 0)) return undefined;
	const before = loaded.text ?? '';
	let after: string;
	try {
		after = await editToml(before, edit);
	} catch (error) {
		throw new StepError({code: 'codex.edit-unsafe', message: `${(error as Error).message} (${path.basename(loaded.file)})`, hint: 'Please report this with the file (remove anything private); meanwhile add the lines shown in the summary by hand.'});
	}
	return planWrite(loaded.file, loaded.text, after, 0o600);
}


/**
 * Codex's auth_refresh for this machine (codex/auth-refresh.ts decides), or undefined with the reason
 * shown; an auth_refresh the user wrote is kept.
 */
async function planAuthRefresh(ctx: Context, io: StepIO, answers: Answers, codexVersion: string | undefined, tables: Array<Table | undefined>, route: import('../bedrock/models.js').Route): Promise<AuthRefreshConfig | undefined> {
	if (tables.some((t) => foreignAuthRefresh(t, route))) {
		io.note('Your Codex config has its own aws.auth_refresh command; it is kept as it is.');
		return undefined;
	}
	const {decideAuthRefresh, cachedRegistrationIsPkce, awsCliVersion} = await import('../codex/auth-refresh.js');
	const sso = !answers.credentialSource || answers.credentialSource === 'sso';
	const awsCli = sso ? await awsCliVersion(ctx).catch(() => null) : null;
	const browser = ctx.demo ? {available: true} : browserAvailability(ctx.env, process.platform);
	const flow = ctx.flags['use-device-code'] || !browser.available ? 'device' : 'pkce';
	const pkceRegistration = Boolean(answers.startUrl && answers.ssoRegion && answers.ssoSession) && (await cachedRegistrationIsPkce(ctx, {startUrl: answers.startUrl!, ssoRegion: answers.ssoRegion!, scopes: (answers.scopes ?? 'sso:account:access').split(',').map((x) => x.trim()), sessionName: answers.ssoSession!}));
	const decision = decideAuthRefresh({awsProfile: answers.profile!, sso, codexVersion, awsCliVersion: awsCli, flow, pkceRegistration});
	if (decision.config) {
		io.note(decision.note, 'success');
		return decision.config;
	}
	io.note(`No auth_refresh for Codex: ${decision.reason}.`);
	return undefined;
}

export const codexConfig: Step = {
	id: 'codex-config',
	title: titleOf('codex-config'),
	flags: [
		{name: 'codex-profile', type: 'string', valueName: 'NAME', description: 'Put Bedrock in a Codex profile (codex --profile NAME) and keep the current default.'},
		{name: 'codex-default', type: 'boolean', description: 'Make Bedrock Codex\'s default provider (what --yes does unless --codex-profile is given).'},
		{name: 'install-codex', type: 'boolean', description: `Install or update Codex (${INSTALL_COMMAND.join(' ')}) when it is missing or too old.`},
		{name: 'set-aside-broken-config', type: 'boolean', description: 'Rename a config.toml that does not parse (nothing is deleted) and start a new one.'},
	],

	async run(ctx, io, answers) {
		const {profile: awsProfile, region, model} = answers;
		if (!awsProfile || !region || !model) {
			const missing = !awsProfile ? 'sso-profile' : !region ? 'region' : 'model-access';
			return {status: 'failed', failure: {code: 'wizard.missing-answer', message: 'Codex needs an AWS profile, a region and a model first.', fixStep: missing}};
		}

		// The AWS CLI's version (for auth_refresh) takes seconds to ask: asked now, used after the Codex check.
		if (!answers.credentialSource || answers.credentialSource === 'sso') void import('../readiness.js').then((m) => m.awsCliVersion(ctx)).catch(() => null);

		// 1. Files as they are (a file that does not parse is shown, and set aside only with consent).
		const base = await loadToml(ctx, io, ctx.paths.codexConfig);
		const existing = await bedrockProfileNames(ctx.paths.codexHome);
		const {shape, name} = await chooseShape(ctx, io, base.data, existing, answers);
		const profile = shape === 'profile' && name ? await loadToml(ctx, io, profileFile(ctx.paths.codexHome, name)) : undefined;

		// 2. Codex itself (optional: the files are useful before Codex is installed).
		const codex = await checkCodex(ctx, io, shape);

		// 3. What is wrong now, and what the edit will repair.
		const awsProfiles = await awsProfileNames(ctx);
		const route = answers.route ?? 'mantle';
		const PROVIDER = providerFor(route);
		const authRefresh = await planAuthRefresh(ctx, io, answers, codex?.version, [base.data, profile?.data], route);
		const target: CodexTarget = {shape, ...(name ? {codexProfile: name} : {}), awsProfile, region, model, route, ...(authRefresh ? {authRefresh} : {})};
		const stored = await readCodexAuth(ctx.paths.codexHome);
		const findings = inspectCodexConfig({base: base.data, profile: profile?.data, shape, ...(name ? {codexProfile: name} : {}), awsProfiles, env: ctx.env, auth: stored});
		const existed = base.text !== undefined || profile?.text !== undefined;
		// Credential findings are said once below, for the config as written.
		const credentialIds = new Set(['env.bearer-token', 'env.access-keys', 'codex.stored-credentials', 'codex.credential-shadowed', 'codex.aws-profile-unset']);
		for (const finding of findings.filter((f) => !credentialIds.has(f.id) && (!f.repairedByEdit || (existed && f.tone !== 'info' && f.id !== 'codex.provider-not-bedrock')))) {
			io.note(describeFinding(finding), finding.tone === 'error' ? 'warning' : finding.tone);
		}
		// Which credential Codex will sign with once aws.profile is written, in Codex's observed order.
		const credential = codexCredential({configProfile: awsProfile, auth: stored, env: ctx.env});
		io.note(`Codex will sign its Bedrock requests with ${credential.label}.`);
		for (const finding of inspectCodexConfig({base: {model_provider: PROVIDER, model, model_providers: {[PROVIDER]: {aws: {profile: awsProfile, region}}}}, shape: 'default', awsProfiles: undefined, env: ctx.env, auth: stored}).filter((f) => f.id === 'codex.credential-shadowed')) {
			io.note(describeFinding(finding));
		}

		// 4. Plan both files, show the diffs, write after a yes.
		const plan = planCodexEdits(base.data, profile?.data, target);
		if (plan.repairs.length) io.block('Repairs', plan.repairs);
		const writes = [await planFile(base, plan.base), profile ? await planFile(profile, plan.profile) : undefined].filter((w): w is PlannedWrite => w !== undefined);
		const changed = writes.filter((w) => w.changed);
		const files: WrittenFile[] = [];
		let breakHardLinks = false;
		if (changed.length === 0) {
			io.note(`${shape === 'profile' ? show(ctx, profile!.file) : show(ctx, base.file)} already points Codex at ${model} in ${region} with the profile ${awsProfile}; nothing to change.`);
		} else {
			for (const write of changed) io.block(`Changes to ${show(ctx, write.path)}`, await diffLines(write, show(ctx, write.path)));
			breakHardLinks = await confirmLinks(ctx, io, changed.map((w) => w.path));
			const ok = ctx.dryRun ? true : await io.ask({kind: 'confirm', id: 'write-codex-config', message: `Write ${changed.map((w) => show(ctx, w.path)).join(' and ')}?`, default: true});
			if (ctx.dryRun) io.note(`Dry run: ${changed.map((w) => show(ctx, w.path)).join(' and ')} ${changed.length === 1 ? 'is' : 'are'} not written.`);
			if (!ok) return {status: 'failed', failure: declinedCodexWrite(ctx, [base, profile])};
		}
		for (const write of writes) {
			const written = await applyWrite(write, {...writeOptions(ctx, {breakHardLinks}), shown: show(ctx, write.path)});
			const aside = write.path === base.file ? base.setAside : profile?.setAside;
			files.push(aside && !written.backup ? {...written, backup: aside} : written);
		}
		if (shape === 'profile' && writes.every((w) => w.path !== profile?.file)) files.push({path: profile!.file, action: 'unchanged'});

		// 5. Judged by Codex itself, on a copy (doctor writes its state databases into CODEX_HOME).
		if (codex) {
			// Judge the files as they are on disk now, not the text in memory: what Codex will read.
			const onDisk = async (file: string, planned: string | undefined) => (ctx.dryRun ? planned : await readIfExists(file));
			const baseAfter = await onDisk(base.file, writes.find((w) => w.path === base.file)?.after ?? base.text);
			const profileAfter = profile ? await onDisk(profile.file, writes.find((w) => w.path === profile.file)?.after ?? profile.text) : undefined;
			const parsed = await Promise.all([baseAfter, profileAfter].filter((t): t is string => Boolean(t)).map((t) => parseToml(t)));
			const verdict = await io.task('Asking codex doctor to load the config', (signal) => runCodexDoctor(ctx, parsed, signal));
			if ('unavailable' in verdict) {
				io.note(`codex doctor could not check the config: ${verdict.unavailable}.`, 'warning');
			} else if (!verdict.loaded || verdict.provider !== PROVIDER || verdict.model !== model) {
				throw new StepError({
					code: 'codex.doctor-rejected',
					message: verdict.loaded
						? `codex doctor loads the config but sees provider ${verdict.provider ?? 'none'} and model ${verdict.model ?? 'none'}, not ${PROVIDER} and ${model}.`
						: `codex doctor cannot load the config: ${verdict.error ?? 'unknown error'}.`,
					hint: `Run codex doctor yourself to see the details; the backup of the previous file is next to it.`,
				});
			} else {
				io.note(`codex doctor: the config loads; provider ${verdict.provider}, model ${verdict.model}`, 'success');
				for (const warning of verdict.warnings) io.note(`codex doctor: ${warning}`, 'warning');
				for (const check of verdict.problems) io.note(`codex doctor: ${check.id} ${check.status}: ${check.summary}${check.remediation ? ` (${check.remediation})` : ''}`, 'warning');
			}
		} else {
			io.note('Not checked by codex doctor (Codex is not installed).');
		}

		const how = shape === 'profile' ? `codex --profile ${name}` : 'codex';
		return {
			status: 'done',
			summary: `${how} → ${model} in ${region} via ${PROVIDER} (AWS profile ${awsProfile})`,
			answers: {...(shape === 'profile' && name ? {codexProfile: name} : {}), ...(authRefresh ? {authRefresh: `${authRefresh.command} ${authRefresh.args.join(' ')}`} : {})},
			files,
		};
	},
};
