// The troubleshooting rule table. Data only: explain.ts matches a failure (or a doctor check) against
// these rules in order, so the most specific rules come first and the last one matches anything.
//
// A rule matches when every field it names matches (within a field, any listed value will do):
//   code        the StepFailure code or doctor check id ("aws.AccessDeniedException", "codex.runtime-model-id");
//               an entry ending in "*" is a prefix ("preflight.*")
//   errorName   the AWS SDK error name (x-amzn-errortype / __type)
//   httpStatus  the HTTP status AWS answered with
//   message     a regular expression (case-insensitive) on the one-line message
//   oidcError   the OAuth error code from SSO OIDC (authorization_pending, access_denied, invalid_grant, ...)
//   nodeCode    Node's error code (ENOTFOUND, ECONNREFUSED, ETIMEDOUT, SELF_SIGNED_CERT_IN_CHAIN, ...)
//   steps       the steps it applies to (absent: all)
// `fix` lines are shown as they are, with {profile}, {region}, {model}, {ssoSession}, {codexProfile},
// {codex} (the command that starts Codex on Bedrock), {requestIdNote} (" and the AWS request id X", or
// nothing) and {action} (the IAM action an AccessDenied message names) filled in from the user's setup.
import type {StepId} from '../types.js';

export interface RuleMatch {
	code?: readonly string[];
	errorName?: readonly string[];
	httpStatus?: readonly number[];
	message?: string;
	oidcError?: readonly string[];
	nodeCode?: readonly string[];
}

export interface Rule {
	id: string;
	steps?: readonly StepId[];
	/** One match, or alternatives (any of them). */
	match: RuleMatch | readonly RuleMatch[];
	cause: string;
	fix: readonly string[];
	source: string;
	/** The step that repairs it, offered as "go to ..." after the failure. */
	fixStep?: StepId;
}

const DOCS = {
	apiErrors: 'https://docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html',
	modelAccess: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-access.html',
	mantle: 'https://docs.aws.amazon.com/bedrock/latest/userguide/bedrock-mantle.html',
	mantlePolicy: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonBedrockMantleInferenceAccess.html',
	regions: 'https://docs.aws.amazon.com/bedrock/latest/userguide/models-region-compatibility.html',
	quotas: 'https://docs.aws.amazon.com/bedrock/latest/userguide/quotas.html',
	sso: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sso.html',
	ssoRegion: 'https://docs.aws.amazon.com/singlesignon/latest/userguide/region-data.html',
	sigv4: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html',
	envVars: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html',
	scp: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html',
	privateLink: 'https://docs.aws.amazon.com/bedrock/latest/userguide/vpc-interface-endpoints.html',
	budgets: 'https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html',
	projects: 'https://docs.aws.amazon.com/bedrock/latest/userguide/projects.html',
	codexBedrock: 'https://developers.openai.com/codex/config-advanced#amazon-bedrock-provider',
	codexProfiles: 'https://developers.openai.com/codex/config-advanced#profiles',
	codexRoute: 'https://github.com/openai/codex/issues/37246',
	responsesApi: 'https://docs.aws.amazon.com/bedrock/latest/userguide/inference-responses-api.html',
	crossRegion: 'https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html',
	profileIam: 'https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html',
} as const;

