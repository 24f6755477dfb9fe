// Step 1: look at this machine before touching anything. Read-only: Node version, where the AWS and
// Codex files are, environment variables that would override what the wizard writes, proxy and CA
// settings, and whether a browser can be opened for the SSO login.
import {constants} from 'node:fs';
import {access, stat} from 'node:fs/promises';
import {titleOf} from './titles.js';
import type {Context, Env} from '../context.js';
import {tildify} from '../context.js';
import {displayProxy} from '../redact.js';
import {toFailure} from '../errors.js';
import {readCodexAuth} from '../codex/credentials.js';
import type {Detection, Step, Tone} from '../types.js';

// Machine facts live in core/machine.ts (doctor and the CLI read them without loading a step).
export {MIN_NODE, browserAvailability, nodeVersionOk} from '../machine.js';
import {MIN_NODE, browserAvailability, nodeVersionOk} from '../machine.js';

export interface Finding {
	id: string;
	tone: Tone;
	message: string;
	/** A finding that stops the wizard (it could not do its job safely). */
	fatal?: boolean;
}

async function fileState(file: string): Promise<'file' | 'directory' | 'missing' | 'unreadable'> {
	try {
		const info = await stat(file);
		if (info.isDirectory()) return 'directory';
		await access(file, constants.R_OK);
		return 'file';
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
	}
}

