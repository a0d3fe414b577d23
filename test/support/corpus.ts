import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GOLDEN_SUFFIX } from '../../src/model/files';
import { SPEC_SUFFIX } from '../../src/model/files';

/** The committed corpus, as an absolute path and as the path the tests name files by. */
export const CORPUS_RELATIVE = 'histories/tenant-provisioning';
export const CORPUS = join(resolve(__dirname, '../..'), CORPUS_RELATIVE);

/** The committed recorded histories, sorted; `*.faults.json` are golden files and `*.saga.json` saga specs, not histories. */
export function corpusFiles(): string[] {
  return readdirSync(CORPUS)
    .filter((name) => name.endsWith('.json') && !name.endsWith(GOLDEN_SUFFIX) && !name.endsWith(SPEC_SUFFIX))
    .sort();
}
