import type { PayloadConverter } from '@temporalio/common';
import { loadUserModule } from '../util/load-module';

/** The team's payload converter module (`--payload-converter`), loaded once. */
export function payloadConverter(path: string | undefined): PayloadConverter | undefined {
  if (!path) return undefined;
  const converter = loadUserModule(path, 'payload converter').payloadConverter as PayloadConverter | undefined;
  if (!converter) throw new Error(`payload converter module ${path} exports no payloadConverter`);
  return converter;
}
