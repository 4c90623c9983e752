import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorruptZipError, readCid, walkZip, type ZipMember, type ZipSource } from '../../../../etl/src/parse';
import { buildZip } from '../fixtures/zip-builder';
import { collect, ofKind } from '../fixtures/aemo-text';

const csv = (interval: string): string =>
  [
    'C,NEMP.WORLD,DISPATCHIS,AEMO,PUBLIC,2022/06/12,00:00:16,0000000365000001,DISPATCHIS,0000000365000000',
    'I,DISPATCH,PRICE,5,SETTLEMENTDATE,REGIONID,RRP',
    `D,DISPATCH,PRICE,5,"2022/06/12 ${interval}",NSW1,231.5`,
    'C,"END OF REPORT",4',
    '',
  ].join('\r\n');

async function members(source: ZipSource): Promise<Array<{ member: ZipMember; text: string }>> {
  const out: Array<{ member: ZipMember; text: string }> = [];
  for await (const member of walkZip(source)) {
    const chunks: Buffer[] = [];
    for await (const chunk of await member.open()) chunks.push(chunk as Buffer);
    out.push({ member, text: Buffer.concat(chunks).toString('utf8') });
  }
  return out;
}

async function zipError(source: ZipSource): Promise<CorruptZipError> {
  try {
    await members(source);
  } catch (error) {
    if (error instanceof CorruptZipError) return error;
    throw error;
  }
  throw new Error('expected a CorruptZipError');
}

describe('walkZip', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zip-members-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('yields the CSV of a current-report zip with its size, from a file on disk', async () => {
    const file = join(dir, 'PUBLIC_DISPATCHIS_202206120005_0000000365000001.zip');
    writeFileSync(
      file,
      buildZip([{ name: 'PUBLIC_DISPATCHIS_202206120005_0000000365000001.CSV', data: csv('00:05:00') }]),
    );
    const [only, ...rest] = await members({ file });
    expect(rest).toEqual([]);
    expect(only!.member.name).toBe('PUBLIC_DISPATCHIS_202206120005_0000000365000001.CSV');
    expect(only!.member.sizeBytes).toBe(Buffer.byteLength(csv('00:05:00')));
    expect(only!.text).toBe(csv('00:05:00'));
  });

  it('expands an Archive daily zip of 5-minute zips, keeping the chain of names and a real "#"', async () => {
    const inner = (hhmm: string, interval: string): { name: string; data: Buffer } => ({
      name: `PUBLIC_DISPATCHIS_20220612${hhmm}_0000000365000001.zip`,
      data: buildZip([
        { name: `PUBLIC_DISPATCHIS_20220612${hhmm}_0000000365000001.CSV`, data: csv(interval) },
      ]),
    });
    const daily = buildZip([
      inner('0005', '00:05:00'),
      { name: 'README/', data: '', isStored: true },
      inner('0010', '00:10:00'),
      { name: 'PUBLIC_ARCHIVE#DISPATCHPRICE#FILE01#202206010000.CSV', data: csv('00:15:00'), isStored: true },
    ]);
    const found = await members({ buffer: daily, name: 'PUBLIC_DISPATCHIS_20220612.zip' });
    expect(found.map(({ member }) => member.displayName)).toEqual([
      'PUBLIC_DISPATCHIS_20220612.zip!PUBLIC_DISPATCHIS_202206120005_0000000365000001.zip!PUBLIC_DISPATCHIS_202206120005_0000000365000001.CSV',
      'PUBLIC_DISPATCHIS_20220612.zip!PUBLIC_DISPATCHIS_202206120010_0000000365000001.zip!PUBLIC_DISPATCHIS_202206120010_0000000365000001.CSV',
      'PUBLIC_DISPATCHIS_20220612.zip!PUBLIC_ARCHIVE#DISPATCHPRICE#FILE01#202206010000.CSV',
    ]);
    expect(found[1]!.member.path).toHaveLength(3);
    expect(found.map(({ text }) => text)).toEqual([csv('00:05:00'), csv('00:10:00'), csv('00:15:00')]);
  });

  it('streams a member straight into the C/I/D reader', async () => {
    const zip = buildZip([{ name: 'A.CSV', data: csv('00:05:00') }]);
    for await (const member of walkZip({ buffer: zip, name: 'A.zip' })) {
      const events = await collect(readCid(await member.open(), member.displayName));
      expect(ofKind(events, 'rows')[0]!.rows[0]!.values).toEqual(['2022/06/12 00:05:00', 'NSW1', '231.5']);
      expect(ofKind(events, 'footer')[0]!.isMismatch).toBe(false);
    }
  });

  it('refuses a truncated zip (the central directory is cut off)', async () => {
    const zip = buildZip([{ name: 'A.CSV', data: csv('00:05:00') }]);
    const error = await zipError({ buffer: zip.subarray(0, zip.length - 30), name: 'A.zip' });
    expect(error.code).toBe('TRUNCATED_ZIP');
    expect(error.message).toBe(
      'A.zip: the zip is cut short (End of central directory record signature not found. Either not a zip file, or file is truncated.); re-download the file',
    );
  });

  it('refuses a file that is not a zip at all (an HTML error page)', async () => {
    const error = await zipError({
      buffer: Buffer.from('<html><body>403 Forbidden</body></html>'),
      name: 'A.zip',
    });
    expect(error.code).toBe('NOT_A_ZIP');
    expect(error.message).toBe('A.zip: not a zip file (no PK signature at the start)');
  });

  it('refuses a member whose bytes fail the CRC recorded in the zip', async () => {
    const zip = buildZip([{ name: 'A.CSV', data: csv('00:05:00'), isStored: true }]);
    const flipped = Buffer.from(zip);
    const at = flipped.indexOf('NSW1');
    flipped[at] = 'V'.charCodeAt(0);
    const error = await zipError({ buffer: flipped, name: 'A.zip' });
    expect(error.code).toBe('CORRUPT_ZIP');
    expect(error.message).toMatch(
      /^A\.zip!A\.CSV: CRC-32 mismatch: the zip records [0-9a-f]{8}, the bytes give [0-9a-f]{8}; re-download the file$/,
    );
  });

  it('refuses a member whose compressed data is damaged, naming the member', async () => {
    const zip = buildZip([{ name: 'A.CSV', data: csv('00:05:00').repeat(50) }]);
    const damaged = Buffer.from(zip);
    damaged.fill(0xff, 40, 60);
    const error = await zipError({ buffer: damaged, name: 'A.zip' });
    expect(error.code).toBe('CORRUPT_ZIP');
    expect(error.file).toBe('A.zip!A.CSV');
  });

  it('refuses a nested zip larger than the in-memory limit', async () => {
    const outer = buildZip([
      { name: 'inner.zip', data: buildZip([{ name: 'A.CSV', data: csv('00:05:00') }]) },
    ]);
    await expect(
      collect(walkZip({ buffer: outer, name: 'outer.zip' }, { maxNestedZipBytes: 10 }) as never),
    ).rejects.toThrow(
      /^outer\.zip!inner\.zip: nested zip of \d+ bytes exceeds the 10-byte limit for in-memory expansion$/,
    );
  });
});
