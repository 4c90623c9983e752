import { assetsJson, assetsText } from '../../../etl/src/cli/commands/assets';

describe('etl assets', () => {
  it('prints the catalogue as a table followed by the asset graph', () => {
    const text = assetsText();
    expect(text.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(/^report\s+market\s+cadence\s+sources\s+evidence$/),
      expect.stringMatching(/^-+\s+-+/),
      expect.stringMatching(/^dispatch_is\s+nem\s+5min\s+current\+archive\+mmsdm\s+listing$/),
    ]);
    expect(text).toContain('bronze/dispatch_unit_scada_v{n} <- landing/dispatch_scada');
  });

  it('prints JSON with the reports and the assets', () => {
    const parsed = JSON.parse(assetsJson()) as { reports: { id: string }[]; assets: { key: string }[] };
    expect(parsed.reports.map((r) => r.id)).toContain('sttm_int651_ex_ante_market_price');
    expect(parsed.assets.map((a) => a.key)).toContain('landing/_manifest');
  });
});
