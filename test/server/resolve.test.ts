import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { expect } from 'chai';
import * as realResolve from '../../src/server/resolve';

type ResolveModule = typeof realResolve;

const ROOT = resolve(__dirname, '../..');
const RESOLVE_SOURCE = join(ROOT, 'src/server/resolve.ts');

/** Writes a file with the given mode (an "executable" is any file with an x bit). */
function writeFile(path: string, mode: number): string {
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, mode);
  return path;
}

/**
 * resolveServer's .tools folder is a constant computed from the module's own location, so the API
 * cannot bypass it. To reach the PATH and SDK-download branches, the unchanged source file is
 * copied into a fake project root (`<root>/src/server/resolve.ts`) whose `.tools/` the test owns.
 */
function loadResolveAt(fakeRoot: string): ResolveModule {
  const dir = join(fakeRoot, 'src/server');
  mkdirSync(dir, { recursive: true });
  const copy = join(dir, 'resolve.ts');
  copyFileSync(RESOLVE_SOURCE, copy);
  return require(copy) as ResolveModule;
}

describe('resolveServer', () => {
  let tmp: string;

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'fault-replay-resolve-'));
  });

  after(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('with the project module (real .tools/ present)', () => {
    const { resolveServer, TOOLS_BIN } = realResolve;

    it('TOOLS_BIN is the project .tools/temporal/bin', () => {
      expect(TOOLS_BIN).to.equal(join(ROOT, '.tools/temporal/bin'));
    });

    it('the env variable wins over .tools and PATH (dev: TEMPORAL_CLI_PATH)', () => {
      const exe = writeFile(join(tmp, 'my-temporal'), 0o755);
      const pathDir = join(tmp, 'path-dev');
      mkdirSync(pathDir);
      writeFile(join(pathDir, 'temporal'), 0o755);
      const resolved = resolveServer('dev', { TEMPORAL_CLI_PATH: exe, PATH: pathDir });
      expect(resolved).to.deep.equal({
        kind: 'dev',
        executable: { type: 'existing-path', path: exe },
        source: 'TEMPORAL_CLI_PATH',
      });
    });

    it('the env variable wins for time-skipping too (TEMPORAL_TEST_SERVER_PATH), and the other kind variable is ignored', () => {
      const exe = writeFile(join(tmp, 'my-test-server'), 0o755);
      const other = writeFile(join(tmp, 'my-cli'), 0o755);
      const resolved = resolveServer('time-skipping', { TEMPORAL_TEST_SERVER_PATH: exe, TEMPORAL_CLI_PATH: other });
      expect(resolved).to.deep.equal({
        kind: 'time-skipping',
        executable: { type: 'existing-path', path: exe },
        source: 'TEMPORAL_TEST_SERVER_PATH',
      });
    });

    it('an env variable pointing at a missing file throws, naming the variable and the path', () => {
      const missing = join(tmp, 'does-not-exist', 'temporal');
      expect(() => resolveServer('dev', { TEMPORAL_CLI_PATH: missing })).to.throw(
        Error,
        `TEMPORAL_CLI_PATH=${missing}: no such executable file`,
      );
      expect(() => resolveServer('time-skipping', { TEMPORAL_TEST_SERVER_PATH: missing })).to.throw(
        Error,
        `TEMPORAL_TEST_SERVER_PATH=${missing}`,
      );
    });

    it('an env variable pointing at a non-executable file or a directory throws (no fallback)', () => {
      const plain = writeFile(join(tmp, 'not-executable'), 0o644);
      expect(() => resolveServer('dev', { TEMPORAL_CLI_PATH: plain })).to.throw(Error, /^TEMPORAL_CLI_PATH=/);
      expect(() => resolveServer('dev', { TEMPORAL_CLI_PATH: tmp })).to.throw(Error, /^TEMPORAL_CLI_PATH=/);
    });

    it('without the env variable, .tools/ is used (before PATH) for both kinds', () => {
      const pathDir = join(tmp, 'path-both');
      mkdirSync(pathDir);
      writeFile(join(pathDir, 'temporal'), 0o755);
      writeFile(join(pathDir, 'temporal-test-server'), 0o755);
      expect(resolveServer('dev', { PATH: pathDir })).to.deep.equal({
        kind: 'dev',
        executable: { type: 'existing-path', path: join(ROOT, '.tools/temporal/bin/temporal') },
        source: '.tools',
      });
      expect(resolveServer('time-skipping', { PATH: pathDir })).to.deep.equal({
        kind: 'time-skipping',
        executable: { type: 'existing-path', path: join(ROOT, '.tools/temporal/bin/temporal-test-server') },
        source: '.tools',
      });
    });

    it('an empty env variable counts as unset', () => {
      expect(resolveServer('dev', { TEMPORAL_CLI_PATH: '', PATH: '' }).source).to.equal('.tools');
    });
  });

  describe('with a copy of the module in a fake project root (to control .tools/)', () => {
    let fakeRoot: string;
    let mod: ResolveModule;
    let pathDir: string;
    let secondPathDir: string;

    before(() => {
      fakeRoot = join(tmp, 'fake-root');
      mod = loadResolveAt(fakeRoot);
      pathDir = join(tmp, 'path-a');
      secondPathDir = join(tmp, 'path-b');
      mkdirSync(pathDir);
      mkdirSync(secondPathDir);
    });

    it('its TOOLS_BIN is inside the fake root (the copy is really isolated)', () => {
      expect(mod.TOOLS_BIN).to.equal(join(fakeRoot, '.tools/temporal/bin'));
    });

    it('with no env variable and no .tools/, PATH is searched in order and non-executables are skipped', () => {
      writeFile(join(pathDir, 'temporal'), 0o644); // first dir: present but not executable
      mkdirSync(join(pathDir, 'temporal-test-server')); // first dir: a directory of that name
      const dev = writeFile(join(secondPathDir, 'temporal'), 0o755);
      const ts = writeFile(join(secondPathDir, 'temporal-test-server'), 0o755);
      const PATH = ['', join(tmp, 'no-such-dir'), pathDir, secondPathDir].join(delimiter);
      expect(mod.resolveServer('dev', { PATH })).to.deep.equal({
        kind: 'dev',
        executable: { type: 'existing-path', path: dev },
        source: 'PATH',
      });
      expect(mod.resolveServer('time-skipping', { PATH })).to.deep.equal({
        kind: 'time-skipping',
        executable: { type: 'existing-path', path: ts },
        source: 'PATH',
      });
    });

    it('with nothing anywhere, falls back to the SDK download', () => {
      expect(mod.resolveServer('dev', { PATH: join(tmp, 'empty-path') })).to.deep.equal({
        kind: 'dev',
        executable: { type: 'cached-download' },
        source: 'SDK download',
      });
      expect(mod.resolveServer('time-skipping', {})).to.deep.equal({
        kind: 'time-skipping',
        executable: { type: 'cached-download' },
        source: 'SDK download',
      });
    });

    it('a non-executable file in .tools/ is skipped in favour of PATH', () => {
      mkdirSync(mod.TOOLS_BIN, { recursive: true });
      writeFile(join(mod.TOOLS_BIN, 'temporal'), 0o644);
      const PATH = secondPathDir;
      expect(mod.resolveServer('dev', { PATH }).source).to.equal('PATH');
    });

    it('an executable in .tools/ wins over PATH, and the env variable wins over .tools/', () => {
      const tools = writeFile(join(mod.TOOLS_BIN, 'temporal'), 0o755);
      expect(mod.resolveServer('dev', { PATH: secondPathDir })).to.deep.equal({
        kind: 'dev',
        executable: { type: 'existing-path', path: tools },
        source: '.tools',
      });
      const fromEnv = writeFile(join(tmp, 'env-temporal'), 0o755);
      expect(mod.resolveServer('dev', { TEMPORAL_CLI_PATH: fromEnv, PATH: secondPathDir }).source).to.equal(
        'TEMPORAL_CLI_PATH',
      );
    });
  });
});
