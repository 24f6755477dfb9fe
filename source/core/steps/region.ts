// Step 3: the Bedrock region and the route. Shows what AWS documents for each region (data/regions.json)
// beside what this account really sees on both of Codex's routes (the live probe), then picks the route:
// Bedrock Runtime (amazon-bedrock-runtime), AWS's recommended endpoint, present in every region; or Bedrock
// Mantle (amazon-bedrock), where Runtime lacks the model. The reason for the route is shown; --route fixes it.
import {parseModelId, parseRoute, regionFacts, REGION_FACTS, ROUTE_NAMES, type Route} from '../bedrock/models.js';
import {codexModels, PROBE_REGIONS, probeRegions, routeFindings, type RegionProbe, type ScopeRequirement} from '../bedrock/probe.js';
import {StepError, UsageError} from '../errors.js';
import type {Context} from '../context.js';
import {profileCredentials} from '../sso/portal.js';
import type {Answers, Choice, Step, StepFailure, WizardView} from '../types.js';
import {titleOf} from './titles.js';

/** "gpt-6.1-sol, gpt-5.6-terra, 4 gpt-oss": models by name (profile prefixes folded), gpt-oss counted, to fit a line. */
export function summariseModels(ids: string[]): string {
	const names = [...new Set(ids.map((id) => parseModelId(id)?.name ?? id))];
	const oss = names.filter((n) => n.startsWith('gpt-oss'));
	const others = names.filter((n) => !n.startsWith('gpt-oss'));
	const shown = others.slice(0, 3);
	const more = others.length - shown.length;
	return [...shown, ...(more > 0 ? [`+${more}`] : []), ...(oss.length ? [`${oss.length} gpt-oss`] : [])].join(', ');
}

function scopes(ids: string[]): string {
	const set = new Set(ids.map((id) => parseModelId(id)?.scope ?? 'in-region'));
	return (['in-region', 'geo', 'global'] as const).filter((s) => set.has(s)).join('/');
}

/** One route's cell, short enough for 80 columns: "19 (in-region/geo/global)", "none", "timed out". */
function routeCell(probe: RegionProbe, route: Route): string {
	const call = route === 'mantle' ? probe.mantle : probe.listed;
	if (route === 'mantle' && probe.mantle.status === 'absent') return 'none';
	if (call.status === 'timeout' || (route === 'runtime' && probe.profiles.status === 'timeout')) return 'timed out';
	if (call.status === 'denied' && (route === 'mantle' || probe.profiles.status !== 'ok')) return 'access denied';
	if (call.status === 'error') return 'error';
	const ids = codexModels(probe, route);
	// Mantle serves in-region IDs only, so only Runtime's cell names scopes.
	return ids.length ? (route === 'runtime' ? `${ids.length} (${scopes(ids)})` : String(ids.length)) : '0';
}

/** One line of the matrix: Codex-usable models on each route (with their scopes), and what AWS documents in-region. */
export function probeLine(probe: RegionProbe): string {
	const facts = regionFacts(probe.region);
	const documented = facts ? `${facts.openaiInRegion.length} documented` : 'not in the table';
	return `${probe.region.padEnd(14)} Runtime ${routeCell(probe, 'runtime')} · Mantle ${routeCell(probe, 'mantle')} · ${documented}`;
}

function usable(probe: RegionProbe, requirement?: ScopeRequirement): boolean {
	return codexModels(probe, 'runtime', requirement).length > 0 || codexModels(probe, 'mantle', requirement).length > 0;
}

/** The profile's region when it works there, else the first region of the same geography that does, else us-east-1's. */
export function recommend(probes: RegionProbe[], preferred: string | undefined, requirement?: ScopeRequirement): string | undefined {
	const works = probes.filter((p) => usable(p, requirement));
	if (preferred && works.some((p) => p.region === preferred)) return preferred;
	const geography = preferred ? regionFacts(preferred)?.geography : undefined;
	return works.find((p) => geography && regionFacts(p.region)?.geography === geography)?.region ?? works.find((p) => p.region === 'us-east-1')?.region ?? works[0]?.region;
}

