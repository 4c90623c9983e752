import * as parse from '../../../etl/src/parse';

describe('etl/src/parse public surface', () => {
  it('exports exactly these values (a change here is an API change for bronze and the CLI)', () => {
    expect(Object.keys(parse).sort()).toEqual([
      'CidReader',
      'CorruptZipError',
      'HeaderedCsvReader',
      'MarketTimeError',
      'ParseError',
      'RecordSplitter',
      'hashColumns',
      'identifyGasFile',
      'listReportFiles',
      'parseMarketTime',
      'readCid',
      'readHeaderedCsv',
      'readReport',
      'rowToRecord',
      'walkZip',
    ]);
  });
});
