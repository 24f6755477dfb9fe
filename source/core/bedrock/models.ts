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

/** Price and context window of a model, for any of its IDs (in-region, geo or global profile). */
export function modelFacts(id: string): ModelFacts | undefined {
	const models = prices.models as Record<string, ModelFacts>;
	return models[id] ?? models[baseModelId(id)];
}

/** "272K context · $2.75 / $16.50 per 1M tokens" where known. */
export function describeModel(mantleId: string): string {
	const facts = modelFacts(mantleId);
	if (!facts) return '';
	const context = `${Math.round(facts.contextWindow / 1000)}K context`;
	return `${context} · $${facts.input.toFixed(2)}/$${facts.output.toFixed(2)} per 1M in/out`;
}

// --- routes ---------------------------------------------------------------------------------------------

/**
 * Codex 0.169.0's two built-in Bedrock providers (SEEN: `codex debug models -c model_provider=...`, and
 * the requests the binary sends through the TLS proxy, test/codex/routes.test.ts):
 * - mantle: `amazon-bedrock`, POST https://bedrock-mantle.{region}.api.aws/openai/v1/responses, SigV4
 *   service bedrock-mantle, only the regions with a Mantle endpoint;
 * - runtime: `amazon-bedrock-runtime`, POST https://bedrock-runtime.{region}.amazonaws.com/openai/v1/responses,
 *   SigV4 service bedrock, any region (AWS: "Use bedrock-runtime for new applications", inference-responses-api).
 */
export type Route = 'mantle' | 'runtime';
export const ROUTES: readonly Route[] = ['runtime', 'mantle'];

export const PROVIDERS: Record<Route, string> = {mantle: 'amazon-bedrock', runtime: 'amazon-bedrock-runtime'};
export const ROUTE_NAMES: Record<Route, string> = {mantle: 'Bedrock Mantle (amazon-bedrock)', runtime: 'Bedrock Runtime (amazon-bedrock-runtime)'};

export function routeOfProvider(provider: string | undefined): Route | undefined {
	if (provider === PROVIDERS.mantle) return 'mantle';
	if (provider === PROVIDERS.runtime) return 'runtime';
	return undefined;
}

export function parseRoute(value: string): Route | undefined {
	const v = value.trim().toLowerCase();
	if (v === 'mantle' || v === 'amazon-bedrock' || v === 'bedrock-mantle') return 'mantle';
	if (v === 'runtime' || v === 'amazon-bedrock-runtime' || v === 'bedrock-runtime') return 'runtime';
	return undefined;
}

/** The IAM actions Codex's requests need on each route (named in AccessDenied findings and hints). */
export const ROUTE_IAM: Record<Route, string> = {
	runtime: 'bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on the foundation-model ARNs (arn:aws:bedrock:*::foundation-model/openai.*) and, for a cross-Region profile, on its inference-profile ARN (arn:aws:bedrock:{region}:{account}:inference-profile/{profile})',
	mantle: 'bedrock-mantle:* (or the managed policy AmazonBedrockMantleInferenceAccess); bedrock:InvokeModel does not cover Mantle',
};

// --- model IDs ------------------------------------------------------------------------------------------

/** Where an inference profile may process a prompt: the source Region only, one geography, or anywhere. */
export type Scope = 'in-region' | 'geo' | 'global';

/** The geography prefixes of cross-Region inference profile IDs (inference-profiles-support; CDK's CrossRegionInferenceProfileRegion). */
export const GEO_PREFIXES: Record<string, string> = {us: 'the United States', eu: 'the European Union', apac: 'Asia Pacific', jp: 'Japan', au: 'Australia', ca: 'Canada', 'us-gov': 'AWS GovCloud (US)'};

export interface ParsedModelId {
	id: string;
	/** "global", "us", "eu", ... for an inference profile; absent for a foundation model. */
	prefix?: string;
	scope: Scope;
	/** The foundation model the profile routes to, e.g. openai.gpt-5.6-terra (a Runtime `-1:0` suffix kept off). */
	base: string;
	vendor: string;
	/** The name after the vendor, e.g. gpt-6.1-sol, gpt-oss-120b. */
	name: string;
	family: 'gpt' | 'gpt-oss' | 'other';
	/** gpt-N.M: [N, M] (gpt-6-luna: [6, 0]). */
	version?: [number, number];
	/** gpt-6.1-sol: "sol"; gpt-oss-safeguard-120b: "safeguard". */
	variant?: string;
	/** gpt-oss-120b: 120 (billions of parameters). */
	sizeB?: number;
	/** The Runtime ID suffix "-1:0", when the ID carries one. */
	versionSuffix?: string;
}

const ID_PATTERN = /^(?:(global|us-gov|us|eu|apac|jp|au|ca)\.)?([a-z0-9-]+)\.([a-z0-9][a-z0-9._-]*?)(-\d+:\d+)?$/;