function parseRegionList(value: string): string[] {
	const regions = value.split(',').map((r) => r.trim()).filter(Boolean);
	const unknown = regions.filter((r) => !REGION_FACTS.some((f) => f.region === r));
	if (unknown.length) {
		throw new StepError({code: 'usage.bad-flag', message: `--probe-regions: unknown region ${unknown.join(', ')} (known: ${REGION_FACTS.map((f) => f.region).join(', ')}).`});
	}
	return regions;
}

/** --probe-timeout SECONDS, checked; one attempt per call when it is given (a deadline is a deadline). */
function probeTimeout(ctx: Context): {timeoutMs?: number; maxAttempts?: number} {
	const value = ctx.flags['probe-timeout'];
	if (value === undefined || typeof value === 'boolean') return {};
	const seconds = Number(value);
	if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 120) throw new UsageError(`--probe-timeout ${value}: give a number of seconds between 0 and 120.`);
	return {timeoutMs: Math.round(seconds * 1000), maxAttempts: 1};
}

/** --route, checked. */
export function routeFlag(ctx: Context): Route | undefined {
	const value = ctx.flags['route'];
	if (value === undefined || typeof value === 'boolean') return undefined;
	const route = parseRoute(value);
	if (!route) throw new UsageError(`--route ${value}: give runtime (amazon-bedrock-runtime) or mantle (amazon-bedrock).`);
	return route;
}

export interface RouteDecision {
	route: Route;
	reason: string;
	/** Both routes could serve Codex here: the user may choose. */
	alternative?: Route;
}

/** The ID a --model flag names, as the routes list it (a Runtime `-1:0` suffix taken off). */
function wantedModel(ctx: Context): string | undefined {
	const value = ctx.flags['model'];
	return typeof value === 'string' && value ? value.trim().replace(/-\d+:\d+$/, '') : undefined;
}

/**
 * Which route serves Codex in this region for this account, and why; or the failure that says precisely
 * what the probe found. A fixed route (--route, preset) is checked, not overridden.
 */
export function decideRoute(probe: RegionProbe, options: {fixed?: Route; model?: string; requirement?: ScopeRequirement; allowed?: readonly string[]} = {}): RouteDecision | StepFailure {
	const {region} = probe;
	// A preset's model list counts: a route that serves none of the allowed models is no route for this team.
	const inLock = (id: string) => !options.allowed || options.allowed.includes(id) || options.allowed.includes(parseModelId(id)?.base ?? id);
	const runtime = codexModels(probe, 'runtime', options.requirement).filter(inLock);
	const mantle = codexModels(probe, 'mantle', options.requirement).filter(inLock);
	const noMantle = probe.mantle.status === 'absent';
	if (options.fixed) {
		const models = options.fixed === 'runtime' ? runtime : mantle;
		if (models.length === 0) {
			const other = options.fixed === 'runtime' ? mantle : runtime;
			return {
				code: 'region.route-empty',
				message: `${ROUTE_NAMES[options.fixed]} offers no model Codex can use in ${region}. ${routeFindings(probe, options.fixed, options.requirement)}`,
				hint: other.length ? `The other route serves ${other.length} here: drop --route (or pass --route ${options.fixed === 'runtime' ? 'mantle' : 'runtime'}).` : 'Choose another region.',
				fixStep: 'region',
				context: {region},
			};
		}
		if (options.model && !models.includes(options.model)) {
			const other = options.fixed === 'runtime' ? mantle : runtime;
			if (other.includes(options.model)) {
				return {code: 'region.route-lacks-model', message: `${options.model} is not on ${ROUTE_NAMES[options.fixed]} in ${region}; only ${ROUTE_NAMES[options.fixed === 'runtime' ? 'mantle' : 'runtime']} serves it here.`, hint: `Drop --route ${options.fixed}, or choose one of: ${models.join(', ')}.`, fixStep: 'region', context: {region, model: options.model}};
			}
		}
		return {route: options.fixed, reason: `${options.fixed === 'runtime' ? 'Runtime' : 'Mantle'}: chosen with --route ${options.fixed} (or your team's preset).`};
	}
	if (options.model) {
		if (runtime.includes(options.model)) return {route: 'runtime', reason: `Runtime: AWS's recommended endpoint, and it serves ${options.model} in ${region}.`, ...(mantle.includes(options.model) ? {alternative: 'mantle' as const} : {})};
		if (mantle.includes(options.model)) return {route: 'mantle', reason: `Mantle: ${options.model} is not on Runtime in ${region} for this account (${routeFindings(probe, 'runtime', options.requirement).replace(/\.$/, '')}).`};
		// The model asked for is on neither route, and a list failed: that failure (say, Mantle refusing a
		// signature) is why, not "pick another model" two steps later.
		const listFailed = [probe.listed, probe.profiles, probe.mantle].find((call) => call.failure && call.status !== 'ok' && call.status !== 'absent');
		if (listFailed) return probeFailure(probe, `${options.model} is not listed on either route in ${region}, and a list failed: ${listFailed.failure!.message}`);
	}
	if (runtime.length > 0) {
		const why = noMantle ? `AWS's recommended endpoint, the only one in ${region}` : `AWS's recommended endpoint ("Use bedrock-runtime for new applications")`;
		return {route: 'runtime', reason: `Runtime: ${why}; ${runtime.length} model${runtime.length === 1 ? '' : 's'} Codex can use.`, ...(mantle.length ? {alternative: 'mantle' as const} : {})};
	}
	if (mantle.length > 0) return {route: 'mantle', reason: `Mantle: Runtime serves no model Codex can use in ${region} (${routeFindings(probe, 'runtime', options.requirement).replace(/\.$/, '')}).`};
	return probeFailure(probe, `Codex cannot use Bedrock in ${region} with this account: ${routeFindings(probe, 'runtime', options.requirement)} ${routeFindings(probe, 'mantle', options.requirement)}`);
}