export async function inspectMachine(ctx: Context, runtime = {node: process.versions.node, platform: process.platform}): Promise<Finding[]> {
	const {env, paths} = ctx;
	const show = (file: string) => tildify(file, paths.home);
	const findings: Finding[] = [];

	findings.push(
		nodeVersionOk(runtime.node)
			? {id: 'node', tone: 'success', message: `Node.js ${runtime.node}`}
			: {id: 'node', tone: 'error', fatal: true, message: `Node.js ${runtime.node} is too old: this tool needs ${MIN_NODE.join('.')} or newer.`},
	);

	const home = await fileState(paths.home);
	if (home !== 'directory') {
		findings.push({id: 'home', tone: 'error', fatal: true, message: `The home directory ${paths.home} does not exist: set HOME to a writable directory.`});
	}

	const awsConfig = await fileState(paths.awsConfig);
	const viaVariable = env['AWS_CONFIG_FILE'] ? ' (from AWS_CONFIG_FILE)' : '';
	if (awsConfig === 'file') findings.push({id: 'aws-config', tone: 'info', message: `AWS config: ${show(paths.awsConfig)}${viaVariable}`});
	else if (awsConfig === 'missing') findings.push({id: 'aws-config', tone: 'info', message: `AWS config: ${show(paths.awsConfig)}${viaVariable} does not exist yet; it will be created.`});
	else findings.push({id: 'aws-config', tone: 'error', fatal: true, message: `AWS config: ${show(paths.awsConfig)}${viaVariable} is ${awsConfig === 'directory' ? 'a directory' : 'not readable'}; fix it before going on.`});

	const codexConfig = await fileState(paths.codexConfig);
	const viaCodexHome = env['CODEX_HOME'] ? ' (from CODEX_HOME)' : '';
	if (codexConfig === 'directory' || codexConfig === 'unreadable') {
		findings.push({id: 'codex-config', tone: 'error', fatal: true, message: `Codex config: ${show(paths.codexConfig)} is ${codexConfig === 'directory' ? 'a directory' : 'not readable'}.`});
	} else {
		findings.push({id: 'codex-config', tone: 'info', message: `Codex config: ${show(paths.codexConfig)}${viaCodexHome}${codexConfig === 'missing' ? ' does not exist yet' : ''}`});
	}

	// Credentials Codex might sign with instead of the profile the wizard writes. Codex's OBSERVED order
	// (codex/credentials.ts, docs/codex-behaviour.md): aws.credential_export, aws.profile, its own Bedrock
	// credentials in auth.json, AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID/SECRET, the SDK chain. The
	// config this wizard writes sets aws.profile, so none of these is used by Codex afterwards.
	const stored = await readCodexAuth(paths.codexHome);
	if (stored.kind === 'bedrock-api-key' || stored.kind === 'bedrock-access-keys') {
		const what = stored.kind === 'bedrock-api-key' ? `a Bedrock API key${stored.region ? ` for ${stored.region}` : ''}` : 'AWS access keys';
		findings.push({id: 'codex-auth', tone: 'info', message: `Codex has stored Bedrock credentials of its own (${what}, in auth.json). They beat AWS_BEARER_TOKEN_BEDROCK and AWS_* variables but not aws.profile, which this wizard writes. \`codex logout\` removes them, but also the Bedrock settings in config.toml.`});
	} else if (stored.kind === 'openai') {
		findings.push({id: 'codex-auth', tone: 'info', message: 'Codex is signed in to OpenAI (auth.json): the amazon-bedrock provider does not use that sign-in.'});
	} else if (stored.kind === 'unreadable') {
		// Observed: with aws.profile set, Codex runs on Bedrock whatever auth.json holds (test/contract).
		findings.push({id: 'codex-auth', tone: 'info', message: `Codex's auth.json is unreadable (${stored.reason}): \`codex login status\` will report an error, but Codex on Bedrock with the aws.profile this wizard writes does not need it.`});
	}
	if (env['AWS_BEARER_TOKEN_BEDROCK']?.trim()) {
		findings.push({id: 'env-bearer', tone: 'info', message: 'AWS_BEARER_TOKEN_BEDROCK is set. Codex uses it only when its config sets no aws.profile (and auth.json holds no Bedrock credentials); the config this wizard writes sets one, so Codex will not. Other Bedrock tools in this shell still will.'});
	}
	if (env['AWS_ACCESS_KEY_ID'] || env['AWS_SECRET_ACCESS_KEY'] || env['AWS_SESSION_TOKEN']) {
		findings.push({id: 'env-keys', tone: 'info', message: 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are set. Codex uses them only when its config sets no aws.profile; the config this wizard writes sets one. The AWS CLI and SDKs in this shell take them before AWS_PROFILE.'});
	}
	if (env['AWS_PROFILE']) findings.push({id: 'env-profile', tone: 'info', message: `AWS_PROFILE=${env['AWS_PROFILE']} is set in this shell.`});
	if (env['OPENAI_API_KEY']) {
		findings.push({id: 'env-openai', tone: 'info', message: 'OPENAI_API_KEY is set: the amazon-bedrock provider does not use it (it is not needed for Bedrock).'});
	}

	const proxy = env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['ALL_PROXY'];
	if (proxy) findings.push({id: 'proxy', tone: 'info', message: `HTTPS proxy: ${displayProxy(proxy)}${env['NO_PROXY'] ?? env['no_proxy'] ? ` (NO_PROXY=${env['NO_PROXY'] ?? env['no_proxy']})` : ''}`});
	// Codex reads CODEX_CA_CERTIFICATE or SSL_CERT_FILE, not AWS_CA_BUNDLE (observed: docs/codex-behaviour.md).
	if (env['AWS_CA_BUNDLE'] && !env['CODEX_CA_CERTIFICATE'] && !env['SSL_CERT_FILE']) {
		findings.push({id: 'ca-codex', tone: 'warning', message: `AWS_CA_BUNDLE is set, but Codex does not read it: it trusts a custom CA only from CODEX_CA_CERTIFICATE or SSL_CERT_FILE. Behind a TLS-inspecting proxy Codex fails with "Connection failed: error sending request"; export CODEX_CA_CERTIFICATE=${show(env['AWS_CA_BUNDLE'])}.`});
	}
	for (const variable of ['AWS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS', 'CODEX_CA_CERTIFICATE', 'SSL_CERT_FILE'] as const) {
		const bundle = env[variable];
		if (!bundle) continue;
		const state = await fileState(bundle);
		findings.push(
			state === 'file'
				? {id: `ca-${variable}`, tone: 'info', message: `${variable}: ${show(bundle)}`}
				: {id: `ca-${variable}`, tone: 'warning', message: `${variable} points at ${show(bundle)}, which is ${state === 'missing' ? 'missing' : `a ${state}`}: TLS connections to AWS will fail.`},
		);
	}

	const browser = browserAvailability(env, runtime.platform);
	if (!browser.available && !ctx.demo) {
		findings.push({id: 'browser', tone: 'info', message: `No browser can be opened (${browser.reason}): the SSO login will use a device code you enter on another device.`});
	}
	return findings;
}

function summarise(findings: Finding[]): string {
	const warnings = findings.filter((f) => f.tone === 'warning').length;
	const node = findings.find((f) => f.id === 'node')?.message ?? 'Node.js';
	return warnings ? `${node} · ${warnings} warning${warnings === 1 ? '' : 's'}` : `${node} · no overrides in the environment`;
}

export const preflight: Step = {
	id: 'preflight',
	title: titleOf('preflight'),
	flags: [],
	async detect(ctx): Promise<Detection> {
		const findings = await inspectMachine(ctx);
		const fatal = findings.find((f) => f.fatal);
		return fatal ? {status: 'broken', summary: fatal.message} : {status: 'ok', summary: summarise(findings)};
	},
	async run(ctx, io) {
		if (ctx.dryRun) io.note('Dry run: every change is shown as a diff and nothing is written (no config, token cache, install, agreement or test prompt). The sign-in is real and kept in memory only.', 'warning');
		const findings = await inspectMachine(ctx);
		for (const finding of findings) io.note(finding.message, finding.tone);
		const fatal = findings.find((f) => f.fatal);
		if (fatal) {
			return {status: 'failed', failure: {code: `preflight.${fatal.id}`, message: fatal.message}};
		}
		// A re-run then starts from what doctor finds: the driver's job (driver.ts, resume.ts).
		return {status: 'done', summary: summarise(findings)};
	},
};
