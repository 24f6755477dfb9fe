// What the real Codex CLI does on Amazon Bedrock, as data: every case here is run by a contract test
// (test/contract/*.contract.test.ts) against the pinned binary through the TLS proxy, and its expectation is
// asserted, so a Codex upgrade that behaves differently fails with a diff. docs/codex-behaviour.md is
// rendered from this file (test/contract/behaviour-doc.test.ts): the page says only what a test checked.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import type {Fault, Scenario} from '../../source/fake-aws/types.js';
import type {CodexCredentialSource} from '../../source/core/codex/credentials.js';
import {bedrockConfig, type ContractWorld, type ExecOptions, TEST_CA} from './harness.js';

/** The Codex this page describes: the devDependency pin, checked against `codex --version`. */
export const CODEX_VERSION = '0.169.0';

// --- credentials ---------------------------------------------------------------------------------------------

/** A credential a case puts in place. */
export type Cred = 'export' | 'profile' | 'authApiKey' | 'authAccessKeys' | 'authApiKeyNoMode' | 'authOpenai' | 'bearer' | 'envKeys' | 'awsProfile';

export const CRED_TEXT: Record<Cred, string> = {
	export: '`aws.credential_export` (command printing credentials JSON)',
	profile: '`aws.profile` in config.toml',
	authApiKey: 'auth.json Bedrock API key (`"auth_mode": "bedrockApiKey"`)',
	authAccessKeys: 'auth.json Bedrock access keys (`"auth_mode": "bedrockAccessKeys"`)',
	authApiKeyNoMode: 'auth.json `bedrock_api_key` without `auth_mode`',
	authOpenai: 'auth.json OpenAI API key (`OPENAI_API_KEY`)',
	bearer: '`AWS_BEARER_TOKEN_BEDROCK`',
	envKeys: '`AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`)',
	awsProfile: '`AWS_PROFILE` (a profile with static keys)',
};

/** The source each credential is, in source/core/codex/credentials.ts terms (the wizard's model of Codex). */
export const CRED_SOURCE: Record<Cred, CodexCredentialSource | undefined> = {
	export: 'credential-export',
	profile: 'aws-profile',
	authApiKey: 'codex-api-key',
	authAccessKeys: 'codex-access-keys',
	authApiKeyNoMode: 'codex-api-key',
	authOpenai: undefined,
	bearer: 'env-bearer',
	envKeys: 'env-keys',
	awsProfile: 'sdk-chain',
};

export interface PrecedenceCase {
	present: Cred[];
	/** The credential whose signature (or Bearer token) reached Bedrock. */
	winner: Cred;
}

/** Every pair that decides the order, plus the all-at-once combinations. */
export const PRECEDENCE: PrecedenceCase[] = [
	{present: ['profile', 'bearer'], winner: 'profile'},
	{present: ['profile', 'envKeys'], winner: 'profile'},
	{present: ['profile', 'awsProfile'], winner: 'profile'},
	{present: ['profile', 'authApiKey'], winner: 'profile'},
	{present: ['profile', 'authAccessKeys'], winner: 'profile'},
	{present: ['profile', 'authOpenai'], winner: 'profile'},
	{present: ['authApiKey', 'bearer'], winner: 'authApiKey'},
	{present: ['authApiKey', 'envKeys'], winner: 'authApiKey'},
	{present: ['authApiKey', 'awsProfile'], winner: 'authApiKey'},
	{present: ['authAccessKeys', 'bearer'], winner: 'authAccessKeys'},
	{present: ['authAccessKeys', 'envKeys'], winner: 'authAccessKeys'},
	{present: ['authApiKeyNoMode', 'bearer'], winner: 'authApiKeyNoMode'},
	{present: ['bearer', 'envKeys'], winner: 'bearer'},
	{present: ['bearer', 'awsProfile'], winner: 'bearer'},
	{present: ['envKeys', 'awsProfile'], winner: 'envKeys'},
	{present: ['authOpenai', 'awsProfile'], winner: 'awsProfile'},
	{present: ['export', 'bearer', 'envKeys'], winner: 'export'},
	{present: ['export', 'authApiKey'], winner: 'export'},
	{present: ['profile', 'authApiKey', 'bearer', 'envKeys', 'awsProfile'], winner: 'profile'},
	{present: ['authAccessKeys', 'bearer', 'envKeys', 'awsProfile'], winner: 'authAccessKeys'},
];

