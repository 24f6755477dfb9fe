// Which credential the real Codex signs its Bedrock requests with, when several are present. The order is
// OBSERVED, not read: test/contract/credentials.contract.test.ts runs the pinned Codex (0.169.0) through the
// TLS proxy with every combination below and asserts that the request reaching the simulated AWS was signed
// by exactly the credential codexCredential() names (docs/codex-behaviour.md has the table). The first
// present source wins; a winner that is broken does NOT fall back to the next one (a configured profile that
// does not exist fails even with AWS_BEARER_TOKEN_BEDROCK set).
//
//   1. aws.credential_export in config.toml (a command that prints credentials JSON)
//   2. aws.profile in config.toml
//   3. Bedrock credentials Codex stored itself in $CODEX_HOME/auth.json (an API key or access keys, from
//      Codex's own "Set up Amazon Bedrock" sign-in); `codex logout` removes them, and with them the
//      Bedrock settings of config.toml (observed)
//   4. AWS_BEARER_TOKEN_BEDROCK
//   5. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY
//   6. the AWS SDK's default chain (AWS_PROFILE, else [default], SSO, ...)
//
// Regions follow the winner: a stored API key brings its own region (it beats aws.region); for everything
// else aws.region wins, then AWS_REGION / AWS_DEFAULT_REGION, then the profile's region (SDK chain).
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {registerSecret} from '../redact.js';

type Env = Record<string, string | undefined>;

export type CodexCredentialSource = 'credential-export' | 'aws-profile' | 'codex-api-key' | 'codex-access-keys' | 'env-bearer' | 'env-keys' | 'sdk-chain';

/** What $CODEX_HOME/auth.json holds, as far as Bedrock is concerned. */
export type CodexAuth =
	| {kind: 'none'}
	| {kind: 'bedrock-api-key'; region?: string}
	| {kind: 'bedrock-access-keys'}
	/** An OpenAI API key or ChatGPT sign-in: the amazon-bedrock provider does not use it. */
	| {kind: 'openai'}
	| {kind: 'unreadable'; reason: string};

export interface CredentialInputs {
	/** aws.credential_export is set in the effective config. */
	credentialExport?: boolean;
	/** aws.profile in the effective config. */
	configProfile?: string | undefined;
	auth: CodexAuth;
	env: Env;
}

export interface CodexCredential {
	source: CodexCredentialSource;
	/** One line for the screen: which credential, in the user's words. */
	label: string;
	/** Present sources that Codex will NOT use because this one comes first. */
	shadowed: CodexCredentialSource[];
}

const nonEmpty = (value: string | undefined) => value !== undefined && value.trim() !== '';

/** The sources present, in Codex's order. */
export function presentSources(inputs: CredentialInputs): CodexCredentialSource[] {
	const {env} = inputs;
	const present: CodexCredentialSource[] = [];
	if (inputs.credentialExport) present.push('credential-export');
	if (nonEmpty(inputs.configProfile)) present.push('aws-profile');
	if (inputs.auth.kind === 'bedrock-api-key') present.push('codex-api-key');
	if (inputs.auth.kind === 'bedrock-access-keys') present.push('codex-access-keys');
	if (nonEmpty(env['AWS_BEARER_TOKEN_BEDROCK'])) present.push('env-bearer');
	if (nonEmpty(env['AWS_ACCESS_KEY_ID']) && nonEmpty(env['AWS_SECRET_ACCESS_KEY'])) present.push('env-keys');
	present.push('sdk-chain');
	return present;
}

export function sourceLabel(source: CodexCredentialSource, inputs: CredentialInputs): string {
	switch (source) {
		case 'credential-export':
			return 'the aws.credential_export command in config.toml';
		case 'aws-profile':
			return `the AWS profile "${inputs.configProfile}" (aws.profile in config.toml)`;
		case 'codex-api-key':
			return `the Bedrock API key Codex stored in auth.json${inputs.auth.kind === 'bedrock-api-key' && inputs.auth.region ? ` (region ${inputs.auth.region})` : ''}`;
		case 'codex-access-keys':
			return 'the AWS access keys Codex stored in auth.json';
		case 'env-bearer':
			return 'the Bedrock API key in AWS_BEARER_TOKEN_BEDROCK';
		case 'env-keys':
			return 'the access keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY';
		case 'sdk-chain':
			return nonEmpty(inputs.env['AWS_PROFILE']) ? `the AWS profile "${inputs.env['AWS_PROFILE']}" (AWS_PROFILE)` : 'the default AWS credential chain ([default] profile, SSO, instance role)';
	}
}

/** The credential Codex will sign with, and what it hides. */
export function codexCredential(inputs: CredentialInputs): CodexCredential {
	const [source, ...rest] = presentSources(inputs) as [CodexCredentialSource, ...CodexCredentialSource[]];
	return {source, label: sourceLabel(source, inputs), shadowed: rest.filter((s) => s !== 'sdk-chain')};
}

