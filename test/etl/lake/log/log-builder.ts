// Builds small Delta logs by hand in a temp directory (commit JSON lines, checkpoints, _last_checkpoint), so log
// reading is tested independently of our writer.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeCheckpoint, type CheckpointContent } from '../../../../etl/src/lake/write/checkpoint-parquet';

export const SCHEMA_STRING = JSON.stringify({
  type: 'struct',
  fields: [
    { name: 'id', type: 'long', nullable: true, metadata: {} },
    { name: 'part', type: 'string', nullable: true, metadata: {} },
  ],
});

export const protocol = { protocol: { minReaderVersion: 1, minWriterVersion: 2 } };
export const metaData = {
  metaData: {
    id: 'a2b3c4d5-0000-4000-8000-000000000001',
    format: { provider: 'parquet', options: {} },
    schemaString: SCHEMA_STRING,
    partitionColumns: ['part'],
    configuration: {},
    createdTime: 1_700_000_000_000,
  },
};

export function add(p: string, extra: Record<string, unknown> = {}) {
  return {
    add: {
      path: p,
      partitionValues: { part: 'a' },
      size: 100,
      modificationTime: 1,
      dataChange: true,
      ...extra,
    },
  };
}

export function remove(p: string) {
  return { remove: { path: p, deletionTimestamp: 2, dataChange: true } };
}

export const v = (version: number) => String(version).padStart(20, '0');

export class LogBuilder {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'delta-log-'));
  readonly log = path.join(this.root, '_delta_log');

  constructor() {
    fs.mkdirSync(this.log);
  }

  commit(version: number, ...actions: unknown[]): this {
    fs.writeFileSync(
      path.join(this.log, `${v(version)}.json`),
      actions.map((a) => JSON.stringify(a)).join('\n') + '\n',
    );
    return this;
  }

  /** Writes a classic checkpoint; `parts` > 1 splits the adds over a multi-part set (`only` writes some parts). */
  checkpoint(
    version: number,
    content: CheckpointContent,
    options: { parts?: number; only?: number[] } = {},
  ): this {
    const parts = options.parts ?? 1;
    if (parts === 1) {
      fs.writeFileSync(
        path.join(this.log, `${v(version)}.checkpoint.parquet`),
        encodeCheckpoint(content).bytes,
      );
      return this;
    }
    for (let part = 1; part <= parts; part++) {
      if (options.only !== undefined && !options.only.includes(part)) continue;
      const slice: CheckpointContent = {
        ...content,
        adds: content.adds.filter((_, i) => i % parts === part - 1),
        removes: part === 1 ? content.removes : [],
        txns: part === 1 ? content.txns : [],
      };
      const name = `${v(version)}.checkpoint.${String(part).padStart(10, '0')}.${String(parts).padStart(10, '0')}.parquet`;
      fs.writeFileSync(path.join(this.log, name), encodeCheckpoint(slice).bytes);
    }
    return this;
  }

  lastCheckpoint(text: string): this {
    fs.writeFileSync(path.join(this.log, '_last_checkpoint'), text);
    return this;
  }

  /** Sets a commit file's modification time (commit timestamps come from it without in-commit timestamps). */
  touch(version: number, at: Date): this {
    fs.utimesSync(path.join(this.log, `${v(version)}.json`), at, at);
    return this;
  }

  deleteCommit(version: number): this {
    fs.rmSync(path.join(this.log, `${v(version)}.json`));
    return this;
  }
}

export function checkpointContent(
  paths: string[],
  txns: { appId: string; version: number }[] = [],
): CheckpointContent {
  return {
    protocol: protocol.protocol,
    metadata: metaData.metaData,
    txns,
    adds: paths.map((p) => add(p).add),
    removes: [],
  };
}
