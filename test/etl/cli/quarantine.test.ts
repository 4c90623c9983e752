import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { quarantineList, quarantineRetry } from '../../../etl/src/cli/commands/quarantine';
import { runCommand } from '../../../etl/src/cli/commands/run';
import { startNemwebServer, type NemwebServer } from '../../rigs/nemweb-server';
import { BAD_GEN_PATH, writeOverlay } from '../pipeline/overlay';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MIRROR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');

describe('etl quarantine list|retry', () => {
  let work: string;
  let server: NemwebServer;
  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'cli-quarantine-'));
    writeOverlay(path.join(work, 'overlay'));
    server = await startNemwebServer([path.join(work, 'overlay'), MIRROR]);
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('lists a quarantined file with its reason and line, and keeps it open after a failed retry', async () => {
    const lake = { lake: path.join(work, 'lake') };
    expect(await quarantineList(lake, false, {})).toBe('quarantine is empty');
    await runCommand(
      { selection: ['next_day_actual_gen'], source: server.baseUrl, lake },
      { stdout: new PassThrough(), stderr: new PassThrough(), env: {} },
    );
    const listed = await quarantineList(lake, false, {});
    const [first, second] = listed.split('\n');
    expect(first).toMatch(
      new RegExp(
        `^${escape(BAD_GEN_PATH)} \\[bronze\\] FIELD_COUNT_MISMATCH \\(PUBLIC_NEXT_DAY_ACTUAL_GEN_20260514_0000000517721300\\.CSV, line 4\\): ` +
          `${escape('PUBLIC_NEXT_DAY_ACTUAL_GEN_20260514_0000000517721300.zip!PUBLIC_NEXT_DAY_ACTUAL_GEN_20260514_0000000517721300.CSV:4')}`,
      ),
    );
    expect(second).toBe(`  bytes: landing/${BAD_GEN_PATH}`);
    const json = JSON.parse(await quarantineList(lake, true, {})) as { code: string; line: number };
    expect(json).toMatchObject({ code: 'FIELD_COUNT_MISMATCH', line: 4, stage: 'bronze' });
    const retried = await quarantineRetry([], lake, undefined, false, {});
    expect(retried.stillOpen).toBe(1);
    expect(retried.text).toMatch(
      new RegExp(`^quarantined ${BAD_GEN_PATH.replace(/[.]/g, '\\.')}: FIELD_COUNT_MISMATCH: `),
    );
  });
});
