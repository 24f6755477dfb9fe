// Step 3: the Bedrock region. Shows what AWS documents for each region (data/regions.json) beside what
// this account really sees (the live probe), with the residency note, and offers only regions Codex's
// amazon-bedrock provider accepts (those with a Mantle endpoint).
import {MANTLE_REGIONS, regionFacts, REGION_FACTS} from '../bedrock/models.js';
import {probeRegions, usableModels, type RegionProbe} from '../bedrock/probe.js';
import {StepError, UsageError} from '../errors.js';
import type {Context} from '../context.js';
import {profileCredentials} from '../sso/portal.js';
import {REGION_SHAPE} from '../sso/validate.js';
import type {Choice, Step} from '../types.js';
import {titleOf} from './titles.js';

/** "gpt-5.5, gpt-5.4, 4 gpt-oss": frontier models by name, the gpt-oss family counted, to fit a line. */
export function summariseModels(ids: string[]): string {
	const names = ids.map((id) => id.replace(/^openai\./, ''));
	const oss = names.filter((n) => n.startsWith('gpt-oss'));
	const others = names.filter((n) => !n.startsWith('gpt-oss')).sort().reverse();
	return [...others, ...(oss.length ? [`${oss.length} gpt-oss`] : [])].join(', ');
}

/** One line of the matrix: documented models, what the account sees, or why it could not be seen. */
export function probeLine(probe: RegionProbe): string {
	const facts = regionFacts(probe.region);
	const documented = facts ? `${facts.openaiInRegion.length} documented` : 'not in the table';
	const mantle = facts?.mantle ? 'Mantle' : 'no Mantle (Codex cannot use it)';
	let seen: string;
	if (probe.listed.status === 'timeout' || probe.mantle.status === 'timeout') seen = 'timed out: not known';
	else if (probe.listed.status === 'denied' && probe.mantle.status !== 'ok') seen = 'access denied: not known';
	else {
		const models = usableModels(probe);
		seen = models.length ? `sees ${models.length}: ${summariseModels(models)}` : 'sees no OpenAI model';
		if (probe.listed.status === 'denied') seen += ' (bedrock:ListFoundationModels denied)';
	}
	return `${probe.region.padEnd(15)} ${mantle.padEnd(8)} · ${documented} · ${seen}`;
}

/** The profile's region when it works there, else the first region of the same geography that does, else us-east-1's. */
export function recommend(probes: RegionProbe[], preferred: string | undefined): string | undefined {
	const works = (p: RegionProbe) => MANTLE_REGIONS.includes(p.region) && usableModels(p).length > 0;
	const usable = probes.filter(works);
	if (preferred && usable.some((p) => p.region === preferred)) return preferred;
	const geography = preferred ? regionFacts(preferred)?.geography : undefined;
	return usable.find((p) => geography && regionFacts(p.region)?.geography === geography)?.region ?? usable.find((p) => p.region === 'us-east-1')?.region ?? usable[0]?.region;
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

export const region: Step = {
	id: 'region',
	title: titleOf('region'),
	flags: [
		{name: 'region', type: 'string', valueName: 'REGION', check: (v) => (REGION_SHAPE.test(v) ? undefined : 'not an AWS region name (like us-east-1)'), description: 'Bedrock region for Codex (one with a Mantle endpoint).'},
		{name: 'probe-regions', type: 'string', valueName: 'LIST', description: 'Regions to check, comma-separated (default: every Mantle region).'},
		{name: 'probe-timeout', type: 'string', valueName: 'SECONDS', description: 'How long each region may take to answer (default 8).'},
	],
	async run(ctx, io, answers) {
		if (!answers.profile) {
			return {status: 'failed', failure: {code: 'region.no-profile', message: 'There is no AWS profile to check regions with yet.', fixStep: 'sso-profile'}};
		}
		const profile = answers.profile;
		const flagList = ctx.flags['probe-regions'];
		const candidates = typeof flagList === 'string' ? parseRegionList(flagList) : [...MANTLE_REGIONS];
		const credentials = await io.task(`Getting credentials for profile ${profile}`, () => profileCredentials(ctx, profile));
		const probes = await io.task(`Asking ${candidates.length} regions which OpenAI models this account sees`, () => probeRegions(ctx, credentials, candidates, probeTimeout(ctx)));
		io.block('Regions: what AWS documents, and what this account sees', probes.map(probeLine));

		const choices: Choice[] = probes
			.filter((p) => MANTLE_REGIONS.includes(p.region))
			.map((p) => {
				const facts = regionFacts(p.region);
				const models = usableModels(p);
				const state = p.listed.status === 'timeout' || p.mantle.status === 'timeout' ? 'timed out' : `${models.length} model${models.length === 1 ? '' : 's'}`;
				return {value: p.region, label: `${p.region} ${facts ? `(${facts.name})` : ''}`.trim(), hint: `${state} · ${facts?.geography ?? ''}`};
			});
		if (choices.length === 0) {
			return {status: 'failed', failure: {code: 'region.none-usable', message: 'None of the regions checked has a Mantle endpoint, which Codex needs.', hint: `Check one of: ${MANTLE_REGIONS.join(', ')}.`}};
		}
		const recommended = recommend(probes, answers.region);
		if (recommended) io.note(`Recommended: ${recommended}${recommended === answers.region ? ' (your profile\'s region, and it works)' : ''}.`);
		const chosen = await io.ask({
			kind: 'select',
			id: 'region',
			flag: '--region',
			message: 'Region for Codex',
			help: 'Only regions with a Mantle endpoint are offered: Codex refuses the others.',
			choices,
			...(recommended ? {default: recommended} : {}),
		});
		const facts = regionFacts(chosen);
		if (facts) io.note(facts.residency);
		const probe = probes.find((p) => p.region === chosen);
		if (probe && usableModels(probe).length === 0) {
			io.note(`This account sees no OpenAI model in ${chosen}; the next step will say why.`, 'warning');
		}
		return {status: 'done', summary: `${chosen}${facts ? ` (${facts.name})` : ''}`, answers: {region: chosen}};
	},
};
