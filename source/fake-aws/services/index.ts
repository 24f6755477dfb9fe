// The order matters only for speed: each handler returns undefined for paths that are not its own.
import type {AwsService} from '../hosts.js';
import type {Handler} from '../types.js';
import {ssoOidc} from './sso-oidc.js';
import {ssoPortal} from './sso-portal.js';
import {sts} from './sts.js';
import {bedrock} from './bedrock.js';
import {mantle} from './mantle.js';
import {runtime} from './runtime.js';

// Runtime before Mantle: on 127.0.0.1 both serve /openai/v1/responses, and Runtime claims only requests signed for "bedrock".
export const handlers: Handler[] = [ssoOidc, ssoPortal, sts, bedrock, runtime, mantle];

/** The handler behind each real host name: a request that names its host is answered by that service only. */
// Key order matters: route() (server.ts) tries them in this order for a request without a real host name,
// and Runtime (SigV4 service "bedrock" on /openai/v1) must be asked before Mantle, which takes any /openai/v1.
export const serviceHandlers: Record<AwsService, Handler> = {oidc: ssoOidc, 'portal.sso': ssoPortal, sts, bedrock, 'bedrock-runtime': runtime, 'bedrock-mantle': mantle};
