// Every troubleshooting rule, fed the failure a user would really see: the step run through the driver
// with the real SDK clients against the simulated AWS (result.state.failure.diagnosis), or, where no step
// reaches it, the real producer (the Mantle request path, Codex's own `codex exec`, the config inspectors,
// a TLS server the SDK does not trust). No hand-made error objects, except the two doctor checks marked
// below. A new rule cannot land without a case here (the meta-test).
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import https from 'node:https';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {simulatedBrowser} from '../../source/core/browser.js';
import {inspectCodexConfig, environmentFindings, type ConfigFinding} from '../../source/core/codex/config.js';
import {parseToml} from '../../source/core/codex/toml-edit.js';
import {prefixedEndpoints, realEndpoints, resolvePaths, type Context, type Flags} from '../../source/core/context.js';
import {runWizard} from '../../source/core/driver.js';
import {runDoctor} from '../../source/core/doctor.js';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {modelAccess} from '../../source/core/steps/model-access.js';
import {preflight} from '../../source/core/steps/preflight.js';
import {region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {testPrompt} from '../../source/core/steps/test-prompt.js';
import {explain, type Diagnosis} from '../../source/core/troubleshoot/explain.js';
import {RULES} from '../../source/core/troubleshoot/rules.js';
import type {Answers, Question, Step, StepFailure, StepId} from '../../source/core/types.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import type {Fault, Scenario} from '../../source/fake-aws/types.js';
import {CODEX, SYSTEM_PATH} from '../helpers/codex.js';
import {readCodexAuth} from '../../source/core/codex/credentials.js';
import {runCodexExec} from '../../source/core/codex/exec.js';
import {contractWorld, normalize, TEST_CA} from '../contract/harness.js';
import {FAILURES} from '../contract/observations.js';
import {fakeClock, testContext} from '../helpers/context.js';
import {recordingRenderer, type ScriptedAnswer} from '../helpers/recording-renderer.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';
import {mountSmallDisk} from '../helpers/tmpfs.js';

const PROFILE = 'codex-bedrock';
const GPT = {region: 'us-east-1', model: 'openai.gpt-5.4'} satisfies Answers;
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** What a case hands back: the failure as produced, the diagnosis the user sees, and the answers then. */
interface Produced {
	failure: StepFailure;
	diagnosis: Diagnosis;
	answers: Answers;
}

// --- producers --------------------------------------------------------------------------------------------

/** The happy scenario with faults added (the simulated AWS answers them on the named operations). */
function withFaults(...faults: Fault[]): Scenario {
	const scenario = getScenario('happy');
	scenario.faults.push(...faults);
	return scenario;
}

/** Run steps through the driver in a wizard world; the failure carries the driver's diagnosis. */
async function failedRun(scenario: string | Scenario, steps: Step[], flags: Flags, options: {answers?: Answers; interactive?: boolean; script?: ScriptedAnswer[]; home?: string; before?: (home: string) => void} = {}): Promise<Produced> {
	const world = await wizardWorld(scenario, options.home ? {home: options.home} : {});
	options.before?.(world.home);
	const {result} = await world.run(steps, flags, {...(options.answers ? {answers: options.answers} : {}), ...(options.interactive ? {interactive: true, script: options.script ?? []} : {})});
	expect(result.exitCode).toBe(1);
	const failure = result.state.failure!;
	expect(failure.diagnosis).toBeDefined();
	return {failure, diagnosis: failure.diagnosis!, answers: result.state.answers};
}

/** The SSO step, then the test prompt (the direct request; `codex exec` only where asked). */
function testPromptRun(scenario: string | Scenario, answers: Answers = GPT, flags: Flags = {}) {
	return failedRun(scenario, [ssoProfile, testPrompt], {...SSO_FLAGS, profile: PROFILE, 'skip-codex-exec': true, ...flags}, {answers});
}

/** The SSO step, then the model-access step in the answers' region. */
function modelAccessRun(scenario: string | Scenario, flags: Flags, answers: Answers = {region: 'us-east-1'}) {
	return failedRun(scenario, [ssoProfile, modelAccess], {...SSO_FLAGS, profile: PROFILE, ...flags}, {answers});
}

function ssoRun(scenario: string | Scenario, flags: Flags = {}, options: {home?: string; interactive?: boolean; script?: ScriptedAnswer[]; before?: (home: string) => void} = {}) {
	return failedRun(scenario, [ssoProfile], {...SSO_FLAGS, profile: PROFILE, ...flags}, options);
}

/**
 * Steps run with a hand-built Context: real endpoints (AWS_ENDPOINT_URL_* from the environment, as for a
 * user), a given browser. For what the simulated AWS cannot be: a host that does not resolve, a closed
 * port, a TLS server the SDK does not trust.
 */
async function runWithEnv(steps: Step[], flags: Flags, env: Record<string, string>, options: {answers?: Answers; browser?: Context['browser']} = {}): Promise<Produced> {
	const world = await wizardWorld('happy');
	// The world's HOME and AWS_ENDPOINT_URL_* are stubbed; these override some of them.
	for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
	const ctxEnv = {...process.env};
	const ctx: Context = {env: ctxEnv, paths: resolvePaths(ctxEnv), clock: world.clock, flags, endpoints: realEndpoints(ctxEnv), browser: options.browser ?? simulatedBrowser(), signal: new AbortController().signal, version: 'test'};
	const run = await runWizard({steps, ctx, renderer: recordingRenderer(), interactive: false, ...(options.answers ? {answers: options.answers} : {})});
	expect(run.exitCode).toBe(1);
	const failure = run.state.failure!;
	return {failure, diagnosis: failure.diagnosis!, answers: run.state.answers};
}

/** The test prompt with Mantle at another address (a user's AWS_ENDPOINT_URL_BEDROCK_MANTLE, or DNS). */
async function testPromptAt(mantleUrl: string, answers: Answers): Promise<Produced> {
	const world = await wizardWorld('happy');
	await world.run([ssoProfile], {...SSO_FLAGS, profile: PROFILE}, {answers});
	const env = {...process.env, AWS_ENDPOINT_URL_BEDROCK_MANTLE: mantleUrl};
	const ctx: Context = {env, paths: resolvePaths(env), clock: world.clock, flags: {'skip-codex-exec': true}, endpoints: realEndpoints(env), browser: simulatedBrowser(), signal: new AbortController().signal, version: 'test'};
	const run = await runWizard({steps: [testPrompt], ctx, renderer: recordingRenderer(), interactive: false, answers: {profile: PROFILE, ...answers}});
	expect(run.exitCode).toBe(1);
	const failure = run.state.failure!;
	return {failure, diagnosis: failure.diagnosis!, answers: run.state.answers};
}

/** A config finding (from the real inspector) as the failure the doctor and the codex-config step report. */
function fromFinding(findings: ConfigFinding[], id: string, answers: Answers, step: StepId = 'codex-config'): Produced {
	const finding = findings.find((f) => f.id === id);
	expect(finding, `finding ${id} in ${JSON.stringify(findings.map((f) => f.id))}`).toBeDefined();
	const failure: StepFailure = {code: finding!.id, message: finding!.message};
	return {failure, diagnosis: explain(failure, step, answers), answers};
}

async function fixture(name: string) {
	return parseToml(readFileSync(path.join(FIXTURES, 'codex-config', name), 'utf8'));
}

/** A doctor check's failure and diagnosis, from the real doctor on a throwaway home. */
async function viaDoctor(checkId: string, env: Record<string, string>): Promise<Produced> {
	const ctx = testContext({env});
	const report = await runDoctor(ctx, {offline: true});
	const check = report.checks.find((c) => c.id === checkId);
	if (!check?.failure || !check.diagnosis) throw new Error(`doctor gave no failure for ${checkId}: ${JSON.stringify(check)}`);
	return {failure: check.failure, diagnosis: check.diagnosis, answers: report.setup};
}

const TARGET_ANSWERS: Answers = {profile: PROFILE, region: 'us-east-1', model: 'openai.gpt-5.5'};

/** Findings for a fixture file as config.toml (default shape), with ~/.aws/config holding `awsProfiles`. */
async function findingsFor(name: string, options: {awsProfiles?: string[]; env?: Record<string, string>; shape?: 'default' | 'profile'} = {}) {
	return inspectCodexConfig({base: await fixture(name), shape: options.shape ?? 'default', ...(options.shape === 'profile' ? {codexProfile: 'bedrock'} : {}), awsProfiles: options.awsProfiles ?? [PROFILE, 'dev'], env: options.env ?? {}});
}

/**
 * The SSO step, then the test prompt through the real Codex (`codex exec`, node_modules/.bin) with a
 * config.toml that says `config`: the direct request succeeds, Codex fails as it would for the user.
 */
async function throughRealCodex(config: string, answers: Answers): Promise<Produced> {
	const world = await wizardWorld('happy');
	mkdirSync(path.join(world.home, '.codex'), {recursive: true});
	writeFileSync(path.join(world.home, '.codex', 'config.toml'), config);
	vi.stubEnv('PATH', `${path.dirname(CODEX)}:${SYSTEM_PATH}`);
	const {result} = await world.run([ssoProfile, testPrompt], {...SSO_FLAGS, profile: PROFILE, 'skip-codex-exec': false}, {answers});
	expect(result.exitCode).toBe(1);
	const failure = result.state.failure!;
	expect(failure.code).toBe('codex.exec-failed');
	return {failure, diagnosis: failure.diagnosis!, answers: result.state.answers};
}

/**
 * A failure the contract suite observed (test/contract/observations.ts), produced again by the real Codex
 * through the TLS proxy against the simulated AWS, read by the wizard's own `codex exec` runner (exec.ts)
 * and reported as the test prompt step reports it.
 */
async function observedCodexFailure(caseId: string): Promise<Produced> {
	const c = FAILURES.find((f) => f.id === caseId)!;
	const w = await contractWorld(typeof c.scenario === 'function' ? c.scenario() : (c.scenario ?? 'happy'));
	const options = c.setup(w);
	const env: Record<string, string> = {PATH: `${path.dirname(CODEX)}:${SYSTEM_PATH}`, HOME: w.home, CODEX_HOME: w.codexHome, ...(options.proxy === false ? {} : {HTTPS_PROXY: w.proxy.url}), ...(options.ca === 'none' ? {} : {[options.ca ?? 'CODEX_CA_CERTIFICATE']: TEST_CA}), ...options.env};
	const ctx = testContext({home: w.home, env});
	const result = await runCodexExec(ctx, {signal: new AbortController().signal, env, ...(options.profile ? {codexProfile: options.profile} : {}), timeoutMs: 45_000});
	expect(result.ok).toBe(false);
	const failure: StepFailure = {code: 'codex.exec-failed', message: `codex exec failed: ${result.error}`};
	// The same words the contract suite asserts (request ids vary).
	expect(normalize(result.error ?? '')).toBe(c.message);
	return {failure, diagnosis: explain(failure, 'test-prompt', TARGET_ANSWERS), answers: TARGET_ANSWERS};
}

const bedrockToml = (profile: string, regionName: string, model: string) =>
	`model_provider = "amazon-bedrock"\nmodel = "${model}"\n\n[model_providers.amazon-bedrock.aws]\nprofile = "${profile}"\nregion = "${regionName}"\n`;

/** Answers every question with its default, except those named (by question id). */
function answering(overrides: Record<string, string | boolean>): ScriptedAnswer[] {
	// After the failure, quit: the failure stays as the user saw it.
	overrides = {'after-failure': 'quit', ...overrides};
	const answer = (question: Question): string | boolean | Error => {
		const override = overrides[question.id];
		if (override !== undefined) return override;
		if (question.kind === 'confirm') return question.default;
		return question.default ?? new Error(`no default for ${question.id}`);
	};
	return Array.from({length: 12}, () => answer);
}

// A TLS server whose certificate only the test CA vouches for (test/fixtures/tls): a proxy or firewall
// that re-signs HTTPS, as far as the SDK can tell.
let tlsServer: https.Server;
let tlsUrl = '';
beforeAll(async () => {
	const tls = path.join(FIXTURES, 'tls');
	tlsServer = https.createServer({key: readFileSync(path.join(tls, 'server.key')), cert: readFileSync(path.join(tls, 'server.pem'))}, (_req, res) => res.writeHead(200).end('{}'));
	await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
	tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
	tlsServer.closeAllConnections();
	await new Promise((resolve) => tlsServer.close(resolve));
});

// --- checks -----------------------------------------------------------------------------------------------

/** The user's own values are filled in: no <profile>/<region>/<model> placeholder is left. */
function expectFilledIn({diagnosis, answers}: Produced, expected: {profile?: boolean; region?: boolean; model?: boolean} = {}) {
	const text = [diagnosis.cause, ...diagnosis.fix].join('\n');
	for (const key of ['profile', 'region', 'model'] as const) {
		if (answers[key]) expect(text).not.toContain(`<${key}>`);
		if (expected[key]) expect(text).toContain(answers[key]!);
	}
}

// --- the case table: rule id -> how the failure is produced for real -------------------------------------

type Case = () => Promise<Produced>;

const CASES: Record<string, Case> = {
	// A Runtime ID sent to Mantle, as an old config would: Mantle's own 404.
	'model.runtime-id-on-mantle': async () => {
		const produced = await testPromptRun('happy', {region: 'us-east-1', model: 'openai.gpt-oss-120b-1:0'});
		expect(produced.failure).toMatchObject({httpStatus: 404, message: "The model 'openai.gpt-oss-120b-1:0' does not exist"});
		expect(produced.diagnosis.fixStep).toBe('model-access');
		return produced;
	},
	// gpt-oss on Codex's route (/openai/v1): Mantle serves it on /v1 only.
	// gpt-oss asked for on Runtime (mapped from its control-plane ID): the model step refuses it for Codex.
	'model.codex-cannot-use': async () => {
		const produced = await failedRun('happy', [ssoProfile, region, modelAccess], {...SSO_FLAGS, profile: PROFILE, region: 'us-east-1', route: 'runtime', model: 'openai.gpt-oss-120b-1:0'});
		expect(produced.failure).toMatchObject({code: 'model.codex-cannot-use', fixStep: 'region'});
		expect(produced.diagnosis.fixStep).toBe('model-access');
		return produced;
	},
	// A preset that allows geographic profiles at most, and --model global.openai...
	'model.scope-refused': async () => {
		const world = await wizardWorld('happy');
		const ctx = {...world.context({...SSO_FLAGS, profile: PROFILE, region: 'us-east-1', model: 'global.openai.gpt-6-sol'}), locks: {scope: 'geo' as const}};
		const result = await runWizard({steps: [ssoProfile, region, modelAccess], ctx, renderer: recordingRenderer(), interactive: false});
		const failure = result.state.failure!;
		expect(failure.code).toBe('model.scope-refused');
		return {failure, diagnosis: failure.diagnosis!, answers: result.state.answers};
	},
	// --route mantle in ca-central-1, which has no Mantle endpoint.
	'region.route': async () => {
		const produced = await failedRun('happy', [ssoProfile, region], {...SSO_FLAGS, profile: PROFILE, 'probe-regions': 'ca-central-1', region: 'ca-central-1', route: 'mantle'});
		expect(produced.failure.code).toBe('region.route-empty');
		return produced;
	},
	// A Mantle-only model (GPT-5.5) sent to Bedrock Runtime: the 400 Runtime gives for a model it does not serve.
	'model.runtime-invalid': async () => {
		const produced = await testPromptRun('happy', {region: 'us-east-1', model: 'openai.gpt-5.5', route: 'runtime'});
		expect(produced.failure).toMatchObject({code: 'runtime.model-invalid', httpStatus: 400, message: 'The provided model identifier is invalid.'});
		expectFilledIn(produced, {region: true});
		return produced;
	},
	// The role may invoke the model but not the global profile: Runtime's 403 names the action and the profile ARN.
	'access.runtime-iam': async () => {
		const produced = await testPromptRun('runtime-profile-denied', {region: 'ca-central-1', model: 'global.openai.gpt-6.1-sol', route: 'runtime'});
		expect(produced.failure).toMatchObject({code: 'runtime.iam-denied', httpStatus: 403, message: expect.stringContaining('bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:ca-central-1:111122223333:inference-profile/global.openai.gpt-6.1-sol')});
		expect(produced.failure.hint).toContain('bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream');
		return produced;
	},
	'model.wrong-route': async () => {
		const produced = await testPromptRun('happy', {region: 'us-east-1', model: 'openai.gpt-oss-120b'});
		expect(produced.failure.code).toBe('mantle.model-not-on-route');
		expect(produced.diagnosis.fixStep).toBe('model-access');
		expectFilledIn(produced, {profile: true, region: true});
		return produced;
	},
	// GPT-5.4 in eu-west-1, where Mantle does not serve it.
	'model.not-in-region': async () => {
		const produced = await testPromptRun('happy', {region: 'eu-west-1', model: 'openai.gpt-5.4'});
		expect(produced.failure).toMatchObject({code: 'mantle.model-not-found', httpStatus: 404});
		expect(produced.diagnosis.fixStep).toBe('region');
		expectFilledIn(produced, {region: true, model: true});
		return produced;
	},
	// The model-access step: GPT-5.4 is not on Mantle in eu-central-1 (and the region step with no Mantle region).
	'model.region-unavailable': async () => {
		const none = await failedRun('ca-no-openai', [ssoProfile, region], {...SSO_FLAGS, profile: PROFILE, 'probe-regions': 'ca-central-1'});
		expect(none.failure.code).toBe('region.none-usable');
		expect(none.diagnosis.ruleId).toBe('model.region-unavailable');
		const produced = await modelAccessRun('happy', {model: 'openai.gpt-5.4'}, {region: 'eu-central-1', route: 'runtime'});
		expect(produced.failure.code).toBe('model.not-in-region');
		expect(produced.diagnosis.fixStep).toBe('region');
		expectFilledIn(produced, {region: true});
		return produced;
	},

	// The role may not complete the Marketplace subscription: on Mantle, and in the model-access step.
	'access.marketplace': async () => {
		const step = await modelAccessRun('marketplace-denied', {model: 'openai.gpt-5.4'});
		expect(step.failure.code).toBe('model.agreement-error');
		expect(step.diagnosis.ruleId).toBe('access.marketplace');
		const produced = await testPromptRun('marketplace-denied');
		expect(produced.failure).toMatchObject({code: 'mantle.model-access-denied', httpStatus: 403});
		expectFilledIn(produced, {profile: true, region: true, model: true});
		return produced;
	},
	'access.mantle-iam': async () => {
		const produced = await testPromptRun('mantle-iam-denied');
		expect(produced.failure).toMatchObject({code: 'mantle.iam-denied', errorName: 'AccessDeniedException'});
		expectFilledIn(produced, {region: true});
		return produced;
	},
	// An SCP denies ListFoundationModels. IAM's wording for an SCP deny ("with an explicit deny in a service
	// control policy"), in the shape of the denials quoted in shared/reference/bedrock.md §6 item 4.
	'access.scp': async () => {
		const produced = await modelAccessRun(
			withFaults({
				operation: 'ListFoundationModels',
				status: 403,
				errorType: 'AccessDeniedException',
				message: 'User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev is not authorized to perform: bedrock:ListFoundationModels with an explicit deny in a service control policy',
			}),
			{model: 'openai.gpt-5.4'},
		);
		expect(produced.failure).toMatchObject({code: 'bedrock.access-denied', httpStatus: 403});
		expect(produced.diagnosis.fixStep).toBe('region');
		return produced;
	},
	// A VPC endpoint policy denies it (IAM's wording, same shape as bedrock.md §6 item 4).
	'access.vpc-endpoint-policy': async () => {
		const produced = await modelAccessRun(
			withFaults({
				operation: 'ListFoundationModels',
				status: 403,
				errorType: 'AccessDeniedException',
				message: 'User: arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev is not authorized to perform: bedrock:ListFoundationModels because no VPC endpoint policy allows the bedrock:ListFoundationModels action',
			}),
			{model: 'openai.gpt-5.4'},
		);
		expect(produced.failure.code).toBe('bedrock.access-denied');
		expectFilledIn(produced, {region: true});
		return produced;
	},
	'access.bedrock-iam': async () => {
		const produced = await modelAccessRun('bedrock-iam-denied', {model: 'openai.gpt-5.4'});
		expect(produced.failure).toMatchObject({code: 'bedrock.access-denied', message: expect.stringContaining('not authorized to perform: bedrock:ListFoundationModels')});
		expectFilledIn(produced, {profile: true});
		return produced;
	},
	// No access to the model: Mantle's 403 (bedrock.md §6 item 2), and GetFoundationModelAvailability's NOT_AUTHORIZED.
	'access.model': async () => {
		const step = await modelAccessRun('no-model-access', {model: 'openai.gpt-5.4'});
		expect(step.failure.code).toBe('model.not-authorized');
		expect(step.diagnosis.ruleId).toBe('access.model');
		const produced = await testPromptRun('no-model-access');
		expect(produced.failure).toMatchObject({code: 'mantle.model-access-denied', message: "You don't have access to the model with the specified model ID."});
		expect(produced.diagnosis.fixStep).toBe('model-access');
		expectFilledIn(produced, {profile: true, region: true, model: true});
		return produced;
	},
	// Any other denial: the SSO portal refuses role credentials (ForbiddenException "No access", its answer
	// for a role that is not assigned to the user). A generic AccessDeniedException is the Mantle case below.
	'access.denied': async () => {
		const produced = await ssoRun(withFaults({operation: 'GetRoleCredentials', status: 403, errorType: 'ForbiddenException', message: 'No access'}));
		// The SDK's own SSO credential provider (fromIni, confirming the identity) wraps the portal's answer.
		expect(produced.failure).toMatchObject({code: 'aws.CredentialsProviderError', message: 'ForbiddenException: No access'});
		// The SSO step failed before it answered the profile: the driver takes it from --profile.
		expect(produced.answers.profile).toBeUndefined();
		expect(produced.diagnosis.fix[0]).toBe('Check who you are: aws sts get-caller-identity --profile codex-bedrock');
		return produced;
	},

	// The computer's clock is 12 minutes behind: Mantle refuses the signature (bedrock.md §6 item 6).
	'auth.clock-skew': async () => {
		const produced = await testPromptRun('clock-skew');
		expect(produced.failure).toMatchObject({code: 'mantle.clock-skew', message: expect.stringMatching(/^Signature expired:/)});
		return produced;
	},
	// Role credentials that come back expired: STS in the SSO step, and Mantle in the test prompt.
	'auth.expired': async () => {
		const sts = await ssoRun('expired-token');
		expect(sts.failure).toMatchObject({code: 'aws.ExpiredToken', httpStatus: 403});
		expect(sts.diagnosis.ruleId).toBe('auth.expired');
		const produced = await testPromptRun('mantle-expired-token');
		expect(produced.failure).toMatchObject({code: 'mantle.expired-token', httpStatus: 401});
		expect(produced.diagnosis.fixStep).toBe('sso-profile');
		expect(produced.diagnosis.fix[0]).toBe(`npx codex-bedrock-setup login --profile ${PROFILE} (or, with the AWS CLI: aws sso login --profile ${PROFILE})`);
		expectFilledIn(produced, {profile: true});
		return produced;
	},
	// The SSO sign-in in the token cache has expired and cannot be refreshed: the SDK's own SSO provider
	// (fromIni, in the region step) refuses to load credentials.
	'auth.sso-expired': async () => {
		const scenario = getScenario('happy');
		scenario.sso.refresh = 'invalid_grant';
		const world = await wizardWorld(scenario);
		const first = await world.run([ssoProfile], {...SSO_FLAGS, profile: PROFILE});
		expect(first.result.exitCode).toBe(0);
		const cacheDir = path.join(world.home, '.aws', 'sso', 'cache');
		for (const file of readdirSync(cacheDir)) {
			const token = JSON.parse(readFileSync(path.join(cacheDir, file), 'utf8')) as Record<string, unknown>;
			if (token['accessToken']) writeFileSync(path.join(cacheDir, file), JSON.stringify({...token, expiresAt: '2020-01-01T00:00:00Z'}));
		}
		const {result} = await world.run([region], {region: 'us-east-1'}, {answers: {profile: PROFILE}});
		expect(result.exitCode).toBe(1);
		const failure = result.state.failure!;
		const produced = {failure, diagnosis: failure.diagnosis!, answers: result.state.answers};
		expect(failure).toMatchObject({code: 'aws.CredentialsProviderError', message: expect.stringMatching(/^Token is expired\. To refresh this SSO session run 'aws sso login'/)});
		expect(produced.diagnosis.fixStep).toBe('sso-profile');
		expectFilledIn(produced, {profile: true});
		return produced;
	},
	// Mantle does not recognise the credentials (codex#37246's 401, bedrock.md §6 item 5).
	'auth.invalid-token': async () => {
		const produced = await testPromptRun('mantle-invalid-token');
		expect(produced.failure).toMatchObject({code: 'mantle.invalid-token', httpStatus: 401, errorName: 'UnrecognizedClientException'});
		expect(produced.diagnosis.fixStep).toBe('sso-profile');
		expectFilledIn(produced, {profile: true});
		return produced;
	},

	'sso.denied': async () => {
		const produced = await ssoRun('device-denied');
		expect(produced.failure).toMatchObject({code: 'oidc.access_denied', oidcError: 'access_denied'});
		return produced;
	},
	'sso.code-expired': async () => {
		const produced = await ssoRun('device-expired', {'use-device-code': true});
		expect(produced.failure).toMatchObject({code: 'oidc.expired_token', oidcError: 'expired_token'});
		return produced;
	},
	'sso.no-accounts': async () => {
		const produced = await ssoRun('no-accounts');
		expect(produced.failure.code).toBe('sso.no-accounts');
		return produced;
	},
	// The start URL in the wrong SSO region: Identity Center in eu-west-1 refuses it.
	'sso.region-or-url': async () => {
		const produced = await ssoRun('happy', {'sso-region': 'eu-west-1', 'use-device-code': true});
		expect(produced.failure).toMatchObject({code: 'oidc.invalid_request', errorName: 'InvalidRequestException'});
		return produced;
	},
	// Another sign-in answers the redirect: the browser comes back with a state this login did not send.
	'sso.redirect': async () => {
		const browser = simulatedBrowser();
		const other: Context['browser'] = {
			open: (url) => {
				const tampered = new URL(url);
				if (tampered.searchParams.has('state')) tampered.searchParams.set('state', 'another-sign-in');
				return browser.open(tampered.toString());
			},
		};
		const world = await wizardWorld('happy');
		vi.stubEnv('DISPLAY', ':0'); // a desktop: the PKCE flow with the browser
		const env = {...process.env};
		const ctx: Context = {env, paths: resolvePaths(env), clock: world.clock, flags: {...SSO_FLAGS, profile: PROFILE}, endpoints: prefixedEndpoints(world.fake.url), browser: other, signal: new AbortController().signal, version: 'test'};
		const run = await runWizard({steps: [ssoProfile], ctx, renderer: recordingRenderer(), interactive: false});
		const failure = run.state.failure!;
		expect(failure.code).toBe('oidc.state_mismatch');
		return {failure, diagnosis: failure.diagnosis!, answers: run.state.answers};
	},

	// bedrock-mantle.<region>.api.aws does not resolve (us-west-1 has no Mantle): a real DNS lookup of .invalid.
	'network.mantle-dns': async () => {
		const produced = await testPromptAt('http://bedrock-mantle.invalid', {region: 'us-west-1', model: 'openai.gpt-5.4'});
		expect(produced.failure).toMatchObject({code: 'mantle.dns', nodeCode: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/)});
		expect(produced.diagnosis.fixStep).toBe('region');
		expectFilledIn(produced, {region: true});
		return produced;
	},
	// The SDK reaches a TLS server signed by a CA it was not given (no AWS_CA_BUNDLE).
	'network.tls-ca': async () => {
		const produced = await runWithEnv([ssoProfile], {...SSO_FLAGS, profile: PROFILE}, {AWS_ENDPOINT_URL_SSO_OIDC: tlsUrl, AWS_CA_BUNDLE: ''});
		expect(produced.failure.code).toBe('node.UNABLE_TO_VERIFY_LEAF_SIGNATURE');
		return produced;
	},
	// Another AWS host does not resolve (here IAM Identity Center's OIDC endpoint).
	// A firewall's HTML block page, status 200, where the portal's JSON goes.
	'network.not-aws': async () => {
		const produced = await ssoRun(withFaults({operation: 'ListAccounts', status: 200, errorType: '', message: '', raw: {contentType: 'text/html', body: '<html><body>Blocked</body></html>'}}));
		expect(produced.failure).toMatchObject({code: 'network.bad-response', httpStatus: 200});
		return produced;
	},
	'network.dns': async () => {
		const produced = await runWithEnv([ssoProfile], {...SSO_FLAGS, profile: PROFILE}, {AWS_ENDPOINT_URL_SSO_OIDC: 'http://oidc.invalid'});
		expect(produced.failure.nodeCode).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
		return produced;
	},
	// Nothing listens where AWS_ENDPOINT_URL_BEDROCK_MANTLE points.
	'network.refused': async () => {
		const produced = await testPromptAt('http://127.0.0.1:1', GPT);
		expect(produced.failure).toMatchObject({code: 'node.ECONNREFUSED', nodeCode: 'ECONNREFUSED'});
		return produced;
	},
	// Mantle accepts the request and never answers (a hanging fault); --test-prompt-timeout bounds the wait.
	'network.timeout': async () => {
		const produced = await testPromptRun('mantle-timeout', GPT, {'test-prompt-timeout': '0.1'});
		expect(produced.failure).toMatchObject({code: 'mantle.timeout', nodeCode: 'ETIMEDOUT'});
		return produced;
	},

	'quota.throttled': async () => {
		const produced = await testPromptRun('throttled');
		expect(produced.failure).toMatchObject({code: 'mantle.throttled', httpStatus: 429, errorName: 'ThrottlingException'});
		expectFilledIn(produced, {profile: true, region: true});
		return produced;
	},

	// doctor on a machine without Codex on PATH (and, for the version, with a stand-in that is too old).
	'codex.old': async () => {
		const missing = await viaDoctor('codex.installed', {PATH: `${SYSTEM_PATH}`});
		expect(missing.failure.code).toBe('codex.missing');
		const bin = mkdtempSync(path.join(tmpdir(), 'cbs-bin-'));
		writeFileSync(path.join(bin, 'codex'), '#!/bin/sh\necho "codex-cli 0.120.0"\n', {mode: 0o755});
		const old = await viaDoctor('codex.installed', {PATH: `${bin}:${SYSTEM_PATH}`});
		expect(old.failure).toMatchObject({code: 'codex.too-old', message: 'codex-cli 0.120.0 is older than 0.128.0.'});
		expect(old.diagnosis.ruleId).toBe('codex.old');
		return missing;
	},
	// The real Codex, told to use a profile that is not in ~/.aws/config: its credential chain fails (and
	// AWS_BEARER_TOKEN_BEDROCK, also set, is not used instead). The test prompt's direct request now signs
	// with the same profile and fails first, so Codex's own words come from the contract harness.
	'codex.credentials': async () => {
		const produced = await observedCodexFailure('profile-missing');
		expect(produced.failure.message).toContain('failed to load AWS credentials');
		expect(produced.diagnosis.fixStep).toBe('codex-config');
		expectFilledIn(produced, {profile: true, region: true});
		return produced;
	},
	// model_provider is not amazon-bedrock (a plain OpenAI config), and amazon-bedrock with no model.
	'codex.wrong-provider': async () => {
		const missing = fromFinding(await findingsFor('mcp-servers.toml'), 'codex.provider-not-bedrock', TARGET_ANSWERS);
		expect(missing.diagnosis.fixStep).toBe('codex-config');
		const noModel = inspectCodexConfig({base: {model_provider: 'amazon-bedrock', model_providers: {'amazon-bedrock': {aws: {profile: PROFILE, region: 'us-east-1'}}}}, shape: 'default', awsProfiles: [PROFILE], env: {}});
		expect(fromFinding(noModel, 'codex.model-missing', TARGET_ANSWERS).diagnosis.ruleId).toBe('codex.wrong-provider');
		// With a Codex profile, the fix names the command that starts Codex on Bedrock.
		const answers = {...TARGET_ANSWERS, codexProfile: 'bedrock'};
		const produced = {...missing, answers, diagnosis: explain(missing.failure, 'codex-config', answers)};
		expect(produced.diagnosis.fix[0]).toContain('codex --profile bedrock');
		return produced;
	},
	// runtime-id.toml names profile "dev"; ~/.aws/config does not have it. And AWS_PROFILE disagrees.
	'codex.profile-mismatch': async () => {
		const produced = fromFinding(await findingsFor('runtime-id.toml', {awsProfiles: [PROFILE]}), 'codex.aws-profile-missing', TARGET_ANSWERS);
		const env = fromFinding(await findingsFor('runtime-id.toml', {env: {AWS_PROFILE: 'work'}}), 'env.aws-profile', TARGET_ANSWERS);
		expect(env.diagnosis.ruleId).toBe('codex.profile-mismatch');
		expect(produced.diagnosis.fixStep).toBe('codex-config');
		expectFilledIn(produced, {profile: true});
		return produced;
	},
	'codex.runtime-id': async () => {
		const produced = fromFinding(await findingsFor('runtime-id.toml'), 'codex.runtime-model-id', TARGET_ANSWERS);
		expectFilledIn(produced, {model: true});
		return produced;
	},
	// The real Codex refuses a region without Mantle; the config inspector says the same before it runs.
	'codex.region-refused': async () => {
		const inspected = inspectCodexConfig({base: await parseToml(bedrockToml(PROFILE, 'ca-central-1', 'openai.gpt-5.4')), shape: 'default', awsProfiles: [PROFILE], env: {}});
		expect(fromFinding(inspected, 'codex.region-refused', TARGET_ANSWERS).diagnosis.ruleId).toBe('codex.region-refused');
		const produced = await throughRealCodex(bedrockToml(PROFILE, 'ca-central-1', 'openai.gpt-5.4'), GPT);
		expect(produced.failure.message).toContain('does not support region `ca-central-1`');
		expect(produced.diagnosis.fixStep).toBe('region');
		return produced;
	},
	'codex.legacy-profile': async () => {
		const findings = await findingsFor('legacy-profiles.toml', {shape: 'profile'});
		expect(fromFinding(findings, 'codex.legacy-profile-table', TARGET_ANSWERS).diagnosis.ruleId).toBe('codex.legacy-profile');
		const answers = {...TARGET_ANSWERS, codexProfile: 'bedrock'};
		const produced = fromFinding(findings, 'codex.legacy-profile-selector', answers);
		expect(produced.diagnosis.fix.join('\n')).toContain('bedrock.config.toml');
		return produced;
	},
	'codex.keys-misplaced': async () => fromFinding(await findingsFor('misplaced.toml'), 'codex.keys-misplaced', TARGET_ANSWERS),
	// The codex-config step on a config.toml that does not parse (setting it aside is declined: the default).
	'codex.config-invalid': async () => {
		const produced = await failedRun('happy', [codexConfig], {}, {
			answers: TARGET_ANSWERS,
			interactive: true,
			script: answering({'set-aside-broken-config': false}),
			before: (home) => {
				mkdirSync(path.join(home, '.codex'), {recursive: true});
				writeFileSync(path.join(home, '.codex', 'config.toml'), readFileSync(path.join(FIXTURES, 'codex-config', 'broken.toml'), 'utf8'));
				vi.stubEnv('PATH', `${SYSTEM_PATH}`);
			},
		});
		expect(produced.failure.code).toBe('codex.config-invalid');
		return produced;
	},
	// Without aws.profile in the config, the variable is what Codex signs with (observed order, test/contract).
	'env.bearer-token': async () => fromFinding(environmentFindings({AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-x'}, undefined), 'env.bearer-token', TARGET_ANSWERS),
	'env.access-keys': async () => fromFinding(environmentFindings({AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x'}, undefined), 'env.access-keys', TARGET_ANSWERS),
	// auth.json as Codex writes it for its own Bedrock sign-in, read by the wizard's reader; no aws.profile.
	'codex.stored-credentials': async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-codex-home-'));
		writeFileSync(path.join(home, 'auth.json'), JSON.stringify({auth_mode: 'bedrockApiKey', bedrock_api_key: {api_key: 'bedrock-api-key-x', region: 'us-east-1'}}));
		const produced = fromFinding(environmentFindings({AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-y'}, undefined, await readCodexAuth(home)), 'codex.stored-credentials', TARGET_ANSWERS);
		expect(produced.failure.message).toContain('the Bedrock API key Codex stored in auth.json (region us-east-1)');
		expect(produced.diagnosis.fix[1]).toContain('codex logout');
		expect(produced.diagnosis.fix[1]).toContain('also deletes the Bedrock settings from config.toml');
		return produced;
	},
	// aws.profile is set (as the wizard writes it): the variable is present but Codex ignores it.
	'codex.credential-shadowed': async () => {
		const produced = fromFinding(environmentFindings({AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-x'}, PROFILE), 'codex.credential-shadowed', TARGET_ANSWERS);
		expect(produced.failure.message).toContain('Codex does not use it');
		return produced;
	},
	// Codex's own failures, as the contract suite observed them and the wizard's codex exec runner reads them.
	'codex.signature-expired': async () => {
		const produced = await observedCodexFailure('signature-expired');
		expect(produced.diagnosis.fixStep).toBe('sso-profile');
		return produced;
	},
	'codex.connection-failed': async () => {
		const produced = await observedCodexFailure('untrusted-ca');
		expect(produced.diagnosis.fix.join('\n')).toContain('CODEX_CA_CERTIFICATE');
		expect(produced.diagnosis.fix.join('\n')).toContain('HTTPS_PROXY');
		return produced;
	},
	'codex.no-region': async () => {
		const keys = await observedCodexFailure('no-region');
		expect(keys.diagnosis.ruleId).toBe('codex.no-region');
		return observedCodexFailure('bearer-no-region');
	},
	'codex.credential-export': async () => observedCodexFailure('credential-export-expired'),
	'env.openai-key': async () => fromFinding(environmentFindings({OPENAI_API_KEY: 'sk-x'}, PROFILE), 'env.openai-key', TARGET_ANSWERS),

	// doctor lists what no tool can check for the user: the cost owner.
	'cost.no-owner': async () => viaDoctor('readiness.cost-owner', {PATH: `${SYSTEM_PATH}`}),
	// doctor on a machine where nothing is set up yet.
	'local.not-set-up': async () => {
		const produced = await viaDoctor('codex.config', {PATH: `${SYSTEM_PATH}`});
		expect(produced.failure.code).toBe('codex.config-missing');
		return produced;
	},

	// Preflight: AWS_CONFIG_FILE points at a directory.
	'local.machine': async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cbs-dir-'));
		const produced = await failedRun('happy', [preflight], {}, {before: () => vi.stubEnv('AWS_CONFIG_FILE', dir)});
		expect(produced.failure.code).toBe('preflight.aws-config');
		return produced;
	},
	// `login` for a profile that does not exist, and the SSO step on a role chain whose source is gone.
	'local.profile-unusable': async () => {
		const {loginStep} = await import('../../source/core/commands/login.js');
		const login = await failedRun('happy', [loginStep], {profile: 'nope'});
		expect(login.failure.code).toBe('login.no-profile');
		expect(login.diagnosis.ruleId).toBe('local.profile-unusable');
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-rules-'));
		mkdirSync(path.join(home, '.aws'));
		writeFileSync(path.join(home, '.aws', 'config'), '[profile chain]\nrole_arn = arn:aws:iam::111122223333:role/BedrockDeveloper\nsource_profile = gone\n');
		const produced = await failedRun('happy', [ssoProfile], {profile: 'chain'}, {home});
		expect(produced.failure.code).toBe('aws-profile.unusable');
		return produced;
	},
	// The SSO step on a malformed ~/.aws/config.
	'local.aws-config-invalid': async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-rules-'));
		mkdirSync(path.join(home, '.aws'));
		writeFileSync(path.join(home, '.aws', 'config'), readFileSync(path.join(FIXTURES, 'aws-config', 'broken.ini'), 'utf8'));
		const produced = await ssoRun('happy', {}, {home});
		expect(produced.failure.code).toBe('aws-config.parse');
		return produced;
	},
	// The user answers no to writing ~/.aws/config (and no to a Marketplace agreement).
	// The disk full while the SSO step writes ~/.aws/config (HOME on a small real tmpfs; needs root).
	'local.disk-full': async () => {
		const disk = mountSmallDisk(256);
		try {
			const home = path.join(disk.dir, 'home');
			mkdirSync(path.join(home, '.aws'), {recursive: true});
			writeFileSync(path.join(home, '.aws', 'config'), `[default]\nregion = eu-west-1\n${'# padding\n'.repeat(600)}`);
			const produced = await failedRun('happy', [ssoProfile], {...SSO_FLAGS, profile: PROFILE}, {home, before: () => disk.leave(0)});
			expect(produced.failure.code).toBe('file.no-space');
			return produced;
		} finally {
			disk.unmount();
		}
	},
	// ~/.aws/config made read-only (0444) by its owner: refused, also when the wizard runs as root.
	'local.file-permission': async () => {
		const produced = await ssoRun('happy', {}, {before: (home) => {
			mkdirSync(path.join(home, '.aws'), {recursive: true});
			writeFileSync(path.join(home, '.aws', 'config'), '[default]\nregion = eu-west-1\n', {mode: 0o444});
		}});
		expect(produced.failure).toMatchObject({code: 'file.read-only', message: expect.stringContaining('~/.aws/config is read-only (mode 0444)')});
		return produced;
	},
	// ~/.aws/config edited by someone else while the wizard waits for the sign-in (the browser step).
	'local.file-changed': async () => {
		const w = await wizardWorld('happy');
		const config = path.join(w.home, '.aws', 'config');
		mkdirSync(path.dirname(config), {recursive: true});
		writeFileSync(config, '[default]\nregion = eu-west-1\n');
		const ctx = w.context({...SSO_FLAGS, profile: PROFILE});
		// No browser here: the device code flow polls; the file is edited while it waits.
		const clock = ctx.clock;
		ctx.clock = {...clock, sleep: async (ms, signal) => (writeFileSync(config, '[default]\nregion = eu-west-1\n# edited during the sign-in\n'), clock.sleep(ms, signal))};
		const result = await runWizard({steps: [ssoProfile], ctx, renderer: recordingRenderer([]), interactive: false});
		expect(result.exitCode).toBe(1);
		expect(readFileSync(config, 'utf8')).toBe('[default]\nregion = eu-west-1\n# edited during the sign-in\n');
		const failure = result.state.failure!;
		expect(failure).toMatchObject({code: 'file.changed', message: expect.stringContaining('changed while the wizard was running; nothing was written: someone else')});
		return {failure, diagnosis: failure.diagnosis!, answers: result.state.answers};
	},
	'local.declined': async () => {
		const agreement = await failedRun('agreement-needed', [ssoProfile, modelAccess], {...SSO_FLAGS, profile: PROFILE, model: 'openai.gpt-5.4'}, {answers: {region: 'us-east-1'}, interactive: true, script: answering({'accept-agreement': false})});
		expect(agreement.failure.code).toBe('bedrock.agreement-declined');
		expect(agreement.diagnosis.ruleId).toBe('local.declined');
		const produced = await ssoRun('happy', {}, {interactive: true, script: answering({'write-aws-config': false})});
		expect(produced.failure.code).toBe('user.declined-write');
		return produced;
	},
	// Steps run without what an earlier step answers.
	'local.earlier-step': async () => {
		const regionFirst = await failedRun('happy', [region], {});
		expect(regionFirst.failure.code).toBe('region.no-profile');
		expect(regionFirst.diagnosis.ruleId).toBe('local.earlier-step');
		const produced = await failedRun('happy', [codexConfig], {}, {answers: {profile: PROFILE}});
		expect(produced.failure.code).toBe('wizard.missing-answer');
		return produced;
	},

	// An error no rule knows: Mantle answers 500 InternalServerException (a declared Bedrock error, bedrock.md §1).
	unknown: async () => {
		const produced = await testPromptRun(withFaults({operation: 'MantleResponses', status: 500, errorType: 'InternalServerException', message: 'The server encountered an internal error while processing the request.'}));
		expect(produced.failure).toMatchObject({httpStatus: 500, errorName: 'InternalServerException'});
		expect(produced.diagnosis.fix.join('\n')).toContain(produced.failure.requestId!);
		return produced;
	},
};

describe('the rule table', () => {
	it('has a real-failure case for every rule, and no case for a rule that is gone', () => {
		const ids = RULES.map((rule) => rule.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.filter((id) => !(id in CASES))).toEqual([]);
		expect(Object.keys(CASES).filter((id) => !ids.includes(id))).toEqual([]);
	});

	it('ends with the catch-all "unknown", which matches anything', () => {
		const last = RULES.at(-1)!;
		expect(last.id).toBe('unknown');
		expect(last.match).toEqual({});
		expect(last.steps).toBeUndefined();
	});
});

describe('each rule matches the failure it is for, produced for real', () => {
	it.each(Object.keys(CASES))('%s', async (id) => {
		const produced = await CASES[id]!();
		expect(produced.diagnosis.ruleId).toBe(id);
		// Every diagnosis: the user's values filled in, no unknown {placeholder} left.
		expectFilledIn(produced);
		expect([produced.diagnosis.cause, ...produced.diagnosis.fix].join('\n')).not.toMatch(/\{\w+\}/);
	}, 30_000);
});
