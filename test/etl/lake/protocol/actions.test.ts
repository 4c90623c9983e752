import { CorruptLogError } from '../../../../etl/src/lake/errors';
import { parseActionObject, parseCommit } from '../../../../etl/src/lake/protocol/actions';
import { parseStatsJson } from '../../../../etl/src/lake/protocol/stats';

const source = { table: 't', file: '_delta_log/00000000000000000007.json', version: 7 };

describe('parseCommit', () => {
  it('parses each action kind and skips unknown ones and blank lines', () => {
    const text = [
      '{"commitInfo":{"timestamp":1,"operation":"WRITE","engineInfo":"x"}}',
      '{"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["timestampNtz"],"writerFeatures":["timestampNtz"]}}',
      '{"metaData":{"id":"i","format":{"provider":"parquet","options":{}},"schemaString":"{}","partitionColumns":["p"],"configuration":{"k":"v"},"createdTime":5}}',
      '',
      '{"add":{"path":"p=1/a.parquet","partitionValues":{"p":"1"},"size":10,"modificationTime":2,"dataChange":true,"stats":"{}","tags":{"t":null},"unknownField":1}}',
      '{"remove":{"path":"b.parquet","deletionTimestamp":3,"dataChange":false}}',
      '{"txn":{"appId":"a","version":9,"lastUpdated":4}}',
      '{"cdc":{"path":"_change_data/c.parquet","partitionValues":{},"size":1,"dataChange":false}}',
      '{"domainMetadata":{"domain":"d","configuration":"{}","removed":false}}',
      '{"checkpointMetadata":{"version":7}}',
      '{"someFutureAction":{"x":1}}',
    ].join('\n');
    const actions = parseCommit(text, source);
    expect(actions.map((a) => a.kind)).toEqual([
      'commitInfo',
      'protocol',
      'metaData',
      'add',
      'remove',
      'txn',
      'cdc',
      'domainMetadata',
    ]);
    expect(actions[3]).toEqual({
      kind: 'add',
      add: {
        path: 'p=1/a.parquet',
        partitionValues: { p: '1' },
        size: 10,
        modificationTime: 2,
        dataChange: true,
        stats: '{}',
        tags: { t: null },
      },
    });
  });

  it('names the file and line of invalid JSON and of a wrongly typed field', () => {
    expect(() =>
      parseCommit('{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}\n{oops', source),
    ).toThrow(/^t version 7: _delta_log\/00000000000000000007\.json line 2: not valid JSON/);
    const error = (() => {
      try {
        parseCommit('{"add":{"path":"a","size":"big","partitionValues":{}}}', source);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CorruptLogError);
    expect((error as Error).message).toBe(
      't version 7: _delta_log/00000000000000000007.json line 1: add.size must be a number, found "big"',
    );
  });

  it('accepts checkpoint rows where longs are bigints and maps are objects', () => {
    const action = parseActionObject(
      {
        add: { path: 'a', size: 12n, modificationTime: 3n, dataChange: false, partitionValues: { p: null } },
        txn: null,
      },
      source,
    );
    expect(action).toEqual({
      kind: 'add',
      add: { path: 'a', size: 12, modificationTime: 3, dataChange: false, partitionValues: { p: null } },
    });
  });
});

describe('parseStatsJson', () => {
  it('keeps integers beyond 2^53 exact', () => {
    const stats = parseStatsJson(
      '{"numRecords":2,"minValues":{"id":-9223372036854775808},"maxValues":{"id":9007199254740993},"nullCount":{"id":0}}',
    );
    expect(stats?.minValues.id).toBe(-9223372036854775808n);
    expect(stats?.maxValues.id).toBe(9007199254740993n);
    expect(stats?.tightBounds).toBe(true);
  });

  it('treats absent or unparsable stats as no stats', () => {
    expect(parseStatsJson(undefined)).toBeUndefined();
    expect(parseStatsJson('{not json')).toBeUndefined();
  });
});