/**
 * The region's verdict when nothing usable was found: a call that failed says more than "nothing here", so
 * its error name and status are kept and its own rule explains it (a time-out is said as one, for the
 * network rule).
 */
function probeFailure(probe: RegionProbe, message: string): StepFailure {
	const failedCall = [probe.listed, probe.profiles, probe.mantle].find((call) => call.failure && call.status !== 'ok' && call.status !== 'absent');
	const failed = failedCall?.failure;
	return {
		...(failed ? {...failed, ...(failedCall!.status === 'timeout' ? {nodeCode: failed.nodeCode ?? 'ETIMEDOUT'} : {})} : {}),
		code: failed?.code ?? 'region.none-usable',
		message,
		hint: 'Choose another region (the table above shows what each one offers), or ask your AWS administrator about model access in this one.',
		fixStep: 'region',
		context: {region: probe.region},
	};
}

/** The profile is proven (its step is done in this run, or found working): its credentials can be used. */
export function profileProven(answers: Answers, wizard: WizardView): answers is Answers & {profile: string} {
	return Boolean(answers.profile) && wizard.steps?.find((s) => s.id === 'sso-profile')?.status === 'done';
}

/** The regions the step probes: --probe-regions or every known region, and a --region given by flag. */
function candidatesFrom(ctx: Context): string[] {
	const flagList = ctx.flags['probe-regions'];
	const candidates = typeof flagList === 'string' ? parseRegionList(flagList) : [...PROBE_REGIONS];
	const flagRegion = typeof ctx.flags['region'] === 'string' ? ctx.flags['region'] : undefined;
	// A region given by flag is always probed, so its answer is the probe's, never "not one of the choices".
	if (flagRegion && /^[a-z]{2}(-[a-z]+)+-\d$/.test(flagRegion) && !candidates.includes(flagRegion)) candidates.push(flagRegion);
	return candidates;
}

/**
 * Ask every region in the background with the profile's credentials (probeRegions keeps the answers for
 * the run: this step and the model step read them). Started as soon as the credentials exist.
 */
export function startProbe(ctx: Context, profile: string): void {
	try {
		const candidates = candidatesFrom(ctx);
		const options = probeTimeout(ctx);
		void profileCredentials(ctx, profile)
			.then((credentials) => probeRegions(ctx, credentials, candidates, options))
			.catch(() => {});
	} catch {
		// A bad --probe-regions / --probe-timeout is reported by the step itself.
	}
}

