// What Codex's config should say for Bedrock, what is wrong with what it says now, and the edits that
// get from one to the other. Pure: the step reads the files, this decides, the step shows and writes.
//
// Two shapes (shared/reference/codex.md; Codex docs, config-advanced):
// - default: config.toml itself selects the built-in provider, so plain `codex` uses Bedrock;
// - profile: $CODEX_HOME/<name>.config.toml holds the same keys and `codex --profile <name>` layers it
//   over config.toml, leaving the user's default alone. Codex >= 0.134 reads only these files; a
//   `[profiles.<name>]` table in config.toml makes `--profile <name>` refuse to start, and a top-level
//   `profile = "..."` selector makes every run refuse to start. So those are repaired, never written.
import path from 'node:path';
import type {Env} from '../context.js';
import {MANTLE_REGIONS, PROVIDERS, codexCannotUse, isRuntimeId, routeOfProvider, toMantleId, type Route} from '../bedrock/models.js';
import {getPath, type TomlEdit, type TomlPath} from './toml-edit.js';
import {codexCredential, howToRemove, sourceLabel, type CodexAuth, type CodexCredentialSource} from './credentials.js';

/** Mantle's provider, amazon-bedrock (the default route of configs written before Runtime existed here). */
export const PROVIDER = 'amazon-bedrock';
export const AWS_TABLE: TomlPath = ['model_providers', PROVIDER, 'aws'];

/** The provider id for a route: amazon-bedrock (Mantle) or amazon-bedrock-runtime (Runtime). */
export function providerFor(route: Route | undefined): string {
	return PROVIDERS[route ?? 'mantle'];
}

/** [model_providers.<provider>.aws]: both built-in providers take the same aws.profile / aws.region keys (SEEN: --strict-config accepts them). */
export function awsTable(route: Route | undefined): TomlPath {
	return ['model_providers', providerFor(route), 'aws'];
}
export const DEFAULT_CODEX_PROFILE = 'bedrock';
/** Codex's rule for profile names: letters, numbers, hyphens and underscores. */
export const CODEX_PROFILE_NAME = /^[A-Za-z0-9_-]+$/;

export type Shape = 'default' | 'profile';

export interface CodexTarget {
	shape: Shape;
	/** The Codex profile name, for the profile shape. */
	codexProfile?: string;
	awsProfile: string;
	region: string;
	model: string;
	/** Which provider: Mantle (amazon-bedrock, the default) or Runtime (amazon-bedrock-runtime). */
	route?: Route;
	/** Codex's own re-sign-in command (auth-refresh.ts decides whether it can work here). */
	authRefresh?: import('./auth-refresh.js').AuthRefreshConfig;
}

export type Table = Record<string, unknown>;

export interface ConfigFinding {
	id: string;
	tone: 'info' | 'warning' | 'error';
	message: string;
	/** What to do about it, when the wizard cannot do it (environment variables). */
	fix?: string;
	/** The wizard's edit repairs it. */
	repairedByEdit: boolean;
}

export function profileFile(codexHome: string, name: string): string {
	return path.join(codexHome, `${name}.config.toml`);
}

export function validateCodexProfileName(name: string): string | undefined {
	if (!name) return 'Enter a name.';
	if (!CODEX_PROFILE_NAME.test(name)) return 'Codex profile names may contain only letters, numbers, hyphens and underscores.';
	if (name === 'config') return '"config" would be config.config.toml; choose another name.';
	return undefined;
}

/** Keys people put in the wrong place: Codex ignores them, so the real setting is missing. */
const MISPLACED: ReadonlyArray<{path: TomlPath; should: string}> = [
	...Object.values(PROVIDERS).flatMap((provider) => [
		{path: ['model_providers', provider, 'profile'], should: `model_providers.${provider}.aws.profile`},
		{path: ['model_providers', provider, 'region'], should: `model_providers.${provider}.aws.region`},
		{path: ['model_providers', provider, 'aws_profile'], should: `model_providers.${provider}.aws.profile`},
		{path: ['model_providers', provider, 'aws_region'], should: `model_providers.${provider}.aws.region`},
	]),
	// A top-level [aws] table: Codex has no such setting and refuses it under --strict-config.
	{path: ['aws'], should: 'model_providers.amazon-bedrock.aws'},
];

export function misplacedKeys(data: Table | undefined): Array<{path: TomlPath; should: string}> {
	if (!data) return [];
	return MISPLACED.filter((entry) => getPath(data, entry.path) !== undefined);
}