/** Put the credentials in place; returns the env for Codex and, per credential, the signer id its requests carry. */
export function placeCredentials(w: ContractWorld, present: Cred[], region = 'us-east-1'): {env: Record<string, string>; config: string; signers: Map<string, Cred>} {
	const env: Record<string, string> = {};
	const signers = new Map<string, Cred>();
	const keys = (cred: Cred) => {
		const k = w.keys();
		signers.set(`keys:${k.accessKeyId}`, cred);
		return k;
	};
	const apiKey = (cred: Cred) => {
		const token = w.apiKey(region);
		signers.set(`bearer:${w.keyHash(token)}`, cred);
		return token;
	};
	let extra = '';
	let profile: string | undefined;
	for (const cred of present) {
		if (cred === 'export') {
			const k = keys(cred);
			const file = path.join(w.home, 'exported.json');
			writeFileSync(file, JSON.stringify({Version: 1, AccessKeyId: k.accessKeyId, SecretAccessKey: k.secretAccessKey, SessionToken: k.sessionToken, Expiration: new Date(Date.now() + 3600_000).toISOString()}), {mode: 0o600});
			extra = `credential_export = { command = "/bin/cat", args = [${JSON.stringify(file)}] }`;
		}
		if (cred === 'profile') {
			w.awsCredentialsProfile('configured', keys(cred));
			profile = 'configured';
		}
		if (cred === 'awsProfile') {
			w.awsCredentialsProfile('from-env', keys(cred));
			env['AWS_PROFILE'] = 'from-env';
		}
		if (cred === 'envKeys') {
			const k = keys(cred);
			Object.assign(env, {AWS_ACCESS_KEY_ID: k.accessKeyId, AWS_SECRET_ACCESS_KEY: k.secretAccessKey, AWS_SESSION_TOKEN: k.sessionToken});
		}
		if (cred === 'bearer') env['AWS_BEARER_TOKEN_BEDROCK'] = apiKey(cred);
		if (cred === 'authApiKey') w.writeAuthJson({auth_mode: 'bedrockApiKey', bedrock_api_key: {api_key: apiKey(cred), region}});
		if (cred === 'authApiKeyNoMode') w.writeAuthJson({bedrock_api_key: {api_key: apiKey(cred), region}});
		if (cred === 'authAccessKeys') {
			const k = keys(cred);
			w.writeAuthJson({auth_mode: 'bedrockAccessKeys', bedrock_access_keys: {access_key_id: k.accessKeyId, secret_access_key: k.secretAccessKey, session_token: k.sessionToken}});
		}
		if (cred === 'authOpenai') w.writeAuthJson({OPENAI_API_KEY: 'sk-contract-test-not-a-key'});
	}
	const config = bedrockConfig({...(profile ? {profile} : {}), region});
	// credential_export lives in the [model_providers.amazon-bedrock.aws] table bedrockConfig ends with.
	return {env, config: extra ? `${config}${extra}\n` : config, signers};
}

// --- requests per config shape and region --------------------------------------------------------------------

export interface RequestCase {
	id: string;
	title: string;
	/** The files, as the page shows them. */
	shape: string;
	setup(w: ContractWorld): ExecOptions;
	/** describeRequest() of every request the simulated AWS received. */
	requests: string[];
}