export const RULES: readonly Rule[] = [
	// --- the model ID and the route --------------------------------------------------------------------
	{
		id: 'model.runtime-id-on-mantle',
		// Codex prints the status in the text ("unexpected status 404 Not Found: The model ...").
		match: [{httpStatus: [404], message: "The model '[^']*-\\d+:\\d+' does not exist"}, {message: "404 Not Found: The model '[^']*-\\d+:\\d+' does not exist"}],
		cause: 'A Bedrock Runtime model ID (with a "-1:0" version) was sent to Mantle, the endpoint Codex uses. Mantle names the same model without the suffix.',
		fix: ['Use the Mantle ID: drop the "-1:0" suffix (openai.gpt-oss-120b-1:0 becomes openai.gpt-oss-120b).', 'Re-run the wizard to rewrite the model in config.toml.'],
		source: DOCS.mantle,
		fixStep: 'model-access',
	},
	{
		id: 'model.codex-cannot-use',
		match: [{code: ['model.codex-cannot-use', 'codex.model-unusable']}, {message: "doesn't support the Responses API on bedrock-runtime"}],
		cause: 'Codex cannot use this model on its route: Codex sends every request to /openai/v1/responses, gpt-oss is served for the Responses API only on Mantle\'s /v1, and Mantle serves no cross-Region profile (us., eu., global.).',
		fix: ['Choose a GPT model the model step offers for {region} (it lists only what Codex can use on the route).', 'A profile ID (global.openai...) needs the Runtime route: model_provider = "amazon-bedrock-runtime".'],
		source: DOCS.responsesApi,
		fixStep: 'model-access',
	},
	{
		id: 'model.scope-refused',
		match: {code: ['model.scope-refused']},
		cause: 'Your team\'s preset limits where prompts may be processed (inference.scope), and this inference profile may send them further (a global. profile: any commercial AWS Region).',
		fix: ['Choose an in-region model or a geographic profile (us., eu., ...) the model step offers, or a region that has one.', 'If the limit is wrong, ask whoever maintains the preset.'],
		source: DOCS.crossRegion,
		fixStep: 'region',
	},
	{
		id: 'region.route',
		match: {code: ['region.route-empty', 'region.route-lacks-model']},
		cause: 'The route was fixed (--route, or your team\'s preset), and that route does not serve a model Codex can use here: Mantle exists in 12 regions only, and some models are on one route only.',
		fix: ['Drop --route to let the wizard pick the route the probe found, or choose another region.'],
		source: DOCS.responsesApi,
		fixStep: 'region',
	},
	{
		id: 'model.runtime-invalid',
		match: [{code: ['runtime.model-invalid']}, {httpStatus: [400], message: 'provided model identifier is invalid'}, {message: '400 Bad Request: .*provided model identifier is invalid'}],
		cause: 'Bedrock Runtime in {region} does not serve this model ID to the account: it is Mantle-only, not offered in-region here, or a profile this region does not offer.',
		fix: ['Re-run the wizard: the region step lists what Runtime and Mantle serve in {region}, and picks the route.', 'aws bedrock list-inference-profiles --region {region} --profile {profile}'],
		source: DOCS.responsesApi,
		fixStep: 'model-access',
	},
	{
		id: 'model.wrong-route',
		match: {message: "isn't supported on this route|does not support the '/v1/chat/completions' API"},
		cause: "The model is served on another Mantle route. Codex always calls /openai/v1/responses, which serves GPT-5.x; gpt-oss models are on /v1, so Codex cannot use them today.",
		fix: ['Choose a GPT-5.x model (for example openai.gpt-5.4) that {region} lists on /openai/v1.', 'aws bedrock list-foundation-models --by-provider OpenAI --region {region} --profile {profile}'],
		source: DOCS.codexRoute,
		fixStep: 'model-access',
	},
	{
		id: 'model.not-in-region',
		match: [{httpStatus: [404], message: "The model '[^']*' does not exist"}, {message: "404 Not Found: The model '[^']*' does not exist"}],
		cause: 'This model is not served by Mantle in {region} (or the ID has a typo or a us./global. prefix). A model can work in one region and fail in another.',
		fix: ['See what {region} serves: re-run the wizard, or call GET https://bedrock-mantle.{region}.api.aws/v1/models', 'Pick a model listed there, or a region that lists {model}.'],
		source: DOCS.regions,
		fixStep: 'region',
	},
	{
		id: 'model.region-unavailable',
		match: {code: ['model.region-unavailable', 'model.not-in-region', 'model.none-in-region', 'model.none-allowed', 'region.none-usable']},
		cause: 'The model, the endpoint (Bedrock Runtime or Mantle), a quota or a PrivateLink endpoint is not available or not validated in {region}: what works in one region can fail in another.',
		fix: ['Choose another region in the region step (it shows what each region lists for this account).', 'If your network uses PrivateLink, check that an endpoint for bedrock-mantle exists in {region}.'],
		source: DOCS.regions,
		fixStep: 'region',
	},

	// --- SSO sign-in ---------------------------------------------------------------------------------------
	// Before access and auth: the SDK names a denied sign-in AccessDeniedException and an expired device code
	// ExpiredTokenException, which the generic access.denied and auth.expired would otherwise take.
	{
		id: 'sso.denied',
		match: {oidcError: ['access_denied']},
		cause: 'The sign-in was denied in the browser (or your organisation blocks this client).',
		fix: ['Run the sign-in again and choose Allow.'],
		source: DOCS.sso,
		fixStep: 'sso-profile',
	},
	{
		id: 'sso.code-expired',
		match: {oidcError: ['expired_token', 'invalid_grant']},
		cause: 'The sign-in was not approved in time, or it was approved in another IAM Identity Center instance: a wrong SSO region gives exactly this.',
		fix: ['Check the SSO region: IAM Identity Center console > Settings > Identity source shows it (for example us-east-1).', 'Then sign in again and approve within the time shown.'],
		source: DOCS.ssoRegion,
		fixStep: 'sso-profile',
	},
	{
		id: 'sso.no-accounts',
		match: {code: ['sso.no-accounts', 'sso.no-roles']},
		cause: 'IAM Identity Center assigns you no account (or no role in that account).',
		fix: ['Ask your AWS administrator to assign you an account and a permission set with Bedrock access.'],
		source: DOCS.sso,
	},
	{
		id: 'sso.region-or-url',
		match: {code: ['oidc.invalid_request']},
		cause: 'IAM Identity Center refused the start URL in this SSO region: the SSO region is wrong (it is often not the region you use Bedrock in) or the start URL has a typo.',
		fix: ['Check both in the IAM Identity Center console > Settings (the AWS access portal URL and the region), then sign in again.'],
		source: DOCS.ssoRegion,
		fixStep: 'sso-profile',
	},
	{
		id: 'sso.redirect',
		match: {code: ['oidc.callback_port', 'oidc.state_mismatch']},
		cause: 'The browser sign-in could not come back to this computer (no free local port, or another sign-in answered).',
		fix: ['Sign in with a device code instead: codex-bedrock-setup --use-device-code'],
		source: DOCS.sso,
		fixStep: 'sso-profile',
	},

	// --- access ------------------------------------------------------------------------------------------
	{
		id: 'access.marketplace',
		match: {message: 'aws-marketplace:|Marketplace (subscription|agreement)|Marketplace actions'},
		cause: 'The role may not complete the AWS Marketplace subscription that third-party models need on first use (or the payment method is missing).',
		fix: [
			'Ask your AWS administrator to allow {action} in your permission set (first use of a model needs aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions; `codex-bedrock-setup team init` writes the policy).',
			'Then wait about 5 minutes and retry: aws bedrock get-foundation-model-availability --model-id {model} --region {region} --profile {profile}',
		],
		source: DOCS.modelAccess,
		fixStep: 'model-access',
	},
	{
		id: 'access.mantle-iam',
		match: {message: 'bedrock-mantle:'},
		cause: 'The role may call Bedrock but not Bedrock Mantle (bedrock-mantle:CreateInference), which Codex needs. bedrock:InvokeModel does not cover Mantle.',
		fix: ['Ask your AWS administrator to allow {action} in your permission set (the policy `codex-bedrock-setup team init` writes has it), or attach the managed policy AmazonBedrockMantleInferenceAccess (bedrock-mantle:CreateInference, Get*, List* on arn:aws:bedrock-mantle:{region}:*:project/*).', 'If the message says "no session policy" or "service control policy", the deny comes from there, not from the role.'],
		source: DOCS.mantlePolicy,
	},
	{
		id: 'access.scp',
		match: {message: 'service control policy|explicit deny in a (service control|resource control)'},
		cause: 'An organisation policy (SCP or RCP) denies this action or region for the whole account, whatever the role allows.',
		fix: ['Ask your cloud platform team which regions and Bedrock actions the SCP allows; choose an allowed region.'],
		source: DOCS.scp,
		fixStep: 'region',
	},
	{
		id: 'access.vpc-endpoint-policy',
		match: {message: 'VPC endpoint policy'},
		cause: 'A VPC endpoint (PrivateLink) policy on your network path denies the call.',
		fix: ['Ask your network team to allow the Bedrock actions for your role in the endpoint policy for {region}.'],
		source: DOCS.privateLink,
	},
	{
		id: 'access.runtime-iam',
		match: [{code: ['runtime.iam-denied']}, {message: 'not authorized to perform: bedrock:InvokeModel'}],
		cause: 'Your role may not invoke the model on Bedrock Runtime: Codex\'s amazon-bedrock-runtime provider needs bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on the foundation-model ARNs and, for a cross-Region profile, on the inference-profile ARN (and the model in every Region it routes to).',
		fix: [
			'Ask your AWS administrator to allow bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on arn:aws:bedrock:*::foundation-model/openai.* and arn:aws:bedrock:{region}:*:inference-profile/* in your permission set.',
			'An SCP that denies other Regions also blocks a profile that routes there: check it with your platform team.',
		],
		source: DOCS.profileIam,
	},
	{
		id: 'access.bedrock-iam',
		match: {message: 'not authorized to perform: bedrock:'},
		cause: 'Your permission set does not allow this Bedrock action.',
		fix: ['Ask your AWS administrator to allow {action} in your permission set (the policy `codex-bedrock-setup team init` writes has every action the wizard and Codex need).', 'Check who you are: aws sts get-caller-identity --profile {profile}'],
		source: DOCS.apiErrors,
	},
	{
		id: 'access.model',
		match: {message: "don't have access to the model|not authorized to use"},
		cause: 'The account or role has no access to this model: the Marketplace subscription is missing or failed, an SCP denies it, or this is the wrong account or region.',
		fix: ['aws bedrock get-foundation-model-availability --model-id {model} --region {region} --profile {profile}', 'If the agreement is missing, accept it in the model access step; if authorization is denied, ask your administrator (permission set, SCP).'],
		source: DOCS.modelAccess,
		fixStep: 'model-access',
	},
	{
		id: 'access.denied',
		// The SDK's SSO credential provider (fromIni) wraps the portal's denial: "ForbiddenException: No access".
		match: [{errorName: ['AccessDeniedException', 'AccessDenied', 'ForbiddenException']}, {errorName: ['CredentialsProviderError'], message: '^(ForbiddenException|AccessDeniedException): '}],
		cause: 'AWS denied the call: the permission set, an SCP, model or Marketplace access, or a VPC endpoint policy.',
		fix: ['Check who you are: aws sts get-caller-identity --profile {profile}', 'Send your administrator the message above{requestIdNote}.'],
		source: DOCS.apiErrors,
	},

	// --- credentials, tokens, signatures -------------------------------------------------------------------
	// Codex's own wording for Bedrock's 401 "Signature expired: ..." (observed, docs/codex-behaviour.md). Codex
	// says it means the credentials; auth.clock-skew below is for AWS's raw text from the wizard's own calls.
	{
		id: 'codex.signature-expired',
		match: {message: 'rejected the request because its AWS signature has expired'},
		cause: 'Codex says Bedrock refused its signature as expired: the AWS credentials Codex signs with have expired (or, if they are fresh, this computer\'s clock is more than 5 minutes off).',
		fix: ['aws sso login --profile {profile}', 'If AWS_BEARER_TOKEN_BEDROCK is what Codex uses, update or unset it; then restart Codex.', 'Still failing with fresh credentials: turn on network time (sudo timedatectl set-ntp true, or Settings > Date & Time).'],
		source: DOCS.sigv4,
		fixStep: 'sso-profile',
	},
	{
		id: 'auth.clock-skew',
		match: {message: 'Signature expired|signature not yet current|RequestTimeTooSkewed|clock skew'},
		cause: "This computer's clock is off by more than 5 minutes, so AWS refuses the signature.",
		fix: ['Turn on network time: sudo timedatectl set-ntp true (Linux), or Settings > Date & Time > Set automatically.', 'Then retry.'],
		source: DOCS.sigv4,
	},
	{
		id: 'auth.expired',
		match: [{errorName: ['ExpiredTokenException', 'ExpiredToken']}, {message: 'security token included in the request is expired|token has expired|Session token not found or invalid'}],
		cause: 'The session for {profile} has expired (SSO sessions last as long as your organisation allows; role credentials about an hour; short-term API keys up to 12 hours).',
		fix: ['npx codex-bedrock-setup login --profile {profile} (or, with the AWS CLI: aws sso login --profile {profile})', 'then restart Codex.'],
		source: DOCS.sso,
		fixStep: 'sso-profile',
	},
	{
		id: 'auth.sso-expired',
		steps: ['sso-profile', 'region', 'model-access', 'test-prompt'],
		match: [{code: ['sso.token-expired']}, {errorName: ['UnauthorizedException', 'CredentialsProviderError', 'TokenProviderError'], message: 'expired|refresh|login|Unauthorized|token'}],
		cause: 'The SSO sign-in for {profile} has expired or cannot be refreshed.',
		fix: ['npx codex-bedrock-setup login --profile {profile} (or, with the AWS CLI: aws sso login --profile {profile})', 'or re-run the wizard and sign in again.'],
		source: DOCS.sso,
		fixStep: 'sso-profile',
	},
	{
		id: 'auth.invalid-token',
		match: [{errorName: ['UnrecognizedClientException', 'InvalidClientTokenId']}, {message: 'security token included in the request is invalid|invalid bearer|API key is invalid|bearer token is invalid'}],
		cause: 'AWS does not recognise these credentials: a key from another account or region (a short-term API key works only in its own region), or stale AWS_ACCESS_KEY_ID / AWS_SESSION_TOKEN / AWS_BEARER_TOKEN_BEDROCK variables, which Codex uses when its config names no aws.profile.',
		fix: ['unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_BEARER_TOKEN_BEDROCK', 'aws sts get-caller-identity --profile {profile}'],
		source: DOCS.envVars,
		fixStep: 'sso-profile',
	},

	// --- network -------------------------------------------------------------------------------------------
	// What Codex prints when it cannot reach Bedrock at all (observed: a closed proxy port, a TLS-inspecting
	// proxy whose CA it was not given, the CA only in AWS_CA_BUNDLE). It honours HTTPS_PROXY, https_proxy and
	// ALL_PROXY, and a custom CA only from CODEX_CA_CERTIFICATE or SSL_CERT_FILE.
	{
		id: 'codex.connection-failed',
		match: {message: 'Connection failed: error sending request|error sending request for url'},
		cause: 'Codex could not reach bedrock-mantle.{region}.api.aws: no network, a proxy Codex is not told about, or a TLS-inspecting proxy whose certificate authority Codex does not trust. Codex uses HTTPS_PROXY (or https_proxy, ALL_PROXY) and trusts a custom CA only from CODEX_CA_CERTIFICATE or SSL_CERT_FILE; it ignores AWS_CA_BUNDLE.',
		fix: ['Behind a proxy: export HTTPS_PROXY=http://proxy.example.com:8080', "Behind a TLS-inspecting proxy: export CODEX_CA_CERTIFICATE=/path/to/corporate-ca.pem (your organisation's CA, PEM)", 'Then restart Codex.'],
		source: DOCS.codexBedrock,
	},
	{
		id: 'network.mantle-dns',
		match: {nodeCode: ['ENOTFOUND', 'EAI_AGAIN'], message: 'bedrock-mantle'},
		cause: 'bedrock-mantle.{region}.api.aws does not resolve: Mantle does not exist in {region} (or DNS is blocked here).',
		fix: ['Choose one of the Mantle regions: us-east-1, us-east-2, us-west-2, eu-central-1, eu-west-1, eu-west-2, eu-south-1, eu-north-1, ap-northeast-1, ap-south-1, ap-southeast-3, sa-east-1.'],
		source: DOCS.mantle,
		fixStep: 'region',
	},
	{
		id: 'network.tls-ca',
		match: {nodeCode: ['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID']},
		cause: "A proxy or firewall on this network re-signs HTTPS traffic with its own certificate authority, which Node does not trust.",
		fix: ["Get your organisation's CA certificate (PEM) and point the tools at it:", 'export AWS_CA_BUNDLE=/path/to/corporate-ca.pem', 'export CODEX_CA_CERTIFICATE=/path/to/corporate-ca.pem   # Codex does not read AWS_CA_BUNDLE'],
		source: DOCS.envVars,
	},
	{
		id: 'network.not-aws',
		match: {code: ['network.bad-response']},
		cause: 'The answer did not come from AWS: a proxy, firewall, VPN or captive portal (hotel or airport Wi-Fi) answered the request, or cut it short.',
		fix: ['Open https://signin.aws.amazon.com in a browser: a block page or a network login page there means the network is in the way.', 'Sign in to the network (captive portal), or ask your network team to allow *.amazonaws.com and *.api.aws; set HTTPS_PROXY if a proxy is required; then retry.'],
		source: DOCS.envVars,
	},
	{
		id: 'network.dns',
		match: {nodeCode: ['ENOTFOUND', 'EAI_AGAIN']},
		cause: 'A host name does not resolve: no network, a VPN or DNS problem, or a proxy that must be set.',
		fix: ['Check the connection; behind a proxy: export HTTPS_PROXY=http://proxy.example.com:8080 (and NO_PROXY for internal hosts).'],
		source: DOCS.envVars,
	},
	{
		id: 'network.refused',
		match: {nodeCode: ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']},
		cause: 'The connection was refused or cut: the proxy in HTTPS_PROXY is not running, a firewall blocks AWS, or an AWS_ENDPOINT_URL variable points somewhere wrong.',
		fix: ['env | grep -i -E "proxy|AWS_ENDPOINT_URL"   # check what this shell sets'],
		source: DOCS.envVars,
	},
	{
		id: 'network.timeout',
		match: [{nodeCode: ['ETIMEDOUT']}, {code: ['node.TimeoutError', 'node.ETIMEDOUT', 'mantle.timeout', 'region.timeout', 'network.no-answer']}, {errorName: ['TimeoutError', 'RequestTimeout']}],
		cause: 'AWS did not answer in time: a slow or filtered network, a proxy that must be set, or a region that is far away.',
		fix: ['Retry; behind a proxy: export HTTPS_PROXY=http://proxy.example.com:8080'],
		source: DOCS.envVars,
	},

	// --- quotas --------------------------------------------------------------------------------------------
	{
		id: 'quota.throttled',
		match: [{errorName: ['ThrottlingException', 'TooManyRequestsException', 'ServiceQuotaExceededException']}, {httpStatus: [429]}, {message: 'last status: 429 Too Many Requests'}],
		cause: 'Bedrock throttled the account: a per-minute or per-day token or request quota (new accounts start low).',
		fix: ['Wait a minute and retry.', 'Check and raise quotas: aws service-quotas list-service-quotas --service-code bedrock --region {region} --profile {profile}'],
		source: DOCS.quotas,
	},

	// --- Codex --------------------------------------------------------------------------------------------
	{
		id: 'codex.old',
		match: {code: ['codex.too-old', 'codex.missing']},
		cause: 'Codex is missing or older than 0.128.0, so it has no built-in amazon-bedrock provider (profile files need 0.134.0): Codex ignores Bedrock.',
		fix: ['npm install -g @openai/codex@latest', 'codex --version'],
		source: DOCS.codexBedrock,
	},
	{
		id: 'codex.no-region',
		match: {message: 'bearer token auth requires `model_providers\\.amazon-bedrock\\.aws\\.region`|AWS SDK config did not resolve a region'},
		cause: 'Codex found no region for Bedrock: model_providers.amazon-bedrock.aws.region is not set, nor AWS_REGION / AWS_DEFAULT_REGION (nor, for a profile, its region).',
		fix: ['Re-run the wizard: it writes region = "{region}" under [model_providers.amazon-bedrock.aws].', 'or: export AWS_REGION={region}'],
		source: DOCS.codexBedrock,
		fixStep: 'codex-config',
	},
	{
		id: 'codex.credential-export',
		match: {message: 'AWS credential export'},
		cause: 'The aws.credential_export command in Codex\'s config failed, or printed credentials Codex refuses (expired, not JSON, no Expiration in RFC 3339).',
		fix: ['Run the command yourself: it must print {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken": ..., "Expiration": "<RFC 3339, in the future>"}.', 'Or remove aws.credential_export from ~/.codex/config.toml and re-run the wizard (it sets aws.profile = "{profile}").'],
		source: DOCS.codexBedrock,
		fixStep: 'codex-config',
	},
	{
		id: 'codex.stored-credentials',
		match: [{code: ['codex.stored-credentials']}, {message: 'Codex-managed (Amazon )?Bedrock'}],
		cause: 'Codex signs with Bedrock credentials it stored itself in auth.json (its own "Set up Amazon Bedrock" sign-in): with no aws.profile in the config they come first, before AWS_BEARER_TOKEN_BEDROCK and the AWS_* variables, and a stored API key brings its own region.',
		fix: ['Re-run the wizard: it writes aws.profile = "{profile}", which Codex uses before them.', 'To remove them: codex logout   # note: it also deletes the Bedrock settings from config.toml, so re-run the wizard after it'],
		source: DOCS.codexBedrock,
		fixStep: 'codex-config',
	},
	{
		id: 'codex.credential-shadowed',
		match: {code: ['codex.credential-shadowed']},
		cause: 'These credentials are set, but Codex does not use them: the credential its config names comes first (Codex 0.169: aws.credential_export, aws.profile, its own auth.json, AWS_BEARER_TOKEN_BEDROCK, AWS_* keys, the SDK chain). Other AWS tools in this shell may still use them, and Codex would if the config stopped naming a profile.',
		fix: ['Nothing is needed for Codex.', 'To stop other tools (or a future config) from using them, remove them as the check says.'],
		source: DOCS.codexBedrock,
	},
	{
		id: 'codex.credentials',
		match: {message: 'failed to load AWS credentials|credential provider was not enabled'},
		cause: 'SSO works in the terminal but Codex finds no credentials: its config names a profile that is missing from ~/.aws/config, or that profile\'s sign-in has expired. Codex does not fall back to AWS_BEARER_TOKEN_BEDROCK or AWS_* variables when the configured profile fails.',
		fix: ['npx codex-bedrock-setup login --profile {profile} (or aws sso login --profile {profile})', 'Check model_providers.amazon-bedrock.aws in ~/.codex/config.toml names profile "{profile}" and region "{region}" (re-run the wizard to fix it).'],
		source: DOCS.codexBedrock,
		fixStep: 'codex-config',
	},
	{
		id: 'codex.wrong-provider',
		match: {code: ['codex.provider-not-bedrock', 'codex.model-missing']},
		cause: 'Codex ignores Bedrock: model_provider is not "amazon-bedrock" in the config Codex reads (or Codex is started without the Bedrock profile).',
		fix: ['Re-run the wizard to set model_provider = "amazon-bedrock", then start Codex with: {codex}'],
		source: DOCS.codexBedrock,
		fixStep: 'codex-config',
	},
	{
		id: 'codex.profile-mismatch',
		match: {code: ['codex.aws-profile-missing', 'codex.aws-profile-unset', 'env.aws-profile', 'aws-config.profile-broken']},
		cause: 'SSO works in the terminal but not in Codex: Codex uses a different AWS profile (or none) than the one you signed in with, or that session has expired.',
		fix: ['Point Codex at the profile you use: re-run the wizard (it writes model_providers.amazon-bedrock.aws.profile = "{profile}").', 'npx codex-bedrock-setup login --profile {profile}'],
		source: DOCS.codexBedrock,
		fixStep: 'codex-config',
	},
	{
		id: 'codex.runtime-id',
		match: {code: ['codex.runtime-model-id']},
		cause: 'config.toml names a Bedrock Runtime ID; Codex calls Mantle, where that ID does not exist.',
		fix: ['Re-run the wizard: it writes the Mantle ID ({model}).'],
		source: DOCS.mantle,
		fixStep: 'codex-config',
	},
	{
		id: 'codex.region-refused',
		match: [{code: ['codex.region-refused', 'codex.region-unset']}, {message: 'Bedrock (Mantle )?does not support region'}],
		cause: 'Codex accepts only the regions where Bedrock Mantle exists.',
		fix: ['Choose a Mantle region in the region step; the wizard writes it to config.toml.'],
		source: DOCS.mantle,
		fixStep: 'region',
	},
	{
		id: 'codex.legacy-profile',
		match: {code: ['codex.legacy-profile-selector', 'codex.legacy-profile-table']},
		cause: 'config.toml uses the legacy profile format, which Codex 0.134 and later refuse.',
		fix: ['Re-run the wizard: it moves the settings to {codexProfile}.config.toml and comments out the legacy lines (nothing is deleted).'],
		source: DOCS.codexProfiles,
		fixStep: 'codex-config',
	},
	{
		id: 'codex.keys-misplaced',
		match: {code: ['codex.keys-misplaced']},
		cause: 'Bedrock settings sit in a table Codex does not read, so Codex never sees the profile or region.',
		fix: ['Re-run the wizard: it writes them under [model_providers.amazon-bedrock.aws] and comments out the misplaced lines.'],
		source: DOCS.codexBedrock,
		fixStep: 'codex-config',
	},
	{
		id: 'codex.config-invalid',
		match: {code: ['codex.config-invalid', 'codex.doctor-rejected', 'codex.edit-unsafe']},
		cause: 'Codex cannot load its config file.',
		fix: ['codex doctor   # shows the error', 'Fix the line shown, or let the wizard set the file aside (it is renamed, not deleted).'],
		source: DOCS.codexBedrock,
		fixStep: 'codex-config',
	},
	{
		id: 'env.bearer-token',
		match: {code: ['env.bearer-token']},
		cause: 'Codex signs with AWS_BEARER_TOKEN_BEDROCK because its config names no aws.profile (a configured profile would come first): the SSO setup is bypassed, and the key expires on its own schedule.',
		fix: ['Re-run the wizard: it writes aws.profile = "{profile}", which Codex uses before the variable.', 'or: unset AWS_BEARER_TOKEN_BEDROCK   # and remove it from ~/.bashrc, ~/.zshrc or your shell profile'],
		source: DOCS.codexBedrock,
	},
	{
		id: 'env.access-keys',
		match: {code: ['env.access-keys']},
		cause: 'Codex signs with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY because its config names no aws.profile, so it may run as someone else or with expired keys.',
		fix: ['Re-run the wizard: it writes aws.profile = "{profile}", which Codex uses before the variables.', 'or: unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN'],
		source: DOCS.envVars,
	},
	{
		id: 'env.openai-key',
		match: {code: ['env.openai-key']},
		cause: 'OPENAI_API_KEY is set; the amazon-bedrock provider does not use it, and it may send other tools to OpenAI instead of Bedrock.',
		fix: ['unset OPENAI_API_KEY   # if it was set only for Codex'],
		source: DOCS.codexBedrock,
	},

	// --- cost ----------------------------------------------------------------------------------------------
	{
		id: 'cost.no-owner',
		match: {code: ['readiness.cost-owner']},
		cause: 'Costs can rise with no owner: no AWS budget with alerts, no cost allocation tags, no Bedrock project per team.',
		fix: ['aws budgets create-budget ... (or the Billing console > Budgets) with an alert to the team owner', 'Tag usage or use a Bedrock project per team so costs have an owner.'],
		source: DOCS.budgets,
	},

	// --- this machine and the wizard itself -----------------------------------------------------------------
	{
		id: 'local.not-set-up',
		match: {code: ['aws-config.missing', 'codex.config-missing']},
		cause: 'This part is not set up on this machine yet.',
		fix: ['Run the wizard: npx codex-bedrock-setup'],
		source: 'docs/troubleshooting.md',
	},
	{
		id: 'local.machine',
		match: {code: ['preflight.*']},
		cause: 'Something on this machine stops the wizard from working safely (the message says what).',
		fix: ['Fix what the message names, then retry.'],
		source: 'docs/troubleshooting.md',
	},
	{
		id: 'local.profile-unusable',
		match: {code: ['login.no-profile', 'login.not-sso', 'login.profile-needs-setup', 'aws-profile.unusable']},
		cause: 'That AWS profile cannot be used as it is (the message says why): it does not exist, is not an SSO profile, or its credentials cannot resolve.',
		fix: ['Pass --profile NAME with a profile that works, or run the wizard to create or repair one: npx codex-bedrock-setup --profile {profile}'],
		source: DOCS.sso,
		fixStep: 'sso-profile',
	},
	{
		id: 'local.aws-config-invalid',
		match: {code: ['aws-config.parse']},
		cause: 'The AWS config file does not parse, so the AWS CLI and SDKs refuse it too; the wizard will not edit it.',
		fix: ['Fix the line shown in the message (or run: aws configure list-profiles to see the same error), then retry.'],
		source: DOCS.sso,
	},
	{
		id: 'local.disk-full',
		match: {code: ['file.no-space']},
		cause: 'The disk (or your quota) is full, so the file named in the message could not be written; it is unchanged (the wizard writes a whole new copy and swaps it in, or nothing).',
		fix: ['Free some space on that disk (df -h shows which is full), then retry.', 'This is a local problem: your AWS administrator cannot fix it.'],
		source: 'docs/troubleshooting.md',
	},
	{
		id: 'local.file-permission',
		match: {code: ['file.read-only', 'file.permission', 'file.hard-link', 'file.not-regular', 'file.write-failed']},
		cause: 'A file or directory on this machine cannot be written as it is (the message names it and why: read-only, permissions, a hard link); nothing in it changed.',
		fix: ['Fix what the message names (chmod u+w on a file you made read-only, the directory\'s owner or mode, a symlink instead of a hard link), then retry.', 'This is a local problem: your AWS administrator cannot fix it.'],
		source: 'docs/troubleshooting.md',
	},
	{
		id: 'local.file-changed',
		match: {code: ['file.changed']},
		cause: 'Someone else (an editor, another run, the AWS CLI) changed the file while the wizard was waiting; their edit is kept and the wizard wrote nothing over it.',
		fix: ['Retry: the wizard reads the file again and shows its change against the new content.'],
		source: 'docs/troubleshooting.md',
	},
	{
		id: 'local.declined',
		match: {code: ['user.declined-write', 'bedrock.agreement-declined']},
		cause: 'You chose not to go ahead, so nothing was changed.',
		fix: ['Retry to see the change again, or skip this step.'],
		source: 'docs/troubleshooting.md',
	},
	{
		id: 'local.earlier-step',
		match: {code: ['wizard.missing-answer', 'region.no-profile', 'model.no-region']},
		cause: 'An earlier step was skipped, so this one lacks what it needs.',
		fix: ['Go back to the step named below and finish it.'],
		source: 'docs/troubleshooting.md',
	},

	// --- the honest fallback -------------------------------------------------------------------------------
	{
		id: 'unknown',
		match: {},
		cause: 'This error is not in the troubleshooting table.',
		fix: ['Retry once; if it persists, send the message above{requestIdNote} to your AWS administrator.'],
		source: DOCS.apiErrors,
	},
];
