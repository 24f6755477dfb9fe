// Team presets: `--preset FILE` (JSON or TOML) carries what a team decides once for everyone (its start
// URL and SSO region, account and role, allowed regions and models, the Codex profile name). A preset
// answers the questions it has values for; flags override it. `allowed` lists are locks: the region and
// model steps offer nothing else, and a flag outside them is refused, naming the preset.
// Validated with zod, so a mistake names its key and what was expected.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {UsageError} from './core/errors.js';
import type {Flags} from './core/context.js';
import {REGION_FACTS, isRuntimeId, parseModelId} from './core/bedrock/models.js';
import {checkScopes, checkSectionName, checkSsoRegion, checkStartUrl} from './core/sso/validate.js';
import {validateCodexProfileName} from './core/codex/config.js';

export interface Preset {
	name?: string;
	description?: string;
	sso?: {startUrl?: string; region?: string; sessionName?: string; scopes?: string[]};
	profile?: string;
	account?: {id?: string; role?: string};
	regions?: {default?: string; allowed?: string[]};
	models?: {default?: string; allowed?: string[]};
	/** Which of Codex's routes: runtime (amazon-bedrock-runtime) or mantle (amazon-bedrock); default: what the probe finds. */
	route?: 'runtime' | 'mantle';
	/** Where prompts may be processed: in-region only, or geographic profiles at most (never global). */
	inference?: {scope?: 'in-region' | 'geo' | 'any'};
	codex?: {profile?: string; default?: boolean};
}

async function schema() {
	const {z} = await import('zod');
	/** A zod check from one of our validators (they return a message, or undefined when fine). */
	const via = (check: (value: string) => string | undefined) => (value: string, ctx: {addIssue: (issue: {code: 'custom'; message: string}) => void}) => {
		const problem = check(value);
		if (problem) ctx.addIssue({code: 'custom', message: problem});
	};
	// Bedrock Runtime exists in every Bedrock region, so any region the tool knows is a region Codex can use.
	const known = REGION_FACTS.map((r) => r.region);
	const mantleRegion = z.string().superRefine(via((r) => (known.includes(r) ? undefined : `"${r}" is not a Bedrock region this tool knows (${known.join(', ')})`)));
	const mantleModel = z.string().superRefine(via((m) => (isRuntimeId(m) ? `"${m}" is a control-plane ID; Codex needs ${m.replace(/-\d+:\d+$/, '')}` : parseModelId(m) ? undefined : `"${m}" does not look like a Bedrock model ID (provider.model, or a profile such as global.openai.gpt-6-sol)`)));
	return z
		.object({
			$schema: z.string().optional(),
			name: z.string().min(1).optional(),
			description: z.string().optional(),
			sso: z
				.object({
					startUrl: z.string().superRefine(via((u) => checkStartUrl(u).error)).optional(),
					region: z.string().superRefine(via(checkSsoRegion)).optional(),
					sessionName: z.string().superRefine(via((n) => checkSectionName('SSO session', n))).optional(),
					scopes: z.array(z.string()).min(1).superRefine((list, ctx) => via(checkScopes)(list.join(','), ctx)).optional(),
				})
				.strict()
				.optional(),
			profile: z.string().superRefine(via((n) => checkSectionName('profile', n))).optional(),
			account: z
				.object({
					id: z.string().regex(/^\d{12}$/, 'an AWS account ID is 12 digits, as a string ("111122223333")').optional(),
					role: z.string().min(1).optional(),
				})
				.strict()
				.optional(),
			regions: z.object({default: mantleRegion.optional(), allowed: z.array(mantleRegion).min(1).optional()}).strict().optional(),
			models: z.object({default: mantleModel.optional(), allowed: z.array(mantleModel).min(1).optional()}).strict().optional(),
			route: z.enum(['runtime', 'mantle']).optional(),
			inference: z.object({scope: z.enum(['in-region', 'geo', 'any']).optional()}).strict().optional(),
			codex: z
				.object({
					profile: z.string().superRefine(via(validateCodexProfileName)).optional(),
					default: z.boolean().optional(),
				})
				.strict()
				.optional(),
		})
		.strict()
		.superRefine((preset, ctx) => {
			const {regions, models, codex, inference} = preset;
			for (const id of [models?.default, ...(models?.allowed ?? [])]) {
				const scope = id ? parseModelId(id)?.scope : undefined;
				if (scope && inference?.scope === 'in-region' && scope !== 'in-region') ctx.addIssue({code: 'custom', path: ['models'], message: `"${id}" is a ${scope} inference profile, but inference.scope is in-region`});
				if (scope === 'global' && inference?.scope === 'geo') ctx.addIssue({code: 'custom', path: ['models'], message: `"${id}" is a global inference profile, but inference.scope is geo`});
			}
			if (regions?.default && regions.allowed && !regions.allowed.includes(regions.default)) {
				ctx.addIssue({code: 'custom', path: ['regions', 'default'], message: `"${regions.default}" is not in regions.allowed`});
			}
			if (models?.default && models.allowed && !models.allowed.includes(models.default)) {
				ctx.addIssue({code: 'custom', path: ['models', 'default'], message: `"${models.default}" is not in models.allowed`});
			}
			if (codex?.profile && codex.default) ctx.addIssue({code: 'custom', path: ['codex'], message: 'give codex.profile or codex.default, not both'});
		});
}

