// What the simulated AWS issues and later accepts: role credentials (the SSO portal's GetRoleCredentials,
// and tests) and short-term Bedrock API keys (bearer tokens, accepted by Mantle).
//
// Every identifier is made at run time and is obviously fake ("ASIAFAKE...", "fakesecret/..."), so no
// key-shaped string is ever committed and no reader or secret scanner mistakes one for a real key.
import {randomBytes, randomInt} from 'node:crypto';
import type {FakeState} from './types.js';

/** What the simulated AWS remembers about credentials it issued. */
export type CredentialRecord = FakeState['credentials'] extends Map<string, infer R> ? R : never;
export type BearerKeyRecord = NonNullable<FakeState['bearerKeys']> extends Map<string, infer R> ? R : never;

export interface IssuedCredentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
	/** Epoch milliseconds. */
	expiresAt: number;
	arn: string;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A 20-character temporary key id: "ASIAFAKE" and 12 random upper-case letters or digits. */
export function fakeAccessKeyId(): string {
	let suffix = '';
	for (let i = 0; i < 12; i++) suffix += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
	return `ASIAFAKE${suffix}`;
}

/** The assumed-role ARN an IAM Identity Center permission set gives a user (the hash suffix is fake). */
export function assumedRoleArn(accountId: string, roleName: string, user: string): string {
	return `arn:aws:sts::${accountId}:assumed-role/AWSReservedSSO_${roleName}_0123456789abcdef/${user}`;
}

/** Issue temporary role credentials and remember them, so signed requests can be verified. */
export function issueCredentials(
	state: FakeState,
	now: number,
	options: {accountId: string; roleName: string; ttlSeconds: number; user?: string; arn?: string},
): IssuedCredentials {
	const issued: IssuedCredentials = {
		accessKeyId: fakeAccessKeyId(),
		secretAccessKey: `fakesecret/${randomBytes(24).toString('base64url')}`,
		sessionToken: `fakesession/${randomBytes(48).toString('base64url')}`,
		expiresAt: now + options.ttlSeconds * 1000,
		arn: options.arn ?? assumedRoleArn(options.accountId, options.roleName, options.user ?? 'dev@example.com'),
	};
	state.credentials.set(issued.accessKeyId, {...issued, accountId: options.accountId, roleName: options.roleName});
	return issued;
}

function amzDate(epochMs: number): string {
	return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Issue a short-term Bedrock API key for one region. Real short-term keys are "bedrock-api-key-" plus the
 * base64 of a SigV4 presigned URL for bedrock.amazonaws.com/?Action=CallWithBearerToken with "&Version=1"
 * appended (aws-bedrock-token-generator); tools such as Codex read the region out of X-Amz-Credential, so
 * the fake keys have the same layout. The signature inside is random: the fake looks keys up instead.
 */
export function issueBearerKey(
	state: FakeState,
	now: number,
	options: {region: string; accountId: string; roleName: string; ttlSeconds?: number; user?: string},
): {token: string; expiresAt: number} {
	const ttlSeconds = options.ttlSeconds ?? 12 * 60 * 60;
	const date = amzDate(now);
	const scope = encodeURIComponent(`${fakeAccessKeyId()}/${date.slice(0, 8)}/${options.region}/bedrock/aws4_request`);
	const presigned =
		'bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
		`&X-Amz-Credential=${scope}&X-Amz-Date=${date}&X-Amz-Expires=${Math.max(ttlSeconds, 0)}` +
		`&X-Amz-SignedHeaders=host&X-Amz-Signature=${randomBytes(32).toString('hex')}&Version=1`;
	const token = `bedrock-api-key-${Buffer.from(presigned).toString('base64')}`;
	const expiresAt = now + ttlSeconds * 1000;
	state.bearerKeys ??= new Map();
	state.bearerKeys.set(token, {
		token,
		region: options.region,
		expiresAt,
		accountId: options.accountId,
		roleName: options.roleName,
		arn: assumedRoleArn(options.accountId, options.roleName, options.user ?? 'dev@example.com'),
	});
	return {token, expiresAt};
}
