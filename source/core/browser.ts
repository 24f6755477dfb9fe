// Opening the SSO sign-in page. Like the AWS CLI: honour $BROWSER, fall back to the platform's opener,
// never fail the login because a browser did not open (the URL and code are always printed too).
import type {Browser, Env} from './context.js';

export function systemBrowser(env: Env, platform: NodeJS.Platform = process.platform): Browser {
	return {
		async open(url) {
			const {execa} = await import('execa');
			const [command, ...args] = env['BROWSER']
				? [env['BROWSER'], url]
				: platform === 'darwin'
					? ['open', url]
					: platform === 'win32'
						? ['cmd', '/c', 'start', '""', url.replace(/&/g, '^&')]
						: ['xdg-open', url];
			try {
				const child = execa(command!, args, {stdio: 'ignore', detached: true, reject: false, timeout: 10_000});
				child.unref();
				const result = await Promise.race([child, new Promise<null>((resolve) => setTimeout(() => resolve(null), 1500))]);
				return result === null || result.exitCode === 0;
			} catch {
				return false;
			}
		},
	};
}

/**
 * The browser of --demo and tests: "signs in" by requesting the URL and following redirects, which is
 * what a user's browser does after they click Allow on the simulated AWS's sign-in page.
 */
export function simulatedBrowser(opened: string[] = []): Browser & {opened: string[]} {
	return {
		opened,
		async open(url) {
			opened.push(url);
			if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) return true;
			try {
				await fetch(url, {redirect: 'follow'});
				return true;
			} catch {
				return false;
			}
		},
	};
}
