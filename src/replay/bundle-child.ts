/**
 * The bundler's process: webpack and the TypeScript loader leave ≈ 120 MiB resident in the process
 * that ran them, which a check would then carry for its whole run; here it ends with the bundle.
 */
import { bundleWorkflows, type BundleOptions } from './bundle';

process.once('message', (options: BundleOptions) => {
  bundleWorkflows(options).then(
    (bundle) => process.send?.({ bundle }, () => process.exit(0)),
    (err: unknown) => process.send?.({ error: (err as Error).message }, () => process.exit(0)),
  );
});
