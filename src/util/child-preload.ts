/**
 * Loaded (`node -r`) before every process the tool forks: the SDK resolved through the project's
 * worker, and `.ts` modules the SDK itself requires there (a team's `payloadConverterPath`)
 * compiled by the tool's swc hook, as in the parent.
 */
import './project-sdk';
import { registerTypeScript } from './typescript-hook';

registerTypeScript();
