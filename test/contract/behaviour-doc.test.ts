// docs/codex-behaviour.md is observations.ts rendered: every line of it is an expectation the contract suite
// (codex.contract.test.ts) asserts against the real Codex. Regenerate with
// `npx vitest run test/contract/behaviour-doc.test.ts -u` after changing an observation.
import {expect, it} from 'vitest';
import {CRED_TEXT, CODEX_VERSION, FAILURES, HELPER_MODELS, MEASURED, NETWORK, PRECEDENCE, REQUESTS} from './observations.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function behaviourMarkdown(): string {
	const lines: string[] = [
		`# What Codex ${CODEX_VERSION} does on Amazon Bedrock (observed)`,
		'',
		`Generated from \`test/contract/observations.ts\`; every statement below is asserted by \`test/contract/codex.contract.test.ts\`,`,
		`which runs the real \`codex exec\` (npm \`@openai/codex\` ${CODEX_VERSION}, the version this project pins) through a TLS-intercepting`,
		'proxy against the simulated AWS and records each request it makes. Do not edit by hand: change the observation and run',
		'`npx vitest run test/contract/behaviour-doc.test.ts -u`. A Codex upgrade that behaves differently fails the contract suite.',
		'',
		'## Requests per config shape',
		'',
		'Requests are shown as `METHOD host/path auth model status`; `sigv4 SERVICE REGION` is the SigV4 credential scope.',
		'',
	];
	for (const c of REQUESTS) {
		lines.push(`- **${c.title}** (${c.shape}):`);
		for (const r of c.requests) lines.push(`  - \`${r}\``);
	}
	lines.push(
		'',
		`Helper or background models in one \`codex exec\` turn: ${HELPER_MODELS.length ? HELPER_MODELS.join(', ') : 'none (every Bedrock request names the configured model)'}.`,
		'',
		'## Which credential Codex signs with',
		'',
		'The first present source wins, and a broken winner does not fall back to the next one:',
		'',
		'1. `aws.credential_export` in config.toml (cannot be combined with `aws.profile`: Codex refuses that config)',
		'2. `aws.profile` in config.toml',
		'3. Bedrock credentials Codex stored in `$CODEX_HOME/auth.json` (API key or access keys; `codex logout` removes them)',
		'4. `AWS_BEARER_TOKEN_BEDROCK`',
		'5. `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY`',
		'6. the AWS SDK default chain (`AWS_PROFILE`, `[default]`, SSO, ...)',
		'',
		'| Present | Codex signed with |',
		'| --- | --- |',
	);
	for (const c of PRECEDENCE) lines.push(`| ${c.present.map((p) => CRED_TEXT[p]).join(' + ')} | ${CRED_TEXT[c.winner]} |`);
	lines.push(
		'',
		'auth.json is `{"auth_mode": "bedrockApiKey", "bedrock_api_key": {"api_key": "...", "region": "..."}}` or',
		'`{"auth_mode": "bedrockAccessKeys", "bedrock_access_keys": {"access_key_id": "...", "secret_access_key": "...", "session_token": "..."}}`',
		'(`codex login status` refuses snake_case modes such as `"bedrock_api_key"`). An OpenAI key or ChatGPT sign-in in auth.json is not used by',
		'the amazon-bedrock provider, and one Codex cannot parse does not stop it when `aws.profile` is set.',
		'',
		'`codex logout` deletes auth.json (Bedrock credentials included, offline) and also rewrites config.toml without',
		'`model_provider`, `model` and `[model_providers.amazon-bedrock]` (other keys and comments stay; `NAME.config.toml` profile',
		'files are not touched). After it, the next source in the order signs.',
		'',
		'## What Codex prints when it fails',
		'',
		'"first error" is the first error event of `codex exec --json` (for a retried failure, the reason inside',
		'`Reconnecting... 1/5 (...)`); "final" is the last `ERROR:` line of a plain `codex exec` run to the end.',
		'',
		'| Failure | Codex prints | Retried | Bedrock requests | Rule |',
		'| --- | --- | --- | --- | --- |',
	);
	for (const c of FAILURES) {
		const attempts = c.mode === 'full' ? `${c.attempts} (whole run)` : `${c.attempts} before the first error`;
		lines.push(`| ${cell(c.title)} | ${c.mode === 'full' ? 'final' : 'first error'}: \`${cell(c.message)}\` | ${c.retried ? 'yes, 5 times' : 'no'} | ${attempts} | \`${c.rule}\` |`);
	}
	lines.push(
		'',
		`Time before Codex gives up (measured ${MEASURED.date}, not asserted): HTTP errors: ${MEASURED.httpErrorSeconds}; credential errors:`,
		`${MEASURED.credentialErrorSeconds}; connection errors: ${MEASURED.connectionErrorSeconds}. The built-in amazon-bedrock provider`,
		'accepts no `request_max_retries` / `stream_max_retries` (it "only supports changing `base_url`, `auth`, `http_headers`, `aws.profile`,',
		'`aws.region`, `aws.credential_export`, and `aws.auth_refresh`"), so the retries cannot be turned down.',
		'',
		'## Proxy and CA variables',
		'',
		'| Variable | Kind | Codex |',
		'| --- | --- | --- |',
	);
	for (const c of NETWORK.filter((n) => !n.variable.includes(' '))) lines.push(`| \`${c.variable}\` | ${c.kind} | ${c.honoured ? 'honoured' : 'ignored'} |`);
	lines.push(
		'',
		'`HTTP_PROXY` and `NO_PROXY` are observed with Codex in a network namespace that has only loopback (where `unshare -rn` is',
		'allowed; elsewhere those two are skipped): with only `HTTP_PROXY` set, Codex connects directly and, with no direct route, fails',
		'with `Connection failed: error sending request`, the same words as for a proxy that is down or a CA it does not trust',
		'(rule `codex.connection-failed`).',
		'',
	);
	return lines.join('\n');
}

it('docs/codex-behaviour.md says what the contract suite checks', async () => {
	await expect(behaviourMarkdown()).toMatchFileSnapshot('../../docs/codex-behaviour.md');
});