/** The four keys, for whichever file carries them. */
export function bedrockKeys(target: CodexTarget): Array<{path: TomlPath; value: unknown}> {
	const table = awsTable(target.route);
	return [
		{path: ['model_provider'], value: providerFor(target.route)},
		{path: ['model'], value: target.model},
		{path: [...table, 'profile'], value: target.awsProfile},
		{path: [...table, 'region'], value: target.region},
		...(target.authRefresh
			? [
					{path: [...table, 'auth_refresh', 'command'], value: target.authRefresh.command},
					{path: [...table, 'auth_refresh', 'args'], value: target.authRefresh.args},
					{path: [...table, 'auth_refresh', 'timeout_ms'], value: target.authRefresh.timeout_ms},
				]
			: []),
	];
}

/** An auth_refresh the user wrote (not `aws sso login`): the wizard leaves it alone. */
export function foreignAuthRefresh(data: Table | undefined, route?: Route): boolean {
	const value = data ? getPath(data, [...awsTable(route), 'auth_refresh']) : undefined;
	if (value === undefined) return false;
	const table = value as {command?: unknown; args?: unknown};
	return !(table.command === 'aws' && Array.isArray(table.args) && table.args[0] === 'sso' && table.args[1] === 'login');
}

export interface CodexPlan {
	/** Edits to config.toml (the target keys in the default shape; repairs in both). */
	base: TomlEdit;
	/** Edits to <name>.config.toml, in the profile shape. */
	profile?: TomlEdit;
	/** What the edits repair, in words, for the screen. */
	repairs: string[];
}

/** The edits that make the files say `target`, and repair what would stop Codex from reading them. */
export function planCodexEdits(base: Table | undefined, profile: Table | undefined, target: CodexTarget): CodexPlan {
	const repairs: string[] = [];
	const baseRemove: Array<{path: TomlPath; reason: string}> = [];
	const profileRemove: Array<{path: TomlPath; reason: string}> = [];
	const profileSet: Array<{path: TomlPath; value: unknown}> = [];

	if (base && typeof base['profile'] === 'string') {
		baseRemove.push({path: ['profile'], reason: `Codex 0.134 and later refuse this legacy selector; run codex --profile ${base['profile']} instead.`});
		repairs.push(`Remove the legacy selector profile = "${base['profile']}" from config.toml (Codex 0.134 and later refuse to start with it; use codex --profile ${base['profile']}).`);
	}
	for (const entry of misplacedKeys(base)) {
		baseRemove.push({path: entry.path, reason: `Codex ignores ${entry.path.join('.')}; the setting is ${entry.should}.`});
		repairs.push(`Remove ${entry.path.join('.')} from config.toml: Codex does not read it there (the setting is ${entry.should}).`);
	}

	// The wizard writes aws.profile, and Codex refuses a config that also has aws.credential_export.
	const exportPath: TomlPath = [...awsTable(target.route), 'credential_export'];
	const exportReason = 'Codex refuses aws.credential_export together with aws.profile ("cannot be combined"); the wizard uses the profile.';
	if (base && getPath(base, exportPath) !== undefined) {
		baseRemove.push({path: exportPath, reason: exportReason});
		repairs.push('Remove aws.credential_export from config.toml: Codex refuses it together with the aws.profile the wizard writes.');
	}

	if (target.shape === 'default') {
		return {base: {set: bedrockKeys(target), remove: baseRemove}, repairs};
	}
	if (profile && getPath(profile, exportPath) !== undefined) {
		profileRemove.push({path: exportPath, reason: exportReason});
		repairs.push(`Remove aws.credential_export from ${target.codexProfile ?? DEFAULT_CODEX_PROFILE}.config.toml: Codex refuses it together with aws.profile.`);
	}

	const name = target.codexProfile ?? DEFAULT_CODEX_PROFILE;
	const legacy = base ? getPath(base, ['profiles', name]) : undefined;
	if (legacy !== undefined) {
		baseRemove.push({path: ['profiles', name], reason: `moved to ${name}.config.toml (codex --profile ${name} refuses to start while this legacy table exists).`});
		// Keep the user's other settings for this profile: they move to the profile file (ours win).
		const ours = new Set(['model_provider', 'model']);
		if (typeof legacy === 'object' && legacy !== null) {
			for (const [key, value] of Object.entries(legacy as Table)) {
				if (!ours.has(key) && (profile === undefined || getPath(profile, [key]) === undefined)) profileSet.push({path: [key], value});
			}
		}
		repairs.push(`Move [profiles.${name}] out of config.toml into ${name}.config.toml (codex --profile ${name} refuses to start while the legacy table exists).`);
	}
	for (const entry of misplacedKeys(profile)) {
		profileRemove.push({path: entry.path, reason: `Codex ignores ${entry.path.join('.')}; the setting is ${entry.should}.`});
		repairs.push(`Remove ${entry.path.join('.')} from ${name}.config.toml: Codex does not read it there (the setting is ${entry.should}).`);
	}
	return {base: {remove: baseRemove}, profile: {set: [...profileSet, ...bedrockKeys(target)], remove: profileRemove}, repairs};
}

