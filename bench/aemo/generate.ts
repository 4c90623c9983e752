// Generates one month of an AEMO MMSDM report at real size, byte-shaped like AEMO's own monthly files: the real
// I row (column set) from the shared fixtures, a SETP.WORLD header, CRLF, datetimes quoted, IDs and numbers bare,
// and a footer whose count is right. Values come from the fixture's own D rows, re-stamped per interval and unit.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { listReportFiles, readCid, type Row, type Section } from '../../etl/src/parse';

export interface ReportShape {
  readonly table: string;
  readonly fixtureZip: string;
  readonly section: Section;
  readonly templates: readonly Row[];
}

const FIXTURES = resolve(__dirname, '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');
const MMSDM_2024_08 =
  'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA';
export const FIXTURE_ZIPS: Record<string, string> = {
  DISPATCH_UNIT_SCADA: `${MMSDM_2024_08}/PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip`,
  DISPATCHLOAD: `${MMSDM_2024_08}/PUBLIC_ARCHIVE%23DISPATCHLOAD%23FILE01%23202408010000.zip`,
};

/** Reads the column set and sample rows of `table` from its shared fixture. */
export async function loadShape(table: string): Promise<ReportShape> {
  const fixtureZip = resolve(FIXTURES, FIXTURE_ZIPS[table]!);
  let section: Section | undefined;
  const templates: Row[] = [];
  for await (const file of listReportFiles(fixtureZip)) {
    for await (const event of readCid(await file.open(), file.displayName)) {
      if (event.kind === 'section') section ??= event.section;
      if (event.kind === 'rows' && event.section === section) templates.push(...event.rows);
    }
  }
  if (section === undefined || templates.length === 0)
    throw new Error(`${fixtureZip}: no rows to model ${table} on`);
  return { table, fixtureZip, section, templates };
}

export interface GenerateOptions {
  readonly shape: ReportShape;
  readonly units: number;
  /** 8,640 five-minute intervals = a 30-day month. */
  readonly intervals: number;
  readonly out: string;
}

const DATETIME = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/;
const DECIMAL = /^-?\d+\.\d+$/;

/** Varies a decimal by up to ±10 % with the template's precision, so the data compresses like real data. */
function jitter(value: string, seed: number): string {
  const decimals = Math.min(value.length - value.indexOf('.') - 1, 6);
  const factor = 0.9 + ((seed * 2654435761) % 2000) / 10000;
  return (Number(value) * factor).toFixed(decimals);
}
const MONTH_START_MS = Date.UTC(2024, 8, 1); // 2024-09-01 00:00 market time (kept naive)

/** Writes the CSV and returns its size in bytes and data row count. */
export async function generateMonth({
  shape,
  units,
  intervals,
  out,
}: GenerateOptions): Promise<{ bytes: number; rows: number }> {
  const { section, templates, table } = shape;
  const columns = section.columns;
  const dateColumn = columns.indexOf('SETTLEMENTDATE');
  const duidColumn = columns.indexOf('DUID');
  const intervalColumn = columns.indexOf('DISPATCHINTERVAL');
  const lastChangedColumn = columns.indexOf('LASTCHANGED');
  const prefix = `D,${section.report},${section.subtype},${section.version},`;
  const realDuids = [...new Set(templates.map((row) => row.values[duidColumn]!))];
  const duids = Array.from({ length: units }, (_, i) =>
    i < realDuids.length ? realDuids[i]! : `UNIT${String(i).padStart(4, '0')}`,
  );
  const quoteMask = columns.map((_, c) => templates.some((row) => DATETIME.test(row.values[c]!)));
  const stream = createWriteStream(out, { highWaterMark: 4 * 1024 * 1024 });
  let bytes = 0;
  let buffer = '';
  const write = async (text: string): Promise<void> => {
    buffer += text;
    if (buffer.length < 1024 * 1024) return;
    bytes += Buffer.byteLength(buffer);
    const isDrained = stream.write(buffer);
    buffer = '';
    if (!isDrained) await once(stream, 'drain');
  };
  await write(
    `C,SETP.WORLD,DVD_${table},AEMO,PUBLIC,2024/10/08,09:47:33,001725791136689,MONTHLY_ARCHIVE,001725791136689\r\n` +
      `I,${section.report},${section.subtype},${section.version},${columns.join(',')}\r\n`,
  );
  let rows = 0;
  for (let interval = 1; interval <= intervals; interval++) {
    const endMs = MONTH_START_MS + interval * 300_000;
    const stamp = formatMarketTime(endMs);
    const changed = formatMarketTime(endMs - 297_000);
    let block = '';
    for (let unit = 0; unit < units; unit++) {
      const template = templates[(interval * 7 + unit) % templates.length]!.values;
      let line = prefix;
      for (let c = 0; c < columns.length; c++) {
        let value = template[c]!;
        if (c === dateColumn) value = stamp;
        else if (c === duidColumn) value = duids[unit]!;
        else if (c === lastChangedColumn) value = changed;
        else if (c === intervalColumn) value = dispatchInterval(endMs);
        else if (table === 'DISPATCH_UNIT_SCADA' && columns[c] === 'SCADAVALUE')
          value = (((unit * 37 + interval) % 7919) / 13).toFixed(6);
        else if (value.includes('.') && DECIMAL.test(value))
          value = jitter(value, unit * 31 + interval * 17 + c);
        if (c > 0) line += ',';
        line += quoteMask[c] && value !== '' ? `"${value}"` : value;
      }
      block += line + '\r\n';
      rows++;
    }
    await write(block);
  }
  await write(`C,"END OF REPORT",${rows + 3}`); // MMSDM monthly files end without a newline (aemo-formats §5)
  bytes += Buffer.byteLength(buffer);
  stream.end(buffer);
  await once(stream, 'finish');
  return { bytes, rows };
}

function formatMarketTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** YYYYMMDDPPP, PPP counted from the market day starting 04:00 (aemo-formats §7). */
function dispatchInterval(endMs: number): string {
  const dayStart = new Date(endMs - 300_000 - 4 * 3_600_000);
  const day =
    Date.UTC(dayStart.getUTCFullYear(), dayStart.getUTCMonth(), dayStart.getUTCDate()) + 4 * 3_600_000;
  const period = Math.round((endMs - day) / 300_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${dayStart.getUTCFullYear()}${two(dayStart.getUTCMonth() + 1)}${two(dayStart.getUTCDate())}${String(period).padStart(3, '0')}`;
}
