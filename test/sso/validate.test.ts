import {describe, expect, it} from 'vitest';
import {checkScopes, checkSectionName, checkSsoRegion, checkStartUrl} from '../../source/core/sso/validate.js';

describe('start URL', () => {
	it.each([
		['https://d-1234567890.awsapps.com/start', 'https://d-1234567890.awsapps.com/start'],
		['  https://d-1234567890.awsapps.com/start/#  ', 'https://d-1234567890.awsapps.com/start'],
		['https://d-1234567890.awsapps.com/start#/', 'https://d-1234567890.awsapps.com/start'],
		['https://my-corp.awsapps.com/start/', 'https://my-corp.awsapps.com/start'],
		['https://D-1234567890.AWSAPPS.com/start', 'https://d-1234567890.awsapps.com/start'],
	])('accepts %s', (input, url) => {
		expect(checkStartUrl(input)).toEqual({url});
	});

	it('reads the region from a portal.<region>.app.aws URL', () => {
		expect(checkStartUrl('https://ssoins-1234.portal.eu-central-1.app.aws/')).toEqual({url: 'https://ssoins-1234.portal.eu-central-1.app.aws', region: 'eu-central-1'});
	});

	it('accepts a custom domain with a note', () => {
		expect(checkStartUrl('https://sso.example.com/start').note).toContain('not an AWS-owned domain');
	});

	it.each([
		['', 'Enter the AWS access portal URL'],
		['d-1234567890.awsapps.com/start', 'Add the scheme: https://d-1234567890.awsapps.com/start'],
		['http://d-1234567890.awsapps.com/start', 'must use https: https://d-1234567890.awsapps.com/start'],
		['https://d-1234567890.awsapps.com', 'ends in /start: https://d-1234567890.awsapps.com/start'],
		['https://d-1234567890.awsapps.com/star', 'ends in /start, not /star'],
		['https://d-1234567890.awsapps.com/start?x=1', 'no query string'],
		['not a url', 'That is not a URL'],
		['ftp://d-1.awsapps.com/start', 'must be an https:// URL'],
	])('refuses %j with a fix', (input, message) => {
		expect(checkStartUrl(input).error).toContain(message);
	});
});

describe('other SSO answers', () => {
	it('checks the SSO region', () => {
		expect(checkSsoRegion('eu-central-1')).toBeUndefined();
		expect(checkSsoRegion('us-gov-west-1')).toBeUndefined();
		expect(checkSsoRegion('eu-cental-1')).toContain('not available in eu-cental-1');
		expect(checkSsoRegion('Frankfurt')).toContain('not a region name');
	});

	it('checks scopes as the AWS CLI does', () => {
		expect(checkScopes('sso:account:access')).toBeUndefined();
		expect(checkScopes('sso:account:access,codewhisperer:completions')).toBeUndefined();
		expect(checkScopes('sso:account:access, x y')).toContain('separated by commas');
		expect(checkScopes('')).toContain('separated by commas');
	});

	it('checks names the SDKs can read', () => {
		expect(checkSectionName('profile', 'codex-bedrock')).toBeUndefined();
		expect(checkSectionName('profile', 'my profile')).toContain('no spaces');
		expect(checkSectionName('SSO session', '')).toBe('An SSO session name is required.');
	});
});
