// Model IDs and what is known about them. Bedrock has two ID families for the same OpenAI model:
// Runtime / control-plane IDs carry a version suffix (openai.gpt-oss-120b-1:0); Mantle, the endpoint
// Codex uses, names it without (openai.gpt-oss-120b). GPT-5.x models use the same ID on both.
import prices from '../../data/prices.json' with {type: 'json'};
import regions from '../../data/regions.json' with {type: 'json'};

export interface ModelFacts {
	input: number;
	output: number;
	contextWindow: number;
}

export interface RegionFacts {
	region: string;
	name: string;
	geography: string;
	mantle: boolean;
	openaiInRegion: string[];
	residency: string;
}

export const REGION_FACTS: readonly RegionFacts[] = regions.regions;
export const ROUTING_NOTES = regions.routing;

/** The regions whose Mantle endpoint exists: the only ones Codex's amazon-bedrock provider accepts. */
export const MANTLE_REGIONS: readonly string[] = REGION_FACTS.filter((r) => r.mantle).map((r) => r.region);

export function regionFacts(region: string): RegionFacts | undefined {
	return REGION_FACTS.find((r) => r.region === region);
}

/** A Runtime ID (with a `-N:M` version suffix) and its Mantle form. */
export function isRuntimeId(id: string): boolean {
	return /-\d+:\d+$/.test(id);
}

export function toMantleId(id: string): string {
	return id.replace(/-\d+:\d+$/, '');
}

export function modelFacts(mantleId: string): ModelFacts | undefined {
	return (prices.models as Record<string, ModelFacts>)[mantleId];
}

/** Newest first: GPT-5.x by version (highest first), then gpt-oss-safeguard, then gpt-oss, bigger first. */
export function compareNewestFirst(a: string, b: string): number {
	const rank = (id: string): [number, number] => {
		const gpt = /^openai\.gpt-(\d+)\.(\d+)/.exec(id);
		if (gpt) return [3, Number(gpt[1]) * 100 + Number(gpt[2])];
		const size = Number(/(\d+)b$/.exec(id)?.[1] ?? 0);
		return [id.includes('safeguard') ? 2 : 1, size];
	};
	const [ra, va] = rank(a);
	const [rb, vb] = rank(b);
	return rb - ra || vb - va || a.localeCompare(b);
}

/** "272K context · $2.75 / $16.50 per 1M tokens" where known. */
export function describeModel(mantleId: string): string {
	const facts = modelFacts(mantleId);
	if (!facts) return '';
	const context = `${Math.round(facts.contextWindow / 1000)}K context`;
	return `${context} · $${facts.input.toFixed(2)}/$${facts.output.toFixed(2)} per 1M in/out`;
}
