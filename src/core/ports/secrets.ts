import type { EndpointConfirmation } from '../env/openrouter';

/**
 * Reads a stored secret (VS Code SecretStorage in the extension). Undefined when nothing is stored. The CLI passes
 * none: it reads the env file and the process environment only.
 */
export type SecretLookup = (name: 'OPENROUTER_API_KEY') => Promise<string | undefined>;

/**
 * Asks the user whether the key may be sent to an endpoint the repository chose (a modal in the extension, a y/N
 * question on a terminal). Resolves true only on an explicit yes.
 */
export type ConfirmEndpoint = (request: EndpointConfirmation) => Promise<boolean>;
