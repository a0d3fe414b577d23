import { expect } from 'chai';
import { loadHistories, loadHistoryFile } from '../../src/load/load';
import { eventTypeName } from '../../src/history/events';

const DIR = 'test/fixtures/sdk-histories';

describe("the Temporal TypeScript SDK's own test histories load", () => {
  it('the binary protobuf .bin, read by content', () => {
    const loaded = loadHistoryFile(`${DIR}/cancel_fake_progress_history.bin`);
    expect(loaded.format).to.equal('binary protobuf');
    expect(loaded.workflowType).to.equal('cancelFakeProgress');
    expect(loaded.name).to.equal('cancel_fake_progress_history');
    expect(loaded.events).to.have.length(16);
  });

  it('the .json with short PascalCase enum names: the same events, in the same order, as the .bin', () => {
    const json = loadHistoryFile(`${DIR}/cancel_fake_progress_history.json`);
    const bin = loadHistoryFile(`${DIR}/cancel_fake_progress_history.bin`);
    expect(json.format).to.equal('');
    expect(json.workflowType).to.equal(bin.workflowType);
    const types = (events: typeof json.events) => events.map((e) => eventTypeName(e.eventType));
    expect(types(json.events)).to.deep.equal(types(bin.events));
    expect(types(json.events)[0]).to.equal('WorkflowExecutionStarted');
    expect(types(json.events)).to.include('ActivityTaskCancelRequested');
    expect(json.events[0].workflowExecutionStartedEventAttributes?.taskQueue?.kind).to.equal(1); // "Normal"
  });

  it('a result the workflow wrote with an encoding the default converter does not know ("binary/null\\n") is no damage', () => {
    const loaded = loadHistoryFile(`${DIR}/lang_flags_replay_correctly_1_11_1.json`);
    const result =
      loaded.events[loaded.events.length - 1].workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
    expect(Buffer.from(result!.metadata!.encoding!).toString()).to.equal('binary/null\n');
  });

  it('the folder: three histories, no problem', () => {
    const { histories, problems } = loadHistories([DIR]);
    expect(problems.map((p) => p.message)).to.deep.equal([]);
    expect(histories.map((h) => h.file)).to.deep.equal([
      `${DIR}/cancel_fake_progress_history.bin`,
      `${DIR}/cancel_fake_progress_history.json`,
      `${DIR}/lang_flags_replay_correctly_1_11_1.json`,
    ]);
  });
});
