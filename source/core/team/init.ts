// `team init`: the lead's answers (or flags) -> the team preset, the developers' permission-set policy, the
// SCP snippet and permissions.md, each shown as a diff and written after a yes (backed up, atomic). The
// preset is read back through the same schema --preset uses before anything is written, and both policy
// documents are validated (validate-policy.ts): a problem stops the command with every problem listed.
import path from 'node:path';
import type {Context} from '../context.js';
import {UsageError} from '../errors.js';
import {applyWrite, diffLines, planWrite, readIfExists, writeOptions, type PlannedWrite} from '../files.js';
import {MANTLE_REGIONS, REGION_FACTS, isRuntimeId, regionFacts} from '../bedrock/models.js';
import {checkSsoRegion, checkStartUrl} from '../sso/validate.js';
import {validateCodexProfileName} from '../codex/config.js';
import type {AnswerOf, Question, WrittenFile} from '../types.js';
import {FILE_NAMES, teamDocuments, type TeamSettings} from './files.js';
import {ROUTES, SCOPES, type InferenceScope, type Route} from './policy.js';

export type Ask = <Q extends Question>(question: Q) => Promise<AnswerOf<Q>>;

export interface TeamInitIo {
	ask: Ask;
	/** The command line's flags (a --codex-profile given answers the shape question too). */
	flags?: Readonly<Record<string, unknown>>;
	/** A line for the person. */
	say(line: string): void;
}

function listCheck(allowed: readonly string[], what: string) {
	return (value: string) => {
		const items = split(value);
		if (items.length === 0) return `give at least one ${what}`;
		const bad = items.filter((i) => !allowed.includes(i));
		return bad.length ? `unknown ${what} ${bad.join(', ')} (use ${allowed.join(', ')})` : undefined;
	};
}

export const split = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);

function regionsCheck(routes: readonly Route[]) {
	return (value: string) => {
		const regions = split(value);
		if (regions.length === 0) return 'give at least one region';
		const unknown = regions.filter((r) => !regionFacts(r));
		if (unknown.length) return `unknown region ${unknown.join(', ')} (known: ${REGION_FACTS.map((f) => f.region).join(', ')})`;
		const noMantle = routes.includes('mantle') ? regions.filter((r) => !MANTLE_REGIONS.includes(r)) : [];
		return noMantle.length ? `${noMantle.join(', ')} has no Bedrock Mantle endpoint, which the mantle route needs (Mantle regions: ${MANTLE_REGIONS.join(', ')})` : undefined;
	};
}

function modelsCheck(value: string): string | undefined {
	const models = split(value);
	if (models.length === 0) return 'give at least one model';
	const runtime = models.filter(isRuntimeId);
	if (runtime.length) return `${runtime.join(', ')}: give Mantle IDs (without the -1:0 version), e.g. openai.gpt-oss-120b`;
	const bad = models.filter((m) => !/^[a-z0-9-]+\.[\w.:-]+$/.test(m));
	return bad.length ? `${bad.join(', ')} do not look like Bedrock model IDs (provider.model)` : undefined;
}

