// Where a prompt may be processed, per choice (region + model ID), in words a compliance reviewer can check
// against AWS's own pages (data/regions.json `routing`, `geographyNotes`, `routingSources`, read 2026-12-01).
import regions from '../../data/regions.json' with {type: 'json'};
import {GEO_PREFIXES, parseModelId, regionFacts, type Route} from './models.js';

const ROUTING = regions.routing as Record<'in-region' | 'geo' | 'global', string>;
const NOTES = regions.geographyNotes as Record<string, string>;
export const RESIDENCY_SOURCES: ReadonlyArray<{title: string; url: string; read: string}> = regions.routingSources;

/** The Regions a us. profile may use (the fake and AWS's US geography for these models). */
const GEO_DESTINATIONS: Record<string, string> = {us: 'us-east-1, us-east-2, us-west-2', eu: 'EU Regions such as eu-central-1, eu-west-1, eu-north-1, eu-south-1', apac: 'Asia Pacific Regions', jp: 'ap-northeast-1, ap-northeast-3', au: 'ap-southeast-2, ap-southeast-4', ca: 'ca-central-1, ca-west-1'};

function fill(template: string, values: Record<string, string>): string {
	return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** The home geography's name, for "outside Canada". */
function homeName(geography: string | undefined): string {
	if (geography === 'US') return 'the United States';
	if (geography === 'EU') return 'the European Union';
	if (geography === 'Canada') return 'Canada';
	return geography ?? 'your geography';
}

/**
 * The residency note for this choice: where Bedrock may process prompts sent to `model` from `region`,
 * the geography's own note (US, Canada, EU, ...), and the AWS source. First line is the one to show.
 */
export function residencyLines(region: string, model: string, route: Route): string[] {
	const parsed = parseModelId(model);
	const facts = regionFacts(region);
	const scope = parsed?.scope ?? 'in-region';
	const prefix = parsed?.prefix ?? '';
	const lines = [
		fill(ROUTING[scope], {
			region,
			name: facts?.name ?? region,
			prefix,
			geography: GEO_PREFIXES[prefix] ?? prefix,
			destinations: GEO_DESTINATIONS[prefix] ?? 'the profile\'s Regions',
			home: homeName(facts?.geography),
		}),
	];
	const note = facts ? NOTES[facts.geography] : undefined;
	if (note) lines.push(fill(note, {region}));
	lines.push(`Endpoint: ${route === 'runtime' ? `bedrock-runtime.${region}.amazonaws.com (Bedrock Runtime)` : `bedrock-mantle.${region}.api.aws (Bedrock Mantle)`}; the request is received in ${region}.`);
	const source = scope === 'in-region' ? RESIDENCY_SOURCES[0] : scope === 'geo' ? RESIDENCY_SOURCES[1] : RESIDENCY_SOURCES[2];
	if (source) lines.push(`Source: ${source.url} (read ${source.read})`);
	return lines;
}

/** One phrase for records and summaries: "global: any commercial AWS Region". */
export function scopePhrase(model: string, region: string): string {
	const parsed = parseModelId(model);
	if (!parsed || parsed.scope === 'in-region') return `in-region: ${region} only`;
	if (parsed.scope === 'geo') return `geographic (${parsed.prefix}.): Regions of ${GEO_PREFIXES[parsed.prefix!] ?? parsed.prefix}`;
	return 'global: any commercial AWS Region';
}
