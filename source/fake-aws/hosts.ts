// The real AWS host names the simulated AWS answers for, when a request reaches it with its real Host
// header (through the TLS-intercepting proxy, tls-proxy.ts) instead of an endpoint override with a
// /region/<r> prefix. The host decides the service and the region, as on real AWS.

/** The services the fake serves, by the first label(s) of their real host names. */
export type AwsService = 'oidc' | 'portal.sso' | 'sts' | 'bedrock' | 'bedrock-mantle' | 'bedrock-runtime' | 'budgets' | 'cloudtrail' | 'sso-admin';

export interface AwsHost {
	service: AwsService;
	/** Absent for a global endpoint (sts.amazonaws.com): the SigV4 scope then names the region. */
	region?: string;
}

const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const PATTERNS: Array<[RegExp, AwsService]> = [
	[new RegExp(`^bedrock-mantle\\.(${REGION})\\.api\\.aws$`), 'bedrock-mantle'],
	[new RegExp(`^bedrock\\.(${REGION})\\.amazonaws\\.com$`), 'bedrock'],
	[new RegExp(`^bedrock-runtime\\.(${REGION})\\.amazonaws\\.com$`), 'bedrock-runtime'],
	[new RegExp(`^portal\\.sso\\.(${REGION})\\.amazonaws\\.com$`), 'portal.sso'],
	[new RegExp(`^oidc\\.(${REGION})\\.amazonaws\\.com$`), 'oidc'],
	[new RegExp(`^sts\\.(${REGION})\\.amazonaws\\.com$`), 'sts'],
	[/^sts\.amazonaws\.com$/, 'sts'],
	[/^budgets\.amazonaws\.com$/, 'budgets'],
	[new RegExp(`^cloudtrail\\.(${REGION})\\.amazonaws\\.com$`), 'cloudtrail'],
	[new RegExp(`^sso\\.(${REGION})\\.amazonaws\\.com$`), 'sso-admin'],
];

/**
 * The service and region of a real AWS host name ("bedrock-mantle.us-east-1.api.aws",
 * "portal.sso.eu-west-1.amazonaws.com", with or without ":443"), or undefined for any other host,
 * 127.0.0.1 included.
 */
export function awsHost(host: string | undefined): AwsHost | undefined {
	if (!host) return undefined;
	const name = host.toLowerCase().replace(/:443$/, '').replace(/\.$/, '');
	for (const [pattern, service] of PATTERNS) {
		const match = pattern.exec(name);
		if (match) return match[1] ? {service, region: match[1]} : {service};
	}
	return undefined;
}