/** The string at a key path, or undefined (absent, or not a string). */
export function stringAt(data: Table | undefined, p: TomlPath): string | undefined {
	const value = data ? getPath(data, p) : undefined;
	return typeof value === 'string' ? value : undefined;
}

/**
 * What is wrong with Codex's Bedrock setup as it stands: the files as Codex would layer them (config.toml,
 * then the profile file when one is used) and the environment Codex would run in.
 */
export function inspectCodexConfig(options: {
	base: Table | undefined;
	profile?: Table | undefined;
	shape: Shape;
	codexProfile?: string;
	/** Profile names in ~/.aws/config (undefined when it could not be read). */
	awsProfiles: readonly string[] | undefined;
	env: Env;
	/** What $CODEX_HOME/auth.json holds (codex/credentials.ts readCodexAuth). */
	auth?: CodexAuth;
}): ConfigFinding[] {
	const {base, profile, shape, env} = options;
	const findings: ConfigFinding[] = [];
	const layered = (p: TomlPath) => (shape === 'profile' ? (stringAt(profile, p) ?? stringAt(base, p)) : stringAt(base, p));
	const where = shape === 'profile' ? `${options.codexProfile ?? DEFAULT_CODEX_PROFILE}.config.toml` : 'config.toml';

	if (base && typeof base['profile'] === 'string') {
		findings.push({id: 'codex.legacy-profile-selector', tone: 'error', repairedByEdit: true, message: `config.toml has the legacy selector profile = "${base['profile']}": Codex 0.134 and later refuse to start with it.`});
	}
	if (shape === 'profile' && base && getPath(base, ['profiles', options.codexProfile ?? DEFAULT_CODEX_PROFILE]) !== undefined) {
		const name = options.codexProfile ?? DEFAULT_CODEX_PROFILE;
		findings.push({id: 'codex.legacy-profile-table', tone: 'error', repairedByEdit: true, message: `config.toml has a legacy [profiles.${name}] table: codex --profile ${name} refuses to start while it exists.`});
	}
	const provider = layered(['model_provider']);
	const route = routeOfProvider(provider);
	const bedrock = route !== undefined;
	if (!bedrock) {
		findings.push({
			id: 'codex.provider-not-bedrock',
			tone: 'warning',
			repairedByEdit: true,
			message: provider ? `${where} sets model_provider = "${provider}", not "${PROVIDERS.runtime}" or "${PROVIDER}".` : `${where} does not set model_provider, so Codex uses OpenAI, not Bedrock.`,
		});
	}
	const model = layered(['model']);
	const unusable = model && bedrock ? codexCannotUse(model, route) : undefined;
	if (model && isRuntimeId(model)) {
		findings.push({id: 'codex.runtime-model-id', tone: 'error', repairedByEdit: true, message: `model = "${model}" is a control-plane ID with a version suffix; Codex's Bedrock providers name it "${toMantleId(model)}".`});
	} else if (unusable) {
		findings.push({id: 'codex.model-unusable', tone: 'error', repairedByEdit: true, message: `model = "${model}" cannot work with ${provider}: ${unusable}`});
	} else if (bedrock && !model) {
		findings.push({id: 'codex.model-missing', tone: 'warning', repairedByEdit: true, message: `${where} does not set model, so Codex asks Bedrock for its own default model.`});
	}
	const table = awsTable(route);
	const awsProfile = layered([...table, 'profile']);
	const credentialExport = [base, shape === 'profile' ? profile : undefined].some((data) => data !== undefined && getPath(data, [...table, 'credential_export']) !== undefined);
	if (bedrock && !awsProfile && !credentialExport) {
		const credential = codexCredential({configProfile: undefined, auth: options.auth ?? {kind: 'none'}, env});
		findings.push({id: 'codex.aws-profile-unset', tone: 'info', repairedByEdit: true, message: `No AWS profile is set for Codex, so it signs with ${credential.label}.`});
	} else if (awsProfile && options.awsProfiles && !options.awsProfiles.includes(awsProfile)) {
		findings.push({id: 'codex.aws-profile-missing', tone: 'error', repairedByEdit: true, message: `Codex uses the AWS profile "${awsProfile}", which is not in the AWS config file.`});
	}
	const region = layered([...table, 'region']);
	// Codex 0.169.0 has a fixed list and no key that extends it (docs/codex-behaviour.md: "region-refused"); only the
	// Mantle provider has one: amazon-bedrock-runtime takes any region (SEEN: ca-central-1, test/codex/routes.test.ts).
	if (route !== 'runtime' && region && !MANTLE_REGIONS.includes(region)) {
		findings.push({id: 'codex.region-refused', tone: 'error', repairedByEdit: true, message: `Codex refuses the region "${region}": Amazon Bedrock Mantle does not support it.`});
	}
	for (const [label, data] of [['config.toml', base], [where, shape === 'profile' ? profile : undefined]] as const) {
		for (const entry of misplacedKeys(data)) {
			findings.push({id: 'codex.keys-misplaced', tone: 'warning', repairedByEdit: true, message: `${label} sets ${entry.path.join('.')}, which Codex ignores (it reads ${entry.should}).`});
		}
	}
	if (credentialExport && awsProfile) {
		findings.push({id: 'codex.export-with-profile', tone: 'error', repairedByEdit: true, message: 'The config sets both aws.credential_export and aws.profile: Codex refuses to start ("provider aws.credential_export cannot be combined with aws.profile").'});
	}
	findings.push(...environmentFindings(env, awsProfile, options.auth, credentialExport));
	return findings;
}