const MANTLE_POST = (region: string, model: string, auth = `sigv4 bedrock-mantle ${region}`) => `POST bedrock-mantle.${region}.api.aws/openai/v1/responses ${auth} ${model} 200`;

export const REQUESTS: RequestCase[] = [
	{
		id: 'default-sso',
		title: 'config.toml with an SSO profile (what the wizard writes by default)',
		shape: 'config.toml: model_provider = "amazon-bedrock", model, [model_providers.amazon-bedrock.aws] profile + region; ~/.aws/config sso-session profile with a cached token',
		setup(w) {
			w.ssoProfile('dev');
			w.writeCodexConfig(bedrockConfig({profile: 'dev', region: 'us-east-1'}));
			return {};
		},
		requests: ['GET portal.sso.us-east-1.amazonaws.com/federation/credentials sso-bearer 200', MANTLE_POST('us-east-1', 'openai.gpt-5.5')],
	},
	{
		id: 'profile-file',
		title: 'a Codex profile file, `codex exec -p work`',
		shape: '$CODEX_HOME/work.config.toml with the same keys (region us-east-2); no config.toml',
		setup(w) {
			w.awsCredentialsProfile('keys', w.keys());
			w.writeCodexConfig(bedrockConfig({profile: 'keys', region: 'us-east-2'}), 'work');
			return {profile: 'work'};
		},
		requests: [MANTLE_POST('us-east-2', 'openai.gpt-5.5')],
	},
	{
		id: 'profile-file-layered',
		title: 'a profile file over config.toml: the file wins key by key',
		shape: 'config.toml: model openai.gpt-5.4 + aws table (us-east-1); work.config.toml: only model = "openai.gpt-5.5"',
		setup(w) {
			w.awsCredentialsProfile('keys', w.keys());
			w.writeCodexConfig(bedrockConfig({profile: 'keys', region: 'us-east-1', model: 'openai.gpt-5.4'}));
			w.writeCodexConfig('model = "openai.gpt-5.5"\n', 'work');
			return {profile: 'work'};
		},
		requests: [MANTLE_POST('us-east-1', 'openai.gpt-5.5')],
	},
	{
		id: 'region-config-beats-env',
		title: 'aws.region beats AWS_REGION',
		shape: 'aws.region = "us-east-1", AWS_REGION=us-east-2',
		setup(w) {
			w.awsCredentialsProfile('keys', w.keys());
			w.writeCodexConfig(bedrockConfig({profile: 'keys', region: 'us-east-1'}));
			return {env: {AWS_REGION: 'us-east-2'}};
		},
		requests: [MANTLE_POST('us-east-1', 'openai.gpt-5.5')],
	},
	{
		id: 'region-env-beats-profile',
		title: 'without aws.region, AWS_REGION beats the profile\'s region',
		shape: 'no aws.region; AWS_REGION=us-east-2; the profile says region = us-west-2',
		setup(w) {
			w.awsCredentialsProfile('keys', w.keys());
			w.awsConfigProfile('keys', {region: 'us-west-2'});
			w.writeCodexConfig(bedrockConfig({profile: 'keys'}));
			return {env: {AWS_REGION: 'us-east-2'}};
		},
		requests: [MANTLE_POST('us-east-2', 'openai.gpt-5.5')],
	},
	{
		id: 'region-from-profile',
		title: 'without aws.region or AWS_REGION, the profile\'s region',
		shape: 'no aws.region; the profile says region = us-east-2',
		setup(w) {
			w.awsCredentialsProfile('keys', w.keys());
			w.awsConfigProfile('keys', {region: 'us-east-2'});
			w.writeCodexConfig(bedrockConfig({profile: 'keys'}));
			return {};
		},
		requests: [MANTLE_POST('us-east-2', 'openai.gpt-5.5')],
	},
	{
		id: 'bearer-region',
		title: 'AWS_BEARER_TOKEN_BEDROCK: aws.region, else AWS_REGION',
		shape: 'no aws.region; AWS_REGION=us-east-2; AWS_BEARER_TOKEN_BEDROCK (a us-east-2 key)',
		setup(w) {
			w.writeCodexConfig(bedrockConfig({}));
			return {env: {AWS_BEARER_TOKEN_BEDROCK: w.apiKey('us-east-2'), AWS_REGION: 'us-east-2'}};
		},
		requests: [MANTLE_POST('us-east-2', 'openai.gpt-5.5', 'bearer us-east-2')],
	},
	{
		id: 'malformed-auth-json',
		title: 'an auth.json Codex cannot parse does not stop it when aws.profile is set',
		shape: 'config.toml with aws.profile; auth.json is not JSON',
		setup(w) {
			w.awsCredentialsProfile('keys', w.keys());
			w.writeCodexConfig(bedrockConfig({profile: 'keys', region: 'us-east-1'}));
			writeFileSync(path.join(w.codexHome, 'auth.json'), 'not json');
			return {};
		},
		requests: [MANTLE_POST('us-east-1', 'openai.gpt-5.5')],
	},
	{
		id: 'stored-key-region',
		title: 'a Bedrock API key stored in auth.json brings its own region, over aws.region',
		shape: 'aws.region = "us-east-1"; auth.json bedrock_api_key.region = "us-east-2"',
		setup(w) {
			w.writeAuthJson({auth_mode: 'bedrockApiKey', bedrock_api_key: {api_key: w.apiKey('us-east-2'), region: 'us-east-2'}});
			w.writeCodexConfig(bedrockConfig({region: 'us-east-1'}));
			return {};
		},
		requests: [MANTLE_POST('us-east-2', 'openai.gpt-5.5', 'bearer us-east-2')],
	},
];