/** Any `openai.<name>` ID, with an optional profile prefix and Runtime version suffix; undefined for what is not a model ID. */
export function parseModelId(id: string): ParsedModelId | undefined {
	const m = ID_PATTERN.exec(id.trim());
	if (!m) return undefined;
	const [, prefix, vendor, name, suffix] = m as unknown as [string, string | undefined, string, string, string | undefined];
	const parsed: ParsedModelId = {id, scope: prefix === undefined ? 'in-region' : prefix === 'global' ? 'global' : 'geo', base: `${vendor}.${name}`, vendor, name, family: 'other'};
	if (prefix) parsed.prefix = prefix;
	if (suffix) parsed.versionSuffix = suffix;
	const oss = /^gpt-oss(?:-([a-z]+))?-(\d+)b$/.exec(name);
	if (oss) {
		parsed.family = 'gpt-oss';
		if (oss[1]) parsed.variant = oss[1];
		parsed.sizeB = Number(oss[2]);
		return parsed;
	}
	const gpt = /^gpt-(\d+)(?:\.(\d+))?(?:-([a-z0-9-]+))?$/.exec(name);
	if (gpt) {
		parsed.family = 'gpt';
		parsed.version = [Number(gpt[1]), Number(gpt[2] ?? 0)];
		if (gpt[3]) parsed.variant = gpt[3];
	}
	return parsed;
}

/** The foundation model behind an ID (profile prefix and Runtime suffix taken off). */
export function baseModelId(id: string): string {
	return parseModelId(id)?.base ?? id;
}

export function scopeOf(id: string): Scope {
	return parseModelId(id)?.scope ?? 'in-region';
}

/**
 * Variants of one GPT generation, in the order Codex 0.169.0 lists them (`codex debug models`: 6-astra before
 * 6-sol before 6-luna; 5.6-sol, -terra, -luna). Unknown variants come after these, alphabetically.
 */
const VARIANT_ORDER = ['astra', 'sol', 'terra', 'luna'];
const SCOPE_ORDER: Scope[] = ['in-region', 'geo', 'global'];

/**
 * Newest first, for any ID: GPT-N.M by version (6.1 > 6 > 5.6 > 5.5), then the variant order Codex uses,
 * then gpt-oss (released 2025-08-05, older than every GPT-5.x on Bedrock): safeguard before plain, bigger
 * first; then anything else by name. The same model's in-region ID comes before its geo and global profiles.
 */
export function compareNewestFirst(a: string, b: string): number {
	const pa = parseModelId(a);
	const pb = parseModelId(b);
	const family = (p: ParsedModelId | undefined) => (p?.family === 'gpt' ? 0 : p?.family === 'gpt-oss' ? 1 : 2);
	const byFamily = family(pa) - family(pb);
	if (byFamily) return byFamily;
	if (pa?.family === 'gpt' && pb?.family === 'gpt') {
		const [ma, na] = pa.version!;
		const [mb, nb] = pb.version!;
		if (ma !== mb) return mb - ma;
		if (na !== nb) return nb - na;
		const rank = (v: string | undefined) => (v === undefined ? -1 : VARIANT_ORDER.includes(v) ? VARIANT_ORDER.indexOf(v) : VARIANT_ORDER.length);
		const byVariant = rank(pa.variant) - rank(pb.variant);
		if (byVariant) return byVariant;
		if (pa.variant !== pb.variant) return (pa.variant ?? '').localeCompare(pb.variant ?? '');
	}
	if (pa?.family === 'gpt-oss' && pb?.family === 'gpt-oss') {
		const safeguard = (p: ParsedModelId) => (p.variant === 'safeguard' ? 0 : 1);
		const bySafeguard = safeguard(pa) - safeguard(pb);
		if (bySafeguard) return bySafeguard;
		if (pa.sizeB !== pb.sizeB) return (pb.sizeB ?? 0) - (pa.sizeB ?? 0);
	}
	if (pa && pb && pa.base !== pb.base) return pa.base.localeCompare(pb.base);
	const byScope = SCOPE_ORDER.indexOf(pa?.scope ?? 'in-region') - SCOPE_ORDER.indexOf(pb?.scope ?? 'in-region');
	return byScope || a.localeCompare(b);
}

/**
 * Why Codex cannot use a model on a route, or undefined when it can. Codex sends every model to
 * /openai/v1/responses: gpt-oss is served for the Responses API only on Mantle's /v1 (AWS
 * inference-responses-api: "Responses API access to GPT OSS models" is Mantle-only; codex#37246), and
 * Mantle serves no cross-Region profile IDs (Codex's own Mantle catalogue has none).
 */
export function codexCannotUse(id: string, route: Route): string | undefined {
	const parsed = parseModelId(id);
	if (!parsed) return `"${id}" is not a Bedrock model ID.`;
	if (parsed.family === 'gpt-oss') {
		return `Codex sends every request to /openai/v1/responses; ${parsed.base} is served for the Responses API only on Mantle's /v1 route (codex#37246), so Codex cannot use it on either route.`;
	}
	if (parsed.versionSuffix) {
		return `${id} is a control-plane ID with a version suffix; Codex needs ${id.replace(/-\d+:\d+$/, '')}.`;
	}
	if (route === 'mantle' && parsed.prefix) {
		return `${id} is a cross-Region inference profile: only Bedrock Runtime (amazon-bedrock-runtime) serves profiles; on Mantle the model is ${parsed.base}.`;
	}
	return undefined;
}
