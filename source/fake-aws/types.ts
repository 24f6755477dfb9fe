// Shared types of the simulated AWS. Each service module (services/*.ts) exports a Handler; the
// server (server.ts) parses the HTTP request once, strips the optional `/region/<region>` prefix and
// asks each handler in turn. A handler returns undefined for requests that are not its own.
import type {IncomingHttpHeaders} from 'node:http';
import type {AwsService} from './hosts.js';

export interface FakeRequest {
	method: string;
	/** The path the service sees: without the `/region/<r>` prefix and without the query string. */
	path: string;
	query: URLSearchParams;
	/** Lower-cased header names, as node:http gives them. */
	headers: IncomingHttpHeaders;
	body: Buffer;
	/**
	 * Region taken from the `/region/<r>` path prefix, if the client's endpoint had one; else from a real
	 * AWS Host header (bedrock-mantle.us-east-1.api.aws), as a request through the TLS proxy carries.
	 */
	endpointRegion?: string | undefined;
	/** The service a real AWS Host header names (absent for 127.0.0.1): only that service answers. */
	endpointService?: AwsService | undefined;
	/** The path exactly as received (prefix included, still percent-encoded), for SigV4 verification. */
	rawPath: string;
	/** The query string exactly as received, without the leading `?`. */
	rawQuery: string;
}

export interface FakeResponse {
	status: number;
	headers?: Record<string, string>;
	body?: string | Buffer;
	/** For server-sent events: chunks written one by one, then the response ends. */
	stream?: AsyncIterable<string>;
}

export type Handler = (request: FakeRequest, world: FakeWorld) => FakeResponse | undefined | Promise<FakeResponse | undefined>;

export interface AccountFixture {
	accountId: string;
	accountName: string;
	emailAddress: string;
	roles: string[];
}

/** What the device-code or PKCE approval does in a scenario. */
export type Approval =
	| {kind: 'approve'; afterPolls: number}
	| {kind: 'deny'}
	| {kind: 'expire'};

export interface SsoFixture {
	/** The Identity Center instance's home region; OIDC and portal calls to another region are refused. */
	region: string;
	startUrl: string;
	accounts: AccountFixture[];
	/** Page size the portal uses for ListAccounts / ListAccountRoles when the client asks for more. */
	pageSize: number;
	deviceApproval: Approval;
	pkceApproval: Approval;
	/** Lifetime of access tokens from CreateToken, seconds. */
	accessTokenTtlSeconds: number;
	/** Whether refresh_token grants succeed. */
	refresh: 'ok' | 'invalid_grant';
	/** Lifetime of role credentials from GetRoleCredentials, seconds (negative: already expired). */
	roleCredentialsTtlSeconds: number;
	/** Device code lifetime (expiresIn), seconds. */
	deviceCodeTtlSeconds: number;
	/** Polling interval the device authorization asks for, seconds. */
	pollIntervalSeconds: number;
}

export interface ModelFixture {
	/** Runtime / control-plane model id, e.g. openai.gpt-oss-120b-1:0 (absent for Mantle-only models). */
	runtimeId?: string;
	/** Mantle model id, e.g. openai.gpt-oss-120b (absent for Runtime-only models). */
	mantleId?: string;
	name: string;
	provider: string;
	/** Mantle route prefix that serves the Responses API for this model. */
	mantleRoute?: '/v1' | '/openai/v1';
	contextWindow?: number;
	/** GetFoundationModelAvailability answer for this model in this region. */
	availability: {
		agreement: 'AVAILABLE' | 'PENDING' | 'NOT_AVAILABLE' | 'ERROR';
		authorization: 'AUTHORIZED' | 'NOT_AUTHORIZED';
		entitlement: 'AVAILABLE' | 'NOT_AVAILABLE';
		region: 'AVAILABLE' | 'NOT_AVAILABLE';
	};
	lifecycle?: 'ACTIVE' | 'LEGACY';
	/**
	 * Served in-region by Bedrock Runtime's OpenAI-compatible Responses API (bedrock-runtime.<r>.amazonaws.com
	 * /openai/v1/responses); ListFoundationModels then lists it with inferenceTypesSupported ON_DEMAND. A model
	 * reached here only through an inference profile lists INFERENCE_PROFILE; a Mantle-only model neither.
	 */
	runtime?: boolean;
}

/** A system-defined cross-Region inference profile offered in a (source) region: ListInferenceProfiles. */
export interface ProfileFixture {
	/** e.g. global.openai.gpt-5.6-terra, us.openai.gpt-6-sol */
	id: string;
	name: string;
	/** The foundation model it routes to (openai.gpt-5.6-terra). */
	modelId: string;
	/** The Regions it may route a request to. */
	destinations: string[];
	/** false: the caller may not invoke this profile (IAM allows the foundation model but not the profile ARN). */
	authorized?: boolean;
}

export interface RegionFixture {
	/** Whether bedrock-mantle.<region>.api.aws exists (DNS resolves). */
	mantle: boolean;
	models: ModelFixture[];
	/** Cross-Region inference profiles this region offers as a source region (none when absent). */
	profiles?: ProfileFixture[];
	/** Added delay before answering any request in this region, milliseconds. */
	latencyMs?: number;
}