// --- failures ------------------------------------------------------------------------------------------------

export interface FailureCase {
	id: string;
	title: string;
	scenario?: string | (() => Scenario);
	setup(w: ContractWorld): ExecOptions;
	/**
	 * 'first': `codex exec --json`, stopped at the first error event (what the wizard reads: the reason of
	 * "Reconnecting... 1/5 (reason)", or a fatal error). 'full': plain `codex exec` to the end, so the final
	 * message, the exit code, the number of attempts and the time are measured.
	 */
	mode: 'first' | 'full';
	/** What Codex prints (request ids shown as req_…). */
	message: string;
	/** Codex retries it ("Reconnecting... n/5"). */
	retried: boolean;
	/** Bedrock requests made (full mode: all attempts; first mode: before the first error). */
	attempts: number;
	/** The rule in source/core/troubleshoot/rules.ts it must map to. */
	rule: string;
}

const withFault = (fault: Fault) => () => {
	const s = getScenario('happy');
	s.faults.push(fault);
	return s;
};

/** A static-keys profile and config.toml for it (region, model). */
function keysProfile(w: ContractWorld, options: {region?: string; model?: string; ttlSeconds?: number} = {}): void {
	w.awsCredentialsProfile('keys', w.keys(options.ttlSeconds === undefined ? {} : {ttlSeconds: options.ttlSeconds}));
	w.writeCodexConfig(bedrockConfig({profile: 'keys', region: options.region ?? 'us-east-1', model: options.model ?? 'openai.gpt-5.5'}));
}

const URL_E1 = 'url: https://bedrock-mantle.us-east-1.api.aws/openai/v1/responses, request id: req_…';

