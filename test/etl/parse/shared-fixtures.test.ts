// Every real AEMO file in the shared fixtures parses. Expected sections, column counts, first/last column names,
// D-row counts and line counts were computed independently with `unzip -p | awk` (counting I and D lines by
// their prefix; pandas' "Unnamed: 2" read as empty), not with this parser.
import { resolve } from 'node:path';
import { listReportFiles, readReport, type ParseEvent } from '../../../etl/src/parse';
import { collect, ofKind, rowsBySection } from './fixtures/aemo-text';

const NEMWEB = resolve(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'aemo', 'nemweb');

type Expected = [id: string, columns: number, first: string, last: string, dataRows: number];
const FIXTURES: Array<[zip: string, lines: number, sections: Expected[]]> = [
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_BIDDAYOFFER_D_201804010000.zip',
    43,
    [['BID,BIDDAYOFFER_D,2', 28, 'SETTLEMENTDATE', 'ENTRYTYPE', 40]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_BIDPEROFFER_D_201804010000.zip',
    11523,
    [['BID,BIDPEROFFER_D,2', 29, 'SETTLEMENTDATE', 'MR_CAPACITY', 11520]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCHCONSTRAINT_201804010000.zip',
    2674,
    [['DISPATCH,CONSTRAINT,3', 13, 'SETTLEMENTDATE', 'LHS', 2671]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCHINTERCONNECTORRES_201804010000.zip',
    2674,
    [['DISPATCH,INTERCONNECTORRES,1', 18, 'SETTLEMENTDATE', 'FCASIMPORTLIMIT', 2671]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCHLOAD_201804010000.zip',
    5345,
    [['DISPATCH,UNIT_SOLUTION,2', 56, 'SETTLEMENTDATE', 'SEMIDISPATCHCAP', 5342]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCHPRICE_201804010000.zip',
    5345,
    [['DISPATCH,PRICE,1', 54, 'SETTLEMENTDATE', 'CUMUL_PRE_AP_LOWERREG_PRICE', 5342]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCHREGIONSUM_201804010000.zip',
    5345,
    [['DISPATCH,REGIONSUM,4', 105, 'SETTLEMENTDATE', 'SEMISCHEDULE_COMPLIANCEMW', 5342]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCH_UNIT_SCADA_201804010000.zip',
    2883,
    [['DISPATCH,UNIT_SCADA,1', 3, 'SETTLEMENTDATE', 'SCADAVALUE', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_MNSP_DAYOFFER_201804010000.zip',
    25,
    [['OFFER,MNSP_DAYOFFER,2', 19, 'SETTLEMENTDATE', 'MR_FACTOR', 22]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_MNSP_PEROFFER_201804010000.zip',
    1059,
    [['OFFER,MNSP_PEROFFER,1', 22, 'SETTLEMENTDATE', 'MR_CAPACITY', 1056]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_PARTICIPANT_201804010000.zip',
    6,
    [['PARTICIPANT_REGISTRATION,PARTICIPANT,1', 7, 'PARTICIPANTID', 'LASTCHANGED', 3]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_TRADINGINTERCONNECT_201804010000.zip',
    243,
    [['TRADING,INTERCONNECTORRES,2', 8, 'SETTLEMENTDATE', 'LASTCHANGED', 240]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_TRADINGLOAD_201804010000.zip',
    483,
    [['TRADING,UNIT_SOLUTION,2', 20, 'SETTLEMENTDATE', 'SEMIDISPATCHCAP', 480]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_TRADINGPRICE_201804010000.zip',
    483,
    [['TRADING,PRICE,2', 26, 'SETTLEMENTDATE', 'PRICE_STATUS', 480]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2018/MMSDM_2018_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_TRADINGREGIONSUM_201804010000.zip',
    483,
    [['TRADING,REGIONSUM,4', 90, 'SETTLEMENTDATE', 'UIGF', 480]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2021/MMSDM_2021_04/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DUDETAILSUMMARY_202104010000.zip',
    37,
    [['PARTICIPANT_REGISTRATION,DUDETAILSUMMARY,4', 20, 'DUID', 'IS_AGGREGATED', 34]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2021/MMSDM_2021_10/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_TRADINGINTERCONNECT_202110010000.zip',
    1443,
    [['TRADING,INTERCONNECTORRES,2', 8, 'SETTLEMENTDATE', 'LASTCHANGED', 1440]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2021/MMSDM_2021_10/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_TRADINGPRICE_202110010000.zip',
    2883,
    [['TRADING,PRICE,2', 26, 'SETTLEMENTDATE', 'PRICE_STATUS', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCHCONSTRAINT_202407010000.zip',
    1443,
    [['DISPATCH,CONSTRAINT,5', 13, 'SETTLEMENTDATE', 'LHS', 1440]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCHINTERCONNECTORRES_202407010000.zip',
    1443,
    [['DISPATCH,INTERCONNECTORRES,3', 18, 'SETTLEMENTDATE', 'FCASIMPORTLIMIT', 1440]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCHLOAD_202407010000.zip',
    2883,
    [['DISPATCH,UNIT_SOLUTION,5', 68, 'SETTLEMENTDATE', 'MIN_AVAILABILITY', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCHPRICE_202407010000.zip',
    2883,
    [['DISPATCH,PRICE,4', 54, 'SETTLEMENTDATE', 'CUMUL_PRE_AP_LOWERREG_PRICE', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCHREGIONSUM_202407010000.zip',
    2883,
    [['DISPATCH,REGIONSUM,8', 125, 'SETTLEMENTDATE', 'BDU_CLEAREDMW_LOAD', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_DISPATCH_UNIT_SCADA_202407010000.zip',
    2883,
    [['DISPATCH,UNIT_SCADA,1', 3, 'SETTLEMENTDATE', 'SCADAVALUE', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_ROOFTOP_PV_ACTUAL_202407010000.zip',
    1155,
    [['ROOFTOP,ACTUAL,2', 6, 'INTERVAL_DATETIME', 'LASTCHANGED', 1152]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_TRADINGINTERCONNECT_202407010000.zip',
    1443,
    [['TRADING,INTERCONNECTORRES,2', 8, 'SETTLEMENTDATE', 'LASTCHANGED', 1440]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_07/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_DVD_TRADINGPRICE_202407010000.zip',
    2883,
    [['TRADING,PRICE,2', 30, 'SETTLEMENTDATE', 'PRICE_STATUS', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23BIDDAYOFFER_D%23FILE01%23202408010000.zip',
    43,
    [['BID,BIDDAYOFFER_D,3', 29, 'SETTLEMENTDATE', 'ENTRYTYPE', 40]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23BIDPEROFFER_D%23FILE01%23202408010000.zip',
    11523,
    [['BID,BIDPEROFFER_D,3', 31, 'SETTLEMENTDATE', 'ENERGYLIMIT', 11520]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23DISPATCHCONSTRAINT%23FILE01%23202408010000.zip',
    1443,
    [['DISPATCH,CONSTRAINT,5', 13, 'SETTLEMENTDATE', 'LHS', 1440]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23DISPATCHINTERCONNECTORRES%23FILE01%23202408010000.zip',
    1443,
    [['DISPATCH,INTERCONNECTORRES,3', 22, 'SETTLEMENTDATE', 'LOCALLY_CONSTRAINED_IMPORT', 1440]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23DISPATCHLOAD%23FILE01%23202408010000.zip',
    2883,
    [['DISPATCH,UNIT_SOLUTION,5', 68, 'SETTLEMENTDATE', 'MIN_AVAILABILITY', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202408010000.zip',
    2883,
    [['DISPATCH,PRICE,5', 66, 'SETTLEMENTDATE', 'CUMUL_PRE_AP_LOWER1_PRICE', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23DISPATCHREGIONSUM%23FILE01%23202408010000.zip',
    2883,
    [['DISPATCH,REGIONSUM,8', 125, 'SETTLEMENTDATE', 'BDU_CLEAREDMW_LOAD', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23DISPATCH_UNIT_SCADA%23FILE01%23202408010000.zip',
    2883,
    [['DISPATCH,UNIT_SCADA,1', 3, 'SETTLEMENTDATE', 'SCADAVALUE', 2880]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23MNSP_DAYOFFER%23FILE01%23202408010000.zip',
    2913,
    [['BIDS,MNSP_DAYOFFER,1', 24, 'SETTLEMENTDATE', 'REFERENCE_ID', 2910]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23ROOFTOP_PV_ACTUAL%23FILE01%23202408010000.zip',
    963,
    [['ROOFTOP,ACTUAL,2', 6, 'INTERVAL_DATETIME', 'QI', 960]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23TRADINGINTERCONNECT%23FILE01%23202408010000.zip',
    1443,
    [['TRADING,INTERCONNECTORRES,2', 8, 'SETTLEMENTDATE', 'LASTCHANGED', 1440]],
  ],
  [
    'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23TRADINGPRICE%23FILE01%23202408010000.zip',
    2883,
    [['TRADING,PRICE,3', 30, 'SETTLEMENTDATE', 'LOWER1SECROP', 2880]],
  ],
  [
    'Reports/Current/Daily_Reports/PUBLIC_DAILY_202605140000_20260515040504.zip',
    584,
    [
      ['DISPATCH,CASESOLUTION,1', 21, 'SETTLEMENTDATE', 'LASTCHANGED', 0],
      ['DREGION,,2', 116, 'SETTLEMENTDATE', 'LOWERREGAPCFLAG', 576],
      ['DREGION,,3', 126, 'SETTLEMENTDATE', 'LRCSURPLUS', 0],
      ['DUNIT,,2', 41, 'SETTLEMENTDATE', 'LOWERREGENABLEMENTMIN', 0],
      ['DUNIT,,3', 49, 'SETTLEMENTDATE', 'LOWERREGACTUALAVAILABILITY', 0],
      ['DISPATCH,REGIONFCASREQUIREMENT,1', 10, 'SETTLEMENTDATE', 'LASTCHANGED', 0],
    ],
  ],
  [
    'Reports/Current/Next_Day_Dispatch/PUBLIC_NEXT_DAY_DISPATCH_20260514_0000000517721207.zip',
    583,
    [
      ['DISPATCH,UNIT_SOLUTION,6', 69, 'SETTLEMENTDATE', 'ELEMENT_CAP', 576],
      ['DISPATCH,LOCAL_PRICE,1', 4, 'SETTLEMENTDATE', 'LOCALLY_CONSTRAINED', 0],
      ['DISPATCH,OFFERTRK,1', 6, 'SETTLEMENTDATE', 'LASTCHANGED', 0],
      ['DISPATCH,CONSTRAINT,5', 13, 'SETTLEMENTDATE', 'LHS', 0],
      ['DISPATCH,MNSPBIDTRK,1', 8, 'SETTLEMENTDATE', 'LASTCHANGED', 0],
    ],
  ],
  [
    'Reports/Current/Next_Day_Intermittent_Gen_Scada/PUBLIC_NEXT_DAY_INTERMITTENT_GEN_SCADA_20260514_0000000517721212.zip',
    579,
    [['DEMAND,INTERMITTENT_GEN_SCADA,1', 6, 'RUN_DATETIME', 'LASTCHANGED', 576]],
  ],
];

describe('the shared NEMWeb fixtures', () => {
  it('lists all 42 fixture zips', () => {
    expect(FIXTURES).toHaveLength(42);
  });

  it.each(FIXTURES)('%s parses into the expected sections and rows', async (zip, lines, expected) => {
    const files = [];
    for await (const file of listReportFiles(resolve(NEMWEB, zip))) {
      files.push({ file, events: await collect(readReport(await file.open(), file.displayName)) });
    }
    expect(files).toHaveLength(1);
    const { file, events } = files[0]!;
    expect(file.displayName).toMatch(/\.CSV$/);
    const sections = [...rowsBySection(events).values()];
    expect(
      sections.map(({ section, rows }) => [
        section.id,
        section.columns.length,
        section.columns[0],
        section.columns.at(-1),
        rows.length,
      ]),
    ).toEqual(expected);
    expect(ofKind(events, 'end')[0]).toMatchObject({ lines, sections: expected.length });
    const header = ofKind(events, 'file-header')[0]!.header;
    expect(header.createdAt).toBeInstanceOf(Date);
    expect(header.participant).toBe('PUBLIC');
    // These bodies were filtered by NEMOSIS and re-written by pandas: the footer counts are stale.
    const footer = ofKind(events, 'footer')[0]!;
    expect(footer.countedRows).toBe(lines);
    expect(footer.isMismatch).toBe(true);
    expect(warningCodes(events)).toContain('FOOTER_COUNT_MISMATCH');
  });

  it('reads the MMSDM 2024-08 member name with its real "#" while the zip on disk says %23', async () => {
    const zip =
      'Data_Archive/Wholesale_Electricity/MMSDM/2024/MMSDM_2024_08/MMSDM_Historical_Data_SQLLoader/DATA/PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202408010000.zip';
    const names = [];
    for await (const file of listReportFiles(resolve(NEMWEB, zip))) names.push(file.path);
    expect(names).toEqual([
      [
        'PUBLIC_ARCHIVE%23DISPATCHPRICE%23FILE01%23202408010000.zip',
        'PUBLIC_ARCHIVE#DISPATCHPRICE#FILE01#202408010000.CSV',
      ],
    ]);
  });
});

function warningCodes(events: readonly ParseEvent[]): string[] {
  return ofKind(events, 'warning').map((w) => w.code);
}