/**
 * Which credential Codex will sign with, given the config's aws.profile / aws.credential_export, what Codex
 * stored in auth.json and the environment, in Codex's OBSERVED order (codex/credentials.ts, checked against
 * the binary by the contract suite). A source that wins although the config names no credential is a
 * warning with its own id (env.bearer-token, env.access-keys, codex.stored-credentials); a source that is
 * present but loses is said once, as codex.credential-shadowed (Codex ignores it; other tools may not).
 */
export function environmentFindings(env: Env, awsProfile: string | undefined, auth: CodexAuth = {kind: 'none'}, credentialExport = false): ConfigFinding[] {
	const findings: ConfigFinding[] = [];
	const inputs = {credentialExport, configProfile: awsProfile, auth, env};
	const credential = codexCredential(inputs);
	const winnerIds: Partial<Record<CodexCredentialSource, string>> = {'env-bearer': 'env.bearer-token', 'env-keys': 'env.access-keys', 'codex-api-key': 'codex.stored-credentials', 'codex-access-keys': 'codex.stored-credentials'};
	const winnerId = winnerIds[credential.source];
	if (winnerId) {
		const rest = credential.shadowed.map((s) => sourceLabel(s, inputs));
		findings.push({
			id: winnerId,
			tone: 'warning',
			repairedByEdit: true,
			message: `Codex will sign with ${credential.label}: the config sets no aws.profile, and that comes first in Codex's order${rest.length ? ` (before ${rest.join(', ')})` : ''}.`,
			fix: `set aws.profile (the wizard does), or ${howToRemove(credential.source)}.`,
		});
	}
	const shadowed = credential.shadowed.filter((s) => s !== 'aws-profile' && s !== 'credential-export');
	if (shadowed.length && (credential.source === 'aws-profile' || credential.source === 'credential-export' || winnerId)) {
		findings.push({
			id: 'codex.credential-shadowed',
			tone: 'info',
			repairedByEdit: false,
			message: `${shadowed.map((s) => sourceLabel(s, inputs)).join(', ')}: Codex does not use ${shadowed.length === 1 ? 'it' : 'them'}, because ${credential.label} comes first (other AWS tools in this shell may still use ${shadowed.length === 1 ? 'it' : 'them'}).`,
			fix: shadowed.map(howToRemove).join('; '),
		});
	}
	if (env['AWS_PROFILE'] && awsProfile && env['AWS_PROFILE'] !== awsProfile) {
		findings.push({
			id: 'env.aws-profile',
			tone: 'info',
			repairedByEdit: false,
			message: `AWS_PROFILE=${env['AWS_PROFILE']} differs from the profile Codex is told to use (${awsProfile}); the config wins for Codex, other AWS tools in this shell use ${env['AWS_PROFILE']}.`,
			fix: `export AWS_PROFILE=${awsProfile} to make the AWS CLI agree with Codex.`,
		});
	}
	if (env['OPENAI_API_KEY']) {
		findings.push({
			id: 'env.openai-key',
			tone: 'info',
			repairedByEdit: false,
			message: 'OPENAI_API_KEY is set: the amazon-bedrock provider does not use it (Codex on Bedrock needs no OpenAI key).',
			fix: 'unset OPENAI_API_KEY if it was set only for Codex.',
		});
	}
	return findings;
}