export const FAILURES: FailureCase[] = [
	{
		id: 'signature-expired',
		title: 'a request signed more than 5 minutes off AWS\'s clock (Bedrock: 401 "Signature expired: ...")',
		scenario: 'clock-skew',
		setup: (w) => (keysProfile(w), {}),
		mode: 'full',
		message: `Amazon Bedrock rejected the request because its AWS signature has expired. Refresh your AWS credentials and retry. If \`AWS_BEARER_TOKEN_BEDROCK\` is set, update or unset it, then restart Codex, ${URL_E1}`,
		retried: true,
		attempts: 6,
		rule: 'codex.signature-expired',
	},
	{
		id: 'expired-credentials',
		title: 'expired session credentials',
		setup: (w) => (keysProfile(w, {ttlSeconds: -60}), {}),
		mode: 'first',
		message: `unexpected status 401 Unauthorized: The security token included in the request is expired, ${URL_E1}`,
		retried: true,
		attempts: 1,
		rule: 'auth.expired',
	},
	{
		id: 'expired-api-key',
		title: 'an expired Bedrock API key in AWS_BEARER_TOKEN_BEDROCK',
		setup(w) {
			w.writeCodexConfig(bedrockConfig({region: 'us-east-1'}));
			return {env: {AWS_BEARER_TOKEN_BEDROCK: w.apiKey('us-east-1', {ttlSeconds: -60})}};
		},
		mode: 'first',
		message: `unexpected status 401 Unauthorized: The security token included in the request is expired, ${URL_E1}`,
		retried: true,
		attempts: 1,
		rule: 'auth.expired',
	},
	{
		id: 'invalid-token',
		title: 'credentials AWS does not recognise',
		scenario: 'mantle-invalid-token',
		setup: (w) => (keysProfile(w), {}),
		mode: 'first',
		message: `unexpected status 401 Unauthorized: The security token included in the request is invalid., ${URL_E1}`,
		retried: true,
		attempts: 1,
		rule: 'auth.invalid-token',
	},
	{
		id: 'sso-token-expired',
		title: 'an SSO profile whose cached sign-in has expired',
		setup(w) {
			w.ssoProfile('dev', {expired: true});
			w.writeCodexConfig(bedrockConfig({profile: 'dev', region: 'us-east-1'}));
			return {};
		},
		mode: 'first',
		message: 'stream disconnected before completion: failed to load AWS credentials: an error occurred while loading credentials',
		retried: true,
		attempts: 0,
		rule: 'codex.credentials',
	},
	{
		id: 'profile-missing',
		title: 'aws.profile names a profile that is not in ~/.aws/config (AWS_BEARER_TOKEN_BEDROCK set too: not used)',
		setup(w) {
			w.writeCodexConfig(bedrockConfig({profile: 'nope', region: 'us-east-1'}));
			return {env: {AWS_BEARER_TOKEN_BEDROCK: w.apiKey('us-east-1')}};
		},
		mode: 'full',
		message: 'stream disconnected before completion: failed to load AWS credentials: the credential provider was not enabled',
		retried: true,
		attempts: 0,
		rule: 'codex.credentials',
	},
	{
		id: 'credential-export-expired',
		title: 'aws.credential_export prints credentials that have expired',
		setup(w) {
			const k = w.keys();
			const file = path.join(w.home, 'exported.json');
			writeFileSync(file, JSON.stringify({Version: 1, AccessKeyId: k.accessKeyId, SecretAccessKey: k.secretAccessKey, SessionToken: k.sessionToken, Expiration: new Date(Date.now() - 3600_000).toISOString()}));
			w.writeCodexConfig(`${bedrockConfig({region: 'us-east-1'})}credential_export = { command = "/bin/cat", args = [${JSON.stringify(file)}] }\n`);
			return {};
		},
		mode: 'first',
		message: 'stream disconnected before completion: failed to load AWS credentials: AWS credential export returned expired credentials',
		retried: true,
		attempts: 0,
		rule: 'codex.credential-export',
	},
	{
		id: 'access-denied',
		title: 'the role may not call bedrock-mantle:CreateInference',
		scenario: 'mantle-iam-denied',
		setup: (w) => (keysProfile(w), {}),
		mode: 'first',
		message: `unexpected status 403 Forbidden: User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev is not authorized to perform: bedrock-mantle:CreateInference on resource: arn:aws:bedrock-mantle:us-east-1:111122223333:project/default because no session policy allows the bedrock-mantle:CreateInference action, ${URL_E1}`,
		retried: true,
		attempts: 1,
		rule: 'access.mantle-iam',
	},
	{
		id: 'no-model-access',
		title: 'no access to the model',
		scenario: 'no-model-access',
		setup: (w) => (keysProfile(w), {}),
		mode: 'first',
		message: `unexpected status 403 Forbidden: You don't have access to the model with the specified model ID., ${URL_E1}`,
		retried: true,
		attempts: 1,
		rule: 'access.model',
	},
	{
		id: 'unknown-model',
		title: 'a model the region does not serve (openai.gpt-6-luna in us-east-1 here)',
		setup: (w) => (keysProfile(w, {model: 'openai.gpt-6-luna'}), {}),
		mode: 'first',
		message: `unexpected status 404 Not Found: The model 'openai.gpt-6-luna' does not exist, ${URL_E1}`,
		retried: true,
		attempts: 1,
		rule: 'model.not-in-region',
	},
	{
		id: 'wrong-route',
		title: 'a gpt-oss model (served on /v1, not on /openai/v1)',
		setup: (w) => (keysProfile(w, {model: 'openai.gpt-oss-120b'}), {}),
		mode: 'first',
		// A 400 is printed as Bedrock's raw JSON body, with no status, URL or request id.
		message: '{"error":{"message":"model `openai.gpt-oss-120b` isn\'t supported on this route","type":"invalid_request_error","param":null,"code":"ValidationException"}}',
		retried: false,
		attempts: 1,
		rule: 'model.wrong-route',
	},
	{
		id: 'region-refused',
		title: 'a region outside Codex\'s Mantle list (ca-central-1)',
		setup: (w) => (keysProfile(w, {region: 'ca-central-1'}), {}),
		mode: 'first',
		message: 'Fatal error: Amazon Bedrock does not support region `ca-central-1`',
		retried: false,
		attempts: 0,
		rule: 'codex.region-refused',
	},
	{
		id: 'no-region',
		title: 'access keys and no region anywhere',
		setup(w) {
			const k = w.keys();
			w.writeCodexConfig(bedrockConfig({}));
			return {env: {AWS_ACCESS_KEY_ID: k.accessKeyId, AWS_SECRET_ACCESS_KEY: k.secretAccessKey, AWS_SESSION_TOKEN: k.sessionToken}};
		},
		mode: 'first',
		message: 'Fatal error: failed to resolve Amazon Bedrock auth: AWS SDK config did not resolve a region',
		retried: false,
		attempts: 0,
		rule: 'codex.no-region',
	},
	{
		id: 'bearer-no-region',
		title: 'AWS_BEARER_TOKEN_BEDROCK and no region',
		setup(w) {
			w.writeCodexConfig(bedrockConfig({}));
			return {env: {AWS_BEARER_TOKEN_BEDROCK: w.apiKey('us-east-1')}};
		},
		mode: 'first',
		message: 'Fatal error: Amazon Bedrock bearer token auth requires `model_providers.amazon-bedrock.aws.region`, `AWS_REGION`, or `AWS_DEFAULT_REGION`',
		retried: false,
		attempts: 0,
		rule: 'codex.no-region',
	},
	{
		id: 'throttled',
		title: 'Bedrock throttles every request (429)',
		scenario: withFault({operation: 'MantleResponses', status: 429, errorType: 'ThrottlingException', message: 'Too many tokens, please wait before trying again.'}),
		setup: (w) => (keysProfile(w), {}),
		mode: 'full',
		message: 'exceeded retry limit, last status: 429 Too Many Requests, request id: req_…',
		retried: false,
		attempts: 1,
		rule: 'quota.throttled',
	},
	{
		id: 'connection-refused',
		title: 'nothing listens where HTTPS_PROXY points',
		setup: (w) => (keysProfile(w), {env: {HTTPS_PROXY: 'http://127.0.0.1:9'}}),
		mode: 'full',
		message: 'Connection failed: error sending request',
		retried: true,
		attempts: 0,
		rule: 'codex.connection-failed',
	},
	{
		id: 'untrusted-ca',
		title: 'a TLS-intercepting proxy whose CA Codex was not given',
		setup: (w) => (keysProfile(w), {ca: 'none'}),
		mode: 'first',
		message: 'Connection failed: error sending request',
		retried: true,
		attempts: 0,
		rule: 'codex.connection-failed',
	},
	{
		id: 'aws-ca-bundle-ignored',
		title: 'the proxy\'s CA only in AWS_CA_BUNDLE (Codex does not read it)',
		setup: (w) => (keysProfile(w), {ca: 'none', env: {AWS_CA_BUNDLE: TEST_CA}}),
		mode: 'first',
		message: 'Connection failed: error sending request',
		retried: true,
		attempts: 0,
		rule: 'codex.connection-failed',
	},
];