/** Parse by extension (.toml, else JSON); a syntax error names the file, line and column. */
async function parseFile(file: string, text: string): Promise<unknown> {
	if (path.extname(file).toLowerCase() === '.toml') {
		const {parseToml, TomlSyntaxError} = await import('./core/codex/toml-edit.js');
		try {
			return await parseToml(text);
		} catch (error) {
			if (error instanceof TomlSyntaxError) throw new UsageError(`--preset ${file}: not valid TOML (line ${error.line}, column ${error.column}: ${error.message}).`);
			throw error;
		}
	}
	try {
		return JSON.parse(text) as unknown;
	} catch (error) {
		throw new UsageError(`--preset ${file}: not valid JSON (${jsonErrorWhere(text, (error as Error).message)}).`);
	}
}

/**
 * Node 20's JSON.parse says "at position 42" (22 adds a line and column, and some messages have neither):
 * say the line and column every time, and the end of the file when the text stops early.
 */
export function jsonErrorWhere(text: string, message: string): string {
	const reason = message.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+$/, '').replace(/^Unexpected end of JSON input$/, 'the file ends too early');
	const position = /at position (\d+)/.exec(message);
	const offset = position ? Number(position[1]) : /end of JSON input|Unterminated/i.test(message) ? text.length : undefined;
	if (offset === undefined) return reason;
	const before = text.slice(0, offset).split('\n');
	return `line ${before.length}, column ${before.at(-1)!.length + 1}: ${reason}`;
}

export async function loadPreset(file: string): Promise<Preset> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new UsageError(`--preset ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
	}
	const data = await parseFile(file, text);
	const result = (await schema()).safeParse(data);
	if (!result.success) {
		const problems = result.error.issues.map((issue) => {
			const key = issue.path.length ? issue.path.join('.') : '(top level)';
			const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
			return `  ${key}: ${message}`;
		});
		throw new UsageError(`--preset ${file} is not a valid preset:\n${problems.join('\n')}`);
	}
	const {$schema: _schema, ...preset} = result.data;
	return preset;
}

/** The flags a preset answers; flags given on the command line win. */
/** The residency lock a preset sets (undefined: any scope). */
export function presetScope(preset: Preset): 'in-region' | 'geo' | undefined {
	const scope = preset.inference?.scope;
	return scope === 'in-region' || scope === 'geo' ? scope : undefined;
}

export function presetFlags(preset: Preset): Flags {
	const flags: Record<string, string | boolean> = {};
	const set = (flag: string, value: string | boolean | undefined) => {
		if (value !== undefined) flags[flag] = value;
	};
	set('start-url', preset.sso?.startUrl);
	set('sso-region', preset.sso?.region);
	set('sso-session', preset.sso?.sessionName);
	set('scopes', preset.sso?.scopes?.join(','));
	set('profile', preset.profile);
	set('account-id', preset.account?.id);
	set('role-name', preset.account?.role);
	set('region', preset.regions?.default ?? (preset.regions?.allowed?.length === 1 ? preset.regions.allowed[0] : undefined));
	set('model', preset.models?.default ?? (preset.models?.allowed?.length === 1 ? preset.models.allowed[0] : undefined));
	set('route', preset.route);
	set('codex-profile', preset.codex?.profile);
	if (preset.codex?.default) set('codex-default', true);
	// Only the allowed regions are probed (and offered).
	if (preset.regions?.allowed) set('probe-regions', preset.regions.allowed.join(','));
	return flags;
}

/** Command-line flags over the preset's, and the locks checked against the result. */
export function applyPreset(preset: Preset, file: string, flags: Flags): Flags {
	const merged = {...presetFlags(preset), ...flags};
	const region = merged['region'];
	if (typeof region === 'string' && preset.regions?.allowed && !preset.regions.allowed.includes(region)) {
		throw new UsageError(`--region ${region}: the preset ${path.basename(file)} allows only ${preset.regions.allowed.join(', ')}.`);
	}
	const model = merged['model'];
	if (typeof model === 'string' && preset.models?.allowed && !preset.models.allowed.includes(model.replace(/-\d+:\d+$/, ''))) {
		throw new UsageError(`--model ${model}: the preset ${path.basename(file)} allows only ${preset.models.allowed.join(', ')}.`);
	}
	const probe = merged['probe-regions'];
	if (typeof probe === 'string' && preset.regions?.allowed) {
		const outside = probe.split(',').map((r) => r.trim()).filter((r) => r && !preset.regions!.allowed!.includes(r));
		if (outside.length) throw new UsageError(`--probe-regions ${probe}: the preset ${path.basename(file)} allows only ${preset.regions.allowed.join(', ')}.`);
	}
	return merged;
}
