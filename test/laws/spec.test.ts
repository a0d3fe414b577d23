import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSpec, specProblems, specsFor } from '../../src/laws/spec';
import { historyFiles } from '../../src/load/load';
import { problemLine, type Problem } from '../../src/model/problem';

const COMMITTED = 'histories/tenant-provisioning/provisionTenant.saga.json';
const SCHEMA = JSON.parse(readFileSync('docs/saga-spec.schema.json', 'utf8')) as {
  properties: Record<string, unknown>;
  required: string[];
};

function specFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'laws-spec-')), 'provisionTenant.saga.json');
  writeFileSync(file, content);
  return file;
}

describe('saga spec files', () => {
  it('the committed spec of the reference saga loads, defaults filled', () => {
    const { spec, problems } = readSpec(COMMITTED);
    expect(problems).to.deep.equal([]);
    expect(spec).to.deep.include({
      workflowType: 'provisionTenant',
      finally: ['markTenantFailed'],
      order: 'reverse-sequential',
      close: 'failed',
      noUndo: [],
    });
    expect(Object.keys(spec!.undo)).to.have.length(6);
  });

  it('a bad spec: one line per problem, each naming the file', () => {
    const file = specFile(
      JSON.stringify({
        workflowType: '',
        undo: { a: 3 },
        noUndo: 'x',
        order: 'backwards',
        close: 'exploded',
        extra: 1,
      }),
    );
    const { spec, problems } = readSpec(file);
    expect(spec).to.equal(undefined);
    expect(problems.map(problemLine)).to.deep.equal([
      `${file}: saga spec: unknown field "extra" (known: workflowType, undo, noUndo, finally, undoFailedStep, order, close, kinds, readOnly, bestEffort, onCancel, signals, stages, closeOn)`,
      `${file}: saga spec: "workflowType" must NOT have fewer than 1 characters`,
      `${file}: saga spec: "undo"."a" must be string`,
      `${file}: saga spec: "noUndo" must be array`,
      `${file}: saga spec: "order" must be one of: reverse-sequential, parallel`,
      `${file}: saga spec: "close" must be one of: failed, completed, canceled, continued-as-new`,
    ]);
  });

  it('not JSON, and a step both undone and not: one line naming the file', () => {
    const broken = specFile('{ "workflowType": ');
    expect(readSpec(broken).problems).to.have.length(1);
    expect(problemLine(readSpec(broken).problems[0])).to.match(new RegExp(`^${broken}: saga spec is not valid JSON`));
    expect(specProblems({ workflowType: 'w', undo: { a: 'b' }, noUndo: ['a'] })).to.deep.equal([
      '"a" is in both "undo" and "noUndo"',
    ]);
  });

  it('validated by the JSON schema itself (ajv): a field the schema changes is judged as the schema says', () => {
    expect(specProblems({ workflowType: 'w', undo: {}, undoFailedStep: 'yes' })).to.deep.equal([
      '"undoFailedStep" must be boolean',
    ]);
    expect(specProblems({ undo: { a: 'b' } })).to.deep.equal(['missing field "workflowType"']);
    expect(specProblems({ workflowType: 'w', undo: { a: 'b' }, finally: ['x', 1] })).to.deep.equal([
      '"finally"."1" must be string',
    ]);
    expect(specProblems([])).to.deep.equal(['the spec must be object']);
    expect(
      specProblems({ workflowType: 'w', undo: { a: 'b' }, undoFailedStep: true, order: 'parallel' }),
    ).to.deep.equal([]);
  });

  it('the JSON schema names the same fields the loader knows', () => {
    expect(
      Object.keys(SCHEMA.properties)
        .filter((k) => k !== '$schema')
        .sort(),
    ).to.deep.equal([
      'bestEffort',
      'close',
      'closeOn',
      'finally',
      'kinds',
      'noUndo',
      'onCancel',
      'order',
      'readOnly',
      'signals',
      'stages',
      'undo',
      'undoFailedStep',
      'workflowType',
    ]);
    expect(SCHEMA.required).to.deep.equal(['workflowType', 'undo']);
  });

  it('found beside each history by workflow type; a --spec for another type is a problem and not used', () => {
    const problems: Problem[] = [];
    const found = specsFor(
      [
        { file: 'histories/tenant-provisioning/happy.json', workflowType: 'provisionTenant' },
        { file: 'elsewhere/x.json', workflowType: 'provisionTenant' },
      ],
      undefined,
      problems,
    );
    expect([...found.keys()]).to.deep.equal(['histories/tenant-provisioning/happy.json']);
    expect(problems).to.deep.equal([]);
    const other = specsFor([{ file: 'h/y.json', workflowType: 'otherFlow' }], COMMITTED, problems);
    expect(other.size).to.equal(0);
    expect(problems.map(problemLine)).to.deep.equal([
      `${COMMITTED}: saga spec is for workflow type provisionTenant, not h/y.json (otherFlow): not used for it`,
    ]);
  });

  it('a spec beside the histories is not read as a history', () => {
    expect(historyFiles(['histories/tenant-provisioning']).filter((f) => f.endsWith('.saga.json'))).to.deep.equal([]);
  });
});