/** A fault injected on one operation: answered instead of the real result. */
export interface Fault {
	/** Operation name, e.g. "ListFoundationModels", "CreateToken", "MantleResponses", "GetCallerIdentity". */
	operation: string;
	/** Only in this region (any when absent). */
	region?: string;
	status: number;
	/** The error type as AWS sends it in x-amzn-errortype (or the XML Code for STS). */
	errorType: string;
	message: string;
	/** How many times to answer with the fault before answering normally (forever when absent). */
	times?: number;
	/** Extra JSON body fields (OIDC errors use error / error_description). */
	extraBody?: Record<string, unknown>;
	/** Never answer: hold the connection open (for time-out tests). */
	hang?: boolean;
	/**
	 * Answer with this body instead of an AWS response, with `status`: what a proxy, captive portal or
	 * broken middlebox sends (an HTML block page with 200, binary garbage, JSON cut off mid-body).
	 */
	raw?: {contentType: string; body: string; encoding?: 'base64'};
}

export interface Scenario {
	name: string;
	description: string;
	sso: SsoFixture;
	regions: Record<string, RegionFixture>;
	faults: Fault[];
	/**
	 * How far the simulated AWS's clock runs ahead of the caller's clock (negative: behind), ms. Everything
	 * the fake dates follows it: signature checks, token expiry and the Date header of its answers.
	 */
	clockOffsetMs?: number;
	/**
	 * How long an agreement stays PENDING (entitlement NOT_AVAILABLE) after CreateFoundationModelAgreement,
	 * ms on the simulated clock; 0 or absent: active at once. AWS: "it can take a few minutes" (model-access).
	 */
	agreementActivationMs?: number;
}

/** How a request authenticated itself, read from its headers (not whether it was accepted). */
export type RequestAuth =
	| {kind: 'sigv4'; accessKeyId: string; region: string; service: string}
	| {kind: 'bearer'; /** The region inside a Bedrock API key, when it has one (X-Amz-Credential). */ keyRegion?: string | undefined; /** sha256 of the token, 12 hex digits: tells keys apart without keeping them. */ keyHash: string}
	| {kind: 'sso-bearer'}
	| {kind: 'none'};

/** One HTTP request the simulated AWS received (FakeState.requests). */
export interface RequestRecord {
	/** The Host header: a real AWS host name through the TLS proxy, 127.0.0.1:<port> otherwise. */
	host: string;
	method: string;
	/** The path as received, without the query string. */
	path: string;
	query: string;
	auth: RequestAuth;
	/** `model` of a JSON body, when it has one (the Responses API). */
	model?: string | undefined;
	/** The operation the fake answered it as, when a handler recognised it. */
	operation?: string | undefined;
	status: number;
	/** Epoch ms (real clock) when it arrived. */
	at: number;
}

/** The mutable state of one running simulated AWS. */
export interface FakeState {
	/**
	 * OIDC clients from RegisterClient. `region` is where the client was registered: clients, codes and
	 * tokens are regional in IAM Identity Center, so they are refused by another region's endpoints.
	 */
	clients: Map<string, {clientId: string; clientSecret: string; clientName: string; scopes: string[]; grantTypes: string[]; redirectUris: string[]; issuerUrl?: string | undefined; expiresAt: number; region?: string | undefined}>;
	deviceCodes: Map<string, {deviceCode: string; userCode: string; clientId: string; startUrl: string; expiresAt: number; polls: number; lastPollAt?: number | undefined; interval: number; redeemed: boolean; region?: string | undefined}>;
	authCodes: Map<string, {code: string; clientId: string; redirectUri: string; codeChallenge: string; scopes: string[]; expiresAt: number; redeemed: boolean; region?: string | undefined}>;
	/** `sessionId` ties the access and refresh tokens of one sign-in together, so Logout can end them all. */
	accessTokens: Map<string, {token: string; clientId: string; expiresAt: number; scopes: string[]; region?: string | undefined; sessionId?: string | undefined}>;
	refreshTokens: Map<string, {token: string; clientId: string; scopes?: string[] | undefined; region?: string | undefined; sessionId?: string | undefined}>;
	/** Role credentials issued by GetRoleCredentials (and the scenario's static demo keys). */
	credentials: Map<string, {accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined; expiresAt: number; accountId: string; roleName: string; arn: string}>;
	agreements: Set<string>;
	/** When each agreement was created (simulated clock), for Scenario.agreementActivationMs. */
	agreementsCreatedAt?: Map<string, number>;
	/**
	 * Short-term Bedrock API keys (the full `bedrock-api-key-...` token) that Mantle accepts as
	 * `Authorization: Bearer`. Created on first use by issueBearerKey (credentials.ts).
	 */
	bearerKeys?: Map<string, {token: string; region: string; expiresAt: number; accountId: string; roleName: string; arn: string}>;
	/** Every request, for tests: operation name, region, status. */
	log: Array<{operation: string; region?: string | undefined; status: number; requestId: string}>;
	/**
	 * Every HTTP request as it arrived, in order (server.ts): what a client really sent, for contract tests
	 * of programs we did not write (the real Codex CLI). Secrets are not kept: only the access key id.
	 */
	requests: RequestRecord[];
	/** Count of times each fault has fired. */
	faultHits: Map<Fault, number>;
}

export interface FakeWorld {
	scenario: Scenario;
	state: FakeState;
	/** The simulated AWS's clock, epoch milliseconds. */
	now(): number;
	/** A fresh AWS-style request id (uuid v4). */
	requestId(): string;
	/** Random opaque token material with a recognisable prefix (for secret scans). */
	secret(prefix: string): string;
	/**
	 * The fault to answer for this operation and region, if any (counts `times`). Handlers call this
	 * once they know the operation.
	 */
	takeFault(operation: string, region: string | undefined): Fault | undefined;
}