export const region: Step = {
	id: 'region',
	title: titleOf('region'),
	flags: [
		{name: 'region', type: 'string', valueName: 'REGION', description: 'Bedrock region for Codex (Runtime exists in every Bedrock region; Mantle in 12).'},
		{name: 'route', type: 'string', valueName: 'ROUTE', description: 'runtime (amazon-bedrock-runtime, AWS\'s recommended endpoint) or mantle (amazon-bedrock). Default: decided from what the probe finds.'},
		{name: 'probe-regions', type: 'string', valueName: 'LIST', description: 'Regions to check, comma-separated (default: every Bedrock region the tool knows).'},
		{name: 'probe-timeout', type: 'string', valueName: 'SECONDS', description: 'How long each region may take to answer (default 8).'},
	],
	// As soon as the profile works (the SSO step hands it over before it ends), every region is asked while
	// the user reads: the step then shows the answers, or waits only for what is still under way.
	prefetch(ctx, answers, wizard) {
		if (profileProven(answers, wizard)) startProbe(ctx, answers.profile);
	},
	async run(ctx, io, answers) {
		if (!answers.profile) {
			return {status: 'failed', failure: {code: 'region.no-profile', message: 'There is no AWS profile to check regions with yet.', fixStep: 'sso-profile'}};
		}
		const fixed = routeFlag(ctx);
		const timeouts = probeTimeout(ctx);
		const requirement = ctx.locks?.scope;
		const profile = answers.profile;
		const candidates = candidatesFrom(ctx);
		const credentials = await io.task(`Getting credentials for profile ${profile}`, () => profileCredentials(ctx, profile));
		// Esc gives up the wait (the task's signal); each call's deadline bounds it anyway.
		const probes = await io.task(`Asking ${candidates.length} regions which OpenAI models this account sees on Runtime and Mantle`, (signal) => probeRegions(ctx, credentials, candidates, {...timeouts, signal}));
		io.block('Regions: what this account sees on each route (Codex-usable models), and what AWS documents', probes.map(probeLine));

		const choices: Choice[] = probes.map((p) => {
			const facts = regionFacts(p.region);
			const decision = decideRoute(p, {...(fixed ? {fixed} : {}), ...(requirement ? {requirement} : {}), ...(ctx.locks?.models ? {allowed: ctx.locks.models} : {})});
			const state = 'route' in decision ? `${decision.route === 'runtime' ? 'Runtime' : 'Mantle'}, ${codexModels(p, decision.route, requirement).length} model(s)` : 'nothing Codex can use';
			return {value: p.region, label: `${p.region} ${facts ? `(${facts.name})` : ''}`.trim(), hint: `${state} · ${facts?.geography ?? ''}`};
		});
		const recommended = recommend(probes, answers.region, requirement);
		if (recommended) io.note(`Recommended: ${recommended}${recommended === answers.region ? ' (your profile\'s region, and it works)' : ''}.`);
		const chosen = await io.ask({
			kind: 'select',
			id: 'region',
			flag: '--region',
			message: 'Region for Codex',
			help: 'Runtime (amazon-bedrock-runtime) exists in every Bedrock region; Mantle (amazon-bedrock) in 12. The next line says which route serves Codex there.',
			choices,
			...(recommended ? {default: recommended} : {}),
		});
		const probe = probes.find((p) => p.region === chosen)!;
		const model = wantedModel(ctx);
		const decision = decideRoute(probe, {...(fixed ? {fixed} : {}), ...(model ? {model} : {}), ...(requirement ? {requirement} : {}), ...(ctx.locks?.models ? {allowed: ctx.locks.models} : {})});
		if (!('route' in decision)) return {status: 'failed', failure: decision};
		const route = decision.route;
		io.note(decision.reason, 'success');
		// The other route is one flag away: said, not asked, so a run answers the same questions either way.
		if (decision.alternative) io.note(`${ROUTE_NAMES[decision.alternative]} also serves Codex in ${chosen}: pass --route ${decision.alternative} to use it instead.`);
		const regionNote = regionFacts(chosen)?.residency;
		if (regionNote) io.note(regionNote);
		const facts = regionFacts(chosen);
		return {status: 'done', summary: `${chosen}${facts ? ` (${facts.name})` : ''} · ${route === 'runtime' ? 'Runtime' : 'Mantle'}`, answers: {region: chosen, route}};
	},
};
