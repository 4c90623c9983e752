// Small byte-exact AEMO files written for the error-path tests (CRLF, quoted datetimes, correct footer counts),
// served over the fixture mirror by the NEMWeb stand-in.
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildZip } from '../parse/fixtures/zip-builder';

export const SCADA_PATH =
  'Reports/Current/Dispatch_SCADA/PUBLIC_DISPATCHSCADA_202605140005_0000000517721400.zip';
export const BAD_GEN_PATH =
  'Reports/Current/Next_Day_Actual_Gen/PUBLIC_NEXT_DAY_ACTUAL_GEN_20260514_0000000517721300.zip';
export const GAS_PATH = 'Reports/Current/STTM/int651_v1_ex_ante_market_price_rpt_1.csv';
/** The gas file's name has no timestamp: it lands under its listing time (12:01 AEST, set below). */
export const GAS_LANDING_PATH = `${GAS_PATH}~202605141201`;
const GAS_MTIME = new Date('2026-05-14T02:01:00Z');

const crlf = (lines: string[]): string => lines.map((l) => `${l}\r\n`).join('');

export const SCADA_CSV = crlf([
  'C,NEMP.WORLD,DISPATCHSCADA,AEMO,PUBLIC,2026/05/14,00:00:16,0000000517721400,DISPATCHSCADA,0000000517721399',
  'I,DISPATCH,UNIT_SCADA,1,SETTLEMENTDATE,DUID,SCADAVALUE,LASTCHANGED',
  'D,DISPATCH,UNIT_SCADA,1,"2026/05/14 00:05:00",BAYSW1,650.5,"2026/05/14 00:00:16"',
  'D,DISPATCH,UNIT_SCADA,1,"2026/05/14 00:05:00",ER01,0,"2026/05/14 00:00:16"',
  'C,"END OF REPORT",5',
]);

/** Line 4 has two fields too few: a ParseError, so the whole file goes to quarantine. */
const BAD_GEN_CSV = crlf([
  'C,NEMP.WORLD,NEXT_DAY_ACTUAL_GEN,AEMO,PUBLIC,2026/05/15,04:10:00,0000000517721300,,0000000517721300',
  'I,METER_DATA,GEN_DUID,1,INTERVAL_DATETIME,DUID,MWH_READING,LASTCHANGED',
  'D,METER_DATA,GEN_DUID,1,"2026/05/14 04:05:00",BAYSW1,55.1,"2026/05/15 04:00:00"',
  'D,METER_DATA,GEN_DUID,1,"2026/05/14 04:10:00",BAYSW1',
  'C,"END OF REPORT",5',
]);

const GAS_CSV = crlf([
  'gas_date,hub_identifier,hub_name,ex_ante_market_price,current_date',
  '15 May 2026,SYD,Sydney,12.3400,14 May 2026 12:01:02',
  '15 May 2026,ADL,Adelaide,11.9000,14 May 2026 12:01:02',
]);

export function writeOverlay(root: string): void {
  const put = (sitePath: string, body: Buffer | string): void => {
    const file = path.join(root, ...sitePath.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, body);
  };
  put(
    SCADA_PATH,
    buildZip([{ name: 'PUBLIC_DISPATCHSCADA_202605140005_0000000517721400.CSV', data: SCADA_CSV }]),
  );
  put(
    BAD_GEN_PATH,
    buildZip([{ name: 'PUBLIC_NEXT_DAY_ACTUAL_GEN_20260514_0000000517721300.CSV', data: BAD_GEN_CSV }]),
  );
  put(GAS_PATH, GAS_CSV);
  utimesSync(path.join(root, ...GAS_PATH.split('/')), GAS_MTIME, GAS_MTIME);
}
