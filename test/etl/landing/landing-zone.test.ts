import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog, selectReports } from '../../../etl/src/catalog';
import { resolveLakeLocation } from '../../../etl/src/config';
import { DirSource, type Candidate } from '../../../etl/src/crawl';
import { LandingZone, checkedPath } from '../../../etl/src/landing';
import { runPipeline, type PipelineEvent } from '../../../etl/src/pipeline';

const MIRROR = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');
const DAILY = 'Reports/Current/Daily_Reports/PUBLIC_DAILY_202605140000_20260515040504.zip';

describe('the landing zone', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'landing-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('refuses paths from a listing that could leave the landing root or hit bookkeeping tables', () => {
    for (const bad of [
      '../etc/passwd',
      '/abs/file.zip',
      'a//b.zip',
      'a/./b.zip',
      'a\\b.zip',
      '_manifest/x',
      'a/../../b',
    ]) {
      expect(() => checkedPath(bad)).toThrow(`refusing landing path "${bad}"`);
    }
    expect(checkedPath('Data_Archive/X/PUBLIC_ARCHIVE%23T%23FILE01%23202408010000.zip')).toBe(
      'Data_Archive/X/PUBLIC_ARCHIVE%23T%23FILE01%23202408010000.zip',
    );
  });

  it('stores bytes at the site path and records sha256, size, URL and times in the manifest', async () => {
    const root = path.join(work, 'zone');
    const zone = new LandingZone(root, {});
    const bytes = new Uint8Array(readFileSync(path.join(MIRROR, ...DAILY.split('/'))));
    const candidate: Candidate = {
      ...new DirSource(MIRROR).fileAt(DAILY),
      landingPath: DAILY,
      reportId: 'daily_reports',
      tier: 'current',
      listedAt: new Date('2026-05-14T18:05:00Z'),
    };
    const landed = await zone.land(candidate, bytes, new Date('2026-11-25T00:00:00Z'));
    expect(landed).toMatchObject({
      path: DAILY,
      sha256: '589766250a70d5e2a7a5d035bb93db7936c693e0c2c3b6fda1bc783598e380b7',
      sizeBytes: bytes.byteLength,
    });
    expect(await zone.flush('run-1')).toBe(1);
    expect(await zone.flush('run-1')).toBe(0);
    expect(readFileSync(path.join(root, ...DAILY.split('/')))).toEqual(Buffer.from(bytes));
    const reread = await new LandingZone(root, {}).landedFiles();
    expect(reread.get(DAILY)).toEqual(landed);
  });

  it('adopts bytes stored by a run that died before its manifest row instead of fetching again', async () => {
    const lake = path.join(work, 'lake');
    const orphan = path.join(lake, 'landing', ...DAILY.split('/'));
    mkdirSync(path.dirname(orphan), { recursive: true });
    writeFileSync(orphan, readFileSync(path.join(MIRROR, ...DAILY.split('/'))));
    const source = new DirSource(MIRROR);
    const fetch = jest.spyOn(source, 'fetch');
    const events: PipelineEvent[] = [];
    await runPipeline({
      reports: selectReports(loadCatalog(), ['daily_reports']),
      source,
      location: resolveLakeLocation({ lake }, {}),
      window: {},
      concurrency: 1,
      emit: (e) => events.push(e),
    });
    expect(fetch).not.toHaveBeenCalled();
    expect(events.find((e) => e.kind === 'file-landed')).toMatchObject({ how: 'adopted', path: DAILY });
    expect(events.filter((e) => e.kind === 'file-ingested')).toHaveLength(1);
  });
});