/** What to do so that Codex uses `wanted` instead of what shadows it. */
export function howToRemove(source: CodexCredentialSource): string {
	switch (source) {
		case 'credential-export':
			return 'remove aws.credential_export from config.toml';
		case 'aws-profile':
			return 'remove aws.profile from config.toml';
		case 'codex-api-key':
		case 'codex-access-keys':
			// Observed (test/contract): logout also strips model_provider, model and the amazon-bedrock table
			// from config.toml (profile files stay), so the wizard has to be re-run after it.
			return 'run `codex logout` (it removes the Bedrock credentials Codex stored in auth.json, and also the Bedrock settings in config.toml: re-run this wizard after it)';
		case 'env-bearer':
			return 'unset AWS_BEARER_TOKEN_BEDROCK (and remove it from your shell profile)';
		case 'env-keys':
			return 'unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN';
		case 'sdk-chain':
			return 'unset AWS_PROFILE';
	}
}

/**
 * $CODEX_HOME/auth.json as Codex 0.169.0 reads it (login/src/auth/storage.rs in Codex's source; the modes
 * are camelCase: `codex login status` refuses "bedrock_api_key" and says "Logged in using Amazon Bedrock
 * API key" for {"auth_mode": "bedrockApiKey", "bedrock_api_key": {"api_key", "region"}}). Secrets are
 * registered with the redactor and never returned.
 */
export async function readCodexAuth(codexHome: string): Promise<CodexAuth> {
	let raw: string;
	try {
		raw = await readFile(path.join(codexHome, 'auth.json'), 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {kind: 'none'};
		return {kind: 'unreadable', reason: (error as NodeJS.ErrnoException).code ?? 'read error'};
	}
	let data: Record<string, unknown>;
	try {
		const parsed = JSON.parse(raw) as unknown;
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {kind: 'unreadable', reason: 'not a JSON object'};
		data = parsed as Record<string, unknown>;
	} catch {
		return {kind: 'unreadable', reason: 'not valid JSON'};
	}
	const apiKey = data['bedrock_api_key'] as {api_key?: unknown; region?: unknown} | null | undefined;
	const keys = data['bedrock_access_keys'] as {access_key_id?: unknown; secret_access_key?: unknown; session_token?: unknown} | null | undefined;
	if (typeof apiKey?.api_key === 'string') registerSecret(apiKey.api_key);
	if (typeof keys?.secret_access_key === 'string') registerSecret(keys.secret_access_key);
	if (typeof keys?.session_token === 'string') registerSecret(keys.session_token);
	const mode = data['auth_mode'];
	if (mode === 'bedrockApiKey' || (mode === undefined && typeof apiKey?.api_key === 'string')) {
		return {kind: 'bedrock-api-key', ...(typeof apiKey?.region === 'string' ? {region: apiKey.region} : {})};
	}
	if (mode === 'bedrockAccessKeys' || (mode === undefined && typeof keys?.access_key_id === 'string')) return {kind: 'bedrock-access-keys'};
	if (typeof data['OPENAI_API_KEY'] === 'string' || data['tokens'] || mode !== undefined) return {kind: 'openai'};
	return {kind: 'none'};
}

/** The Bedrock credentials Codex stored in auth.json, for a request made the way Codex makes it (the test prompt). */
export type StoredBedrockCredentials =
	| {kind: 'api-key'; apiKey: string; region?: string}
	| {kind: 'access-keys'; accessKeyId: string; secretAccessKey: string; sessionToken?: string};

export async function readStoredBedrockCredentials(codexHome: string): Promise<StoredBedrockCredentials | undefined> {
	const auth = await readCodexAuth(codexHome);
	if (auth.kind !== 'bedrock-api-key' && auth.kind !== 'bedrock-access-keys') return undefined;
	const data = JSON.parse(await readFile(path.join(codexHome, 'auth.json'), 'utf8')) as {
		bedrock_api_key?: {api_key?: string; region?: string};
		bedrock_access_keys?: {access_key_id?: string; secret_access_key?: string; session_token?: string};
	};
	if (auth.kind === 'bedrock-api-key' && data.bedrock_api_key?.api_key) {
		return {kind: 'api-key', apiKey: data.bedrock_api_key.api_key, ...(data.bedrock_api_key.region ? {region: data.bedrock_api_key.region} : {})};
	}
	const keys = data.bedrock_access_keys;
	if (auth.kind === 'bedrock-access-keys' && keys?.access_key_id && keys.secret_access_key) {
		return {kind: 'access-keys', accessKeyId: keys.access_key_id, secretAccessKey: keys.secret_access_key, ...(keys.session_token ? {sessionToken: keys.session_token} : {})};
	}
	return undefined;
}
