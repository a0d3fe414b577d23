import { expect } from 'chai';
import { installedVersion, isSupported, sdkVersionProblem } from '../../src/util/sdk-version';

describe('the SDK version check', () => {
  it('accepts 1.13.0 up to any 1.x, refuses older and 2.x', () => {
    for (const version of ['1.13.0', '1.13.2', '1.20.3', '1.24.0', '1.99.0'])
      expect(isSupported(version), version).to.equal(true);
    for (const version of ['1.12.3', '1.9.0', '0.23.2', '2.0.0']) expect(isSupported(version), version).to.equal(false);
  });

  it('names the installed and the supported versions in one line', () => {
    expect(sdkVersionProblem((name) => (name === '@temporalio/worker' ? '1.12.3' : '1.24.0'))).to.equal(
      '@temporalio/worker 1.12.3 is installed; fault-replay supports @temporalio/* 1.13.0 to 1.x',
    );
    expect(sdkVersionProblem((name) => (name === '@temporalio/workflow' ? '1.11.0' : '1.24.0'))).to.equal(
      '@temporalio/workflow 1.11.0 is installed; fault-replay supports @temporalio/* 1.13.0 to 1.x',
    );
    expect(sdkVersionProblem(() => undefined)).to.equal(
      "@temporalio/worker is not installed; fault-replay needs the project's own @temporalio/* (1.13.0 to 1.x)",
    );
  });

  it('is fine with this repo’s own SDK', () => {
    expect(installedVersion('@temporalio/worker')).to.equal('1.24.0');
    expect(sdkVersionProblem()).to.equal(undefined);
  });
});