/** Ask everything (flags answer first), then build and check the documents. */
export async function teamSettings(io: TeamInitIo): Promise<TeamSettings> {
	const {ask} = io;
	const name = await ask({kind: 'text', id: 'team-name', flag: '--team-name', message: 'Team name', default: 'Codex on Amazon Bedrock'});
	const startUrl = await ask({kind: 'text', id: 'start-url', flag: '--start-url', message: 'AWS access portal URL (IAM Identity Center > Settings)', placeholder: 'https://d-xxxxxxxxxx.awsapps.com/start', validate: (u) => checkStartUrl(u).error});
	const ssoRegion = await ask({kind: 'text', id: 'sso-region', flag: '--sso-region', message: 'IAM Identity Center region', default: 'us-east-1', validate: checkSsoRegion});
	const accountId = await ask({kind: 'text', id: 'account-id', flag: '--account-id', message: 'AWS account developers use for Bedrock (12 digits)', validate: (v) => (/^\d{12}$/.test(v) ? undefined : 'an AWS account ID is 12 digits')});
	const permissionSet = await ask({kind: 'text', id: 'role-name', flag: '--role-name', message: 'Permission set developers sign in with', default: 'BedrockDeveloper', validate: (v) => (/^[\w+=,.@-]{1,32}$/.test(v) ? undefined : 'a permission set name is 1-32 letters, digits and +=,.@_-')});
	const routes = split(await ask({kind: 'text', id: 'routes', flag: '--routes', message: 'Approved Codex routes (mantle = amazon-bedrock, runtime = amazon-bedrock-runtime)', default: 'mantle', validate: listCheck(ROUTES, 'route')})) as Route[];
	const regions = split(await ask({kind: 'text', id: 'regions', flag: '--regions', message: 'Approved regions, comma-separated (first = default)', default: 'us-east-1', validate: regionsCheck(routes)}));
	const models = split(await ask({kind: 'text', id: 'models', flag: '--models', message: 'Approved models (Mantle IDs), comma-separated (first = default)', default: 'openai.gpt-5.4', validate: modelsCheck}));
	const scopes = (routes.includes('runtime')
		? split(await ask({kind: 'text', id: 'inference-scopes', flag: '--inference-scopes', message: 'Runtime inference scopes (in-region, geographic, global)', default: 'in-region', validate: listCheck(SCOPES, 'scope')}))
		: ['in-region']) as InferenceScope[];
	const profile = await ask({kind: 'text', id: 'profile', flag: '--profile', message: 'AWS profile name developers get', default: 'codex-bedrock'});
	const defaultRegion = await ask({kind: 'text', id: 'region', flag: '--region', message: 'Default region', default: regions[0]!, validate: (r) => (regions.includes(r) ? undefined : `choose one of ${regions.join(', ')}`)});
	const defaultModel = await ask({kind: 'text', id: 'model', flag: '--model', message: 'Default model', default: models[0]!, validate: (m) => (models.includes(m) ? undefined : `choose one of ${models.join(', ')}`)});
	let codex: TeamSettings['codex'];
	if (typeof io.flags?.['codex-profile'] === 'string' && io.flags['codex-default']) throw new UsageError('Give --codex-profile or --codex-default, not both.');
	const flagged = typeof io.flags?.['codex-profile'] === 'string' ? false : await ask({kind: 'confirm', id: 'codex-default', flag: '--codex-default', message: 'Make Bedrock Codex\'s default provider (plain `codex`)? No: a Codex profile (codex --profile NAME)', default: false});
	if (flagged) codex = {default: true};
	else codex = {profile: await ask({kind: 'text', id: 'codex-profile', flag: '--codex-profile', message: 'Codex profile name', default: 'bedrock', validate: validateCodexProfileName})};
	const route = routes[0]!;
	for (const model of models) {
		const missing = regions.filter((r) => !regionFacts(r)?.openaiInRegion.includes(model));
		if (missing.length) io.say(`Note: AWS does not document ${model} in-region in ${missing.join(', ')}; the wizard's probe shows what each developer's account really sees.`);
	}
	return {name, startUrl: checkStartUrl(startUrl).url ?? startUrl, ssoRegion, accountId, permissionSet, routes, regions, models, scopes, profile, route, defaultRegion, defaultModel, codex};
}

export interface TeamInitResult {
	written: WrittenFile[];
	dir: string;
}

/** Build, check, show and (after a yes) write the four files. */
export async function teamInit(ctx: Context, io: TeamInitIo & {diff(lines: string[]): void}): Promise<TeamInitResult> {
	const settings = await teamSettings({...io, flags: ctx.flags});
	const docs = teamDocuments(settings);
	const dir = path.resolve(typeof ctx.flags['out'] === 'string' ? ctx.flags['out'] : '.');
	const presetPath = path.join(dir, FILE_NAMES.preset);
	// The preset must be what --preset reads: the same schema, before anything is written.
	const {parsePreset} = await import('../../preset.js');
	await parsePreset(presetPath, docs.preset).catch((error: unknown) => {
		// The schema is the wizard's (it accepts only Mantle regions today, for one): say what it refuses.
		throw new UsageError(`team init would write a preset that --preset refuses, so nothing was written:\n${(error as Error).message}`);
	});
	if (docs.problems.length) throw new UsageError(`team init made documents that do not validate (a bug; please report it):\n${docs.problems.map((p) => `  ${p}`).join('\n')}`);

	const plans: PlannedWrite[] = [];
	for (const [key, text] of [['preset', docs.preset], ['policy', docs.policy], ['scp', docs.scp], ['explanation', docs.explanation]] as const) {
		const file = path.join(dir, FILE_NAMES[key]);
		// Shared with the team, nothing secret in them: readable by others (0644).
		plans.push(planWrite(file, await readIfExists(file), text, 0o644));
	}
	const changed = plans.filter((p) => p.changed);
	if (changed.length === 0) {
		io.say(`Nothing to change: the four files in ${dir} are up to date.`);
		return {written: plans.map((p) => ({path: p.path, action: 'unchanged'})), dir};
	}
	for (const plan of changed) io.diff(await diffLines(plan, path.relative(process.cwd(), plan.path) || plan.path));
	if (!ctx.dryRun) {
		const yes = await io.ask({kind: 'confirm', id: 'write-team-files', flag: '--yes', message: `Write ${changed.length} file${changed.length === 1 ? '' : 's'} in ${dir}?`, default: true});
		if (!yes) return {written: [], dir};
	}
	const written: WrittenFile[] = [];
	for (const plan of plans) written.push(await applyWrite(plan, writeOptions(ctx, {directoryMode: 0o755})));
	return {written, dir};
}
