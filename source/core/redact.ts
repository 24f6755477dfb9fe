// Secrets never reach the screen, logs, --json output or error text. Two layers:
// 1. every secret the tool handles (access tokens, client secrets, session credentials) is registered
//    here as soon as it is read or received, and any text leaving the tool has them replaced;
// 2. patterns for things that look like secrets even if we never registered them (bearer tokens,
//    secret access keys in "key=value" form, Bedrock API keys).
const registered = new Set<string>();

/** Remember a secret value so that redact() hides it wherever it appears. Short values are ignored. */
export function registerSecret(value: string | undefined | null): void {
	if (value && value.length >= 8) registered.add(value);
}

/** For tests. */
export function clearSecrets(): void {
	registered.clear();
}

const PATTERNS: Array<[RegExp, string]> = [
	[/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{12,}/g, '$1[redacted]'],
	[/\bbedrock-api-key-[A-Za-z0-9._~+/=-]+/g, 'bedrock-api-key-[redacted]'],
	[/\bABSK[A-Za-z0-9+/=]{20,}/g, 'ABSK[redacted]'],
	[/((?:secret_?access_?key|session_?token|access_?token|refresh_?token|client_?secret|aws_secret_access_key|aws_session_token)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1[redacted]'],
	[/(x-amz-security-token[=:]\s*)[^\s&]+/gi, '$1[redacted]'],
	[/(X-Amz-Signature=)[0-9a-f]+/gi, '$1[redacted]'],
];

// 3. the user's own secrets in the files we diff (context lines show them): a value whose key names a
//    key, token, secret or password (`experimental_bearer_token = "..."`, `"X-Api-Key" = "..."` in
//    http_headers, `my_secret: ...`), and OpenAI-style `sk-...` keys. Numbers and booleans stay
//    (`model_auto_compact_token_limit = 200000` is no secret).
const SECRET_NAME = String.raw`(?:[\w.-]*(?:_key|-key|apikey)|[\w.-]*(?:token|secret|password|passwd|authorization)[\w.-]*)`;
// `key = value` (TOML, INI) or `"key": value` (JSON); not prose ("Authorization: your role may ...").
const SECRET_ASSIGNMENT = new RegExp(String.raw`((?<![\w.-])(?:["']?${SECRET_NAME}["']?\s*=|["']${SECRET_NAME}["']\s*:)\s*)(\[redacted\]|"[^"\n]*"|'[^'\n]*'|[^\s,}\]]+)`, 'gi');
// Numbers, booleans, what is redacted already, and the name of an environment variable (env_key = "X").
const NOT_SECRET = /^(?:-?\d[\d_.]*|true|false|null|\[redacted\]|[A-Z][A-Z0-9_]*|)$/;

function redactAssignments(text: string): string {
	return text.replace(SECRET_ASSIGNMENT, (whole, lead: string, value: string) => {
		const quote = /^["']/.test(value) ? value[0]! : '';
		const inner = quote ? value.slice(1, -1) : value;
		if (NOT_SECRET.test(inner.trim()) || /^(true|false|null)$/i.test(inner.trim()) || /^Bearer \[redacted\]$/.test(inner)) return whole;
		return `${lead}${quote}[redacted]${quote}`;
	});
}

// 4. text from a server can carry terminal escape sequences (clear the screen, retitle the window, fake
//    a prompt): an ESC or other control character never leaves the tool; it shows as U+FFFD.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function redact(text: string): string {
	let out = text.replace(CONTROL, '\uFFFD');
	for (const secret of registered) {
		if (out.includes(secret)) out = out.split(secret).join('[redacted]');
	}
	for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
	return redactAssignments(out.replace(/\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}/g, 'sk-[redacted]'));
}

/** A proxy URL that may be shown: any user:password part removed. */
export function displayProxy(proxy: string): string {
	try {
		const url = new URL(proxy);
		url.username = '';
		url.password = '';
		return url.toString().replace(/\/$/, '');
	} catch {
		return '(unparseable proxy URL)';
	}
}
