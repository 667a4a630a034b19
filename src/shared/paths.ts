import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder the hub is installed in: `schemas/`, `config/` and the registration page's files
 * ship below it. (The development stack has its own notion of the repository; the product does
 * not depend on it.)
 */
export const installRoot = (): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
