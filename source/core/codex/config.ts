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
import {MANTLE_REGIONS, isRuntimeId, toMantleId} from '../bedrock/models.js';
import {getPath, type TomlEdit, type TomlPath} from './toml-edit.js';

export const PROVIDER = 'amazon-bedrock';
export const AWS_TABLE: TomlPath = ['model_providers', PROVIDER, 'aws'];
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
	{path: ['model_providers', PROVIDER, 'profile'], should: 'model_providers.amazon-bedrock.aws.profile'},
	{path: ['model_providers', PROVIDER, 'region'], should: 'model_providers.amazon-bedrock.aws.region'},
	{path: ['model_providers', PROVIDER, 'aws_profile'], should: 'model_providers.amazon-bedrock.aws.profile'},
	{path: ['model_providers', PROVIDER, 'aws_region'], should: 'model_providers.amazon-bedrock.aws.region'},
	// A top-level [aws] table: Codex has no such setting and refuses it under --strict-config.
	{path: ['aws'], should: 'model_providers.amazon-bedrock.aws'},
];

export function misplacedKeys(data: Table | undefined): Array<{path: TomlPath; should: string}> {
	if (!data) return [];
	return MISPLACED.filter((entry) => getPath(data, entry.path) !== undefined);
}

/** The four keys, for whichever file carries them. */
export function bedrockKeys(target: CodexTarget): Array<{path: TomlPath; value: unknown}> {
	return [
		{path: ['model_provider'], value: PROVIDER},
		{path: ['model'], value: target.model},
		{path: [...AWS_TABLE, 'profile'], value: target.awsProfile},
		{path: [...AWS_TABLE, 'region'], value: target.region},
		...(target.authRefresh
			? [
					{path: [...AWS_TABLE, 'auth_refresh', 'command'], value: target.authRefresh.command},
					{path: [...AWS_TABLE, 'auth_refresh', 'args'], value: target.authRefresh.args},
					{path: [...AWS_TABLE, 'auth_refresh', 'timeout_ms'], value: target.authRefresh.timeout_ms},
				]
			: []),
	];
}

/** An auth_refresh the user wrote (not `aws sso login`): the wizard leaves it alone. */
export function foreignAuthRefresh(data: Table | undefined): boolean {
	const value = data ? getPath(data, [...AWS_TABLE, 'auth_refresh']) : undefined;
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

	if (target.shape === 'default') {
		return {base: {set: bedrockKeys(target), remove: baseRemove}, repairs};
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
	if (provider !== PROVIDER) {
		findings.push({
			id: 'codex.provider-not-bedrock',
			tone: 'warning',
			repairedByEdit: true,
			message: provider ? `${where} sets model_provider = "${provider}", not "${PROVIDER}".` : `${where} does not set model_provider, so Codex uses OpenAI, not Bedrock.`,
		});
	}
	const model = layered(['model']);
	if (model && isRuntimeId(model)) {
		findings.push({id: 'codex.runtime-model-id', tone: 'error', repairedByEdit: true, message: `model = "${model}" is a Bedrock Runtime ID; Codex calls Mantle, which names it "${toMantleId(model)}".`});
	} else if (provider === PROVIDER && !model) {
		findings.push({id: 'codex.model-missing', tone: 'warning', repairedByEdit: true, message: `${where} does not set model, so Codex asks Bedrock for its own default model.`});
	}
	const awsProfile = layered([...AWS_TABLE, 'profile']);
	if (provider === PROVIDER && !awsProfile) {
		findings.push({id: 'codex.aws-profile-unset', tone: 'info', repairedByEdit: true, message: `No AWS profile is set for Codex, so it uses the default credential chain${env['AWS_PROFILE'] ? ` (AWS_PROFILE=${env['AWS_PROFILE']})` : ''}.`});
	} else if (awsProfile && options.awsProfiles && !options.awsProfiles.includes(awsProfile)) {
		findings.push({id: 'codex.aws-profile-missing', tone: 'error', repairedByEdit: true, message: `Codex uses the AWS profile "${awsProfile}", which is not in the AWS config file.`});
	}
	const region = layered([...AWS_TABLE, 'region']);
	const extra = [base, profile].flatMap((data) => {
		const value = data ? getPath(data, ['bedrock_mantle_additional_regions']) : undefined;
		return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
	});
	if (region && !MANTLE_REGIONS.includes(region) && !extra.includes(region)) {
		findings.push({id: 'codex.region-refused', tone: 'error', repairedByEdit: true, message: `Codex refuses the region "${region}": Amazon Bedrock Mantle does not support it.`});
	}
	for (const [label, data] of [['config.toml', base], [where, shape === 'profile' ? profile : undefined]] as const) {
		for (const entry of misplacedKeys(data)) {
			findings.push({id: 'codex.keys-misplaced', tone: 'warning', repairedByEdit: true, message: `${label} sets ${entry.path.join('.')}, which Codex ignores (it reads ${entry.should}).`});
		}
	}
	findings.push(...environmentFindings(env, awsProfile));
	return findings;
}

/** Variables that change what Codex does with the files, whatever they say. */
export function environmentFindings(env: Env, awsProfile: string | undefined): ConfigFinding[] {
	const findings: ConfigFinding[] = [];
	if (env['AWS_BEARER_TOKEN_BEDROCK']) {
		findings.push({
			id: 'env.bearer-token',
			tone: 'warning',
			repairedByEdit: false,
			message: 'AWS_BEARER_TOKEN_BEDROCK is set: Codex uses that Bedrock API key first and ignores the AWS profile.',
			fix: 'unset AWS_BEARER_TOKEN_BEDROCK (and remove it from your shell profile) to use the SSO profile.',
		});
	}
	if (env['AWS_ACCESS_KEY_ID'] || env['AWS_SECRET_ACCESS_KEY'] || env['AWS_SESSION_TOKEN']) {
		findings.push({
			id: 'env.access-keys',
			tone: 'warning',
			repairedByEdit: false,
			message: 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are set: the AWS credential chain takes them before the profile in the config.',
			fix: 'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN in the shell that runs Codex.',
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