// --- network variables ---------------------------------------------------------------------------------------

export interface NetworkCase {
	variable: string;
	kind: 'proxy' | 'ca' | 'no-proxy';
	setup(w: ContractWorld): ExecOptions;
	honoured: boolean;
	/** Run in a network namespace with only loopback (harness NETNS_AVAILABLE): for what Codex may send around the proxy. */
	isolated?: boolean;
}

export const NETWORK: NetworkCase[] = [
	{variable: 'HTTPS_PROXY', kind: 'proxy', setup: () => ({}), honoured: true},
	{variable: 'https_proxy', kind: 'proxy', setup: (w) => ({proxy: false, env: {https_proxy: w.proxy.url}}), honoured: true},
	{variable: 'ALL_PROXY', kind: 'proxy', setup: (w) => ({proxy: false, env: {ALL_PROXY: w.proxy.url}}), honoured: true},
	{variable: 'CODEX_CA_CERTIFICATE', kind: 'ca', setup: () => ({}), honoured: true},
	{variable: 'SSL_CERT_FILE', kind: 'ca', setup: () => ({ca: 'SSL_CERT_FILE'}), honoured: true},
	{variable: 'AWS_CA_BUNDLE', kind: 'ca', setup: () => ({ca: 'none', env: {AWS_CA_BUNDLE: TEST_CA}}), honoured: false},
	// In a namespace with only loopback: the proxy is reachable, everything else fails at once.
	{variable: 'HTTPS_PROXY (isolated: the namespace works)', kind: 'proxy', setup: () => ({isolated: true}), honoured: true, isolated: true},
	{variable: 'HTTP_PROXY', kind: 'proxy', setup: (w) => ({proxy: false, isolated: true, env: {HTTP_PROXY: w.proxy.url}}), honoured: false, isolated: true},
	{variable: 'NO_PROXY', kind: 'no-proxy', setup: () => ({isolated: true, env: {NO_PROXY: '.api.aws'}}), honoured: true, isolated: true},
];

/** Bedrock requests in one `codex exec` turn: the main model only, no helper or background model. */
export const HELPER_MODELS: string[] = [];

/**
 * Measured once per kind of failure (full mode, one run at a time, a loaded 2-core machine): for the page, not
 * asserted. Each time includes Codex's start-up (about 1-2 s here).
 */
export const MEASURED = {
	date: '2026-12-01',
	httpErrorSeconds: '7.8 s for an expired signature (6 requests: 1 + 5 retries, backing off)',
	credentialErrorSeconds: '7.0 s for a profile that does not exist; 25.4 s for an expired SSO sign-in (5 retries each; the SDK chain tries its other providers on every attempt)',
	connectionErrorSeconds: '27.5 s for a closed proxy port (5 retries); a 429 is not retried: 2.2 s, one request',
};
