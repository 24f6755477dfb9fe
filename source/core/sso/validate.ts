// Validation of what the user types for IAM Identity Center, with messages that say how to fix it.
// The AWS CLI only checks "a valid URL"; we also catch the usual typos before a login round trip.

/** Regions where IAM Identity Center (sso-oidc) can live: the commercial regions plus GovCloud. */
export const SSO_REGIONS = [
	'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
	'af-south-1',
	'ap-east-1', 'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
	'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
	'ca-central-1', 'ca-west-1',
	'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1',
	'il-central-1', 'me-south-1', 'me-central-1', 'mx-central-1', 'sa-east-1',
	'us-gov-west-1', 'us-gov-east-1',
] as const;

export const REGION_SHAPE = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export interface StartUrlCheck {
	/** The URL to store (trimmed, `#` fragments removed), when acceptable. */
	url?: string;
	/** Why it is not acceptable, with the fix. */
	error?: string;
	/** The Identity Center region the URL itself names (portal.<region>.app.aws), if any. */
	region?: string;
	/** A note for an acceptable but unusual URL (a custom domain). */
	note?: string;
}

export function checkStartUrl(input: string): StartUrlCheck {
	const text = input.trim();
	if (!text) return {error: 'Enter the AWS access portal URL, like https://d-1234567890.awsapps.com/start.'};
	if (/^[\w.-]+\.awsapps\.com/i.test(text)) return {error: `Add the scheme: https://${text}`};
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return {error: 'That is not a URL. The AWS access portal URL looks like https://d-1234567890.awsapps.com/start.'};
	}
	if (url.protocol === 'http:') return {error: `The start URL must use https: https://${url.host}${url.pathname}`};
	if (url.protocol !== 'https:') return {error: 'The start URL must be an https:// URL.'};
	if (url.username || url.password) return {error: 'The start URL must not contain a user name or password.'};
	if (url.search) return {error: 'The start URL has no query string: use just https://<your-id>.awsapps.com/start.'};
	// The portal's own links end in "/#", "#/" or "/#/..."; the CLI stores the URL without the fragment.
	const host = url.hostname.toLowerCase();
	let pathname = url.pathname.replace(/\/+$/, '');
	const awsapps = /^[a-z0-9][a-z0-9-]*\.awsapps\.com$/.test(host);
	if (awsapps && pathname === '') return {error: `The start URL ends in /start: https://${host}/start`};
	if (awsapps && pathname !== '/start' && !pathname.startsWith('/directory/')) {
		return {error: `An awsapps.com start URL ends in /start, not ${pathname}: https://${host}/start`};
	}
	// One letter off awsapps.com is a typo, not a custom domain.
	const typo = /^([a-z0-9][a-z0-9-]*)\.(awsapp|awsaps|awspps|awsappps|awssapps|awwsapps|awsaaps)\.com$|^([a-z0-9][a-z0-9-]*)\.awsapps\.(co|cm|om)$/.exec(host);
	if (typo) return {error: `Did you mean https://${typo[1] ?? typo[3]}.awsapps.com/start? (${host} is not the AWS access portal.)`};
	const portal = /^[a-z0-9-]+\.portal\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.app\.aws$/.exec(host);
	const clean = `https://${host}${pathname}`;
	if (portal) return {url: clean, region: portal[1]};
	if (awsapps || host.endsWith('.amazonaws.com') || host.endsWith('.amazonaws-us-gov.com')) return {url: clean};
	return {url: clean, note: `${host} is not an AWS-owned domain: make sure it is your organisation's access portal (a custom domain redirects to it).`};
}

export function checkSsoRegion(input: string): string | undefined {
	const region = input.trim();
	if (!REGION_SHAPE.test(region)) return `"${region}" is not a region name (like us-east-1).`;
	if (!(SSO_REGIONS as readonly string[]).includes(region)) return `IAM Identity Center is not available in ${region}. Use the region shown in your access portal's settings.`;
	return undefined;
}

/** `sso:account:access,sso:other` — commas, no spaces inside a scope (the AWS CLI's rule). */
export function checkScopes(input: string): string | undefined {
	const scopes = input.split(',').map((s) => s.trim());
	if (scopes.some((s) => s === '' || /\s/.test(s))) return 'Scope values must be separated by commas, like sso:account:access.';
	return undefined;
}

/** Names the JS SDK (and so the wizard) can read in ~/.aws/config section headers. */
export function checkSectionName(kind: 'profile' | 'SSO session', input: string): string | undefined {
	if (!input.trim()) return `${kind === 'profile' ? 'A profile' : 'An SSO session'} name is required.`;
	if (!/^[\w\-@+.%:/]+$/.test(input)) return `Use letters, digits and - _ . @ + % : / only (no spaces): the AWS SDKs cannot read other ${kind} names.`;
	return undefined;
}
