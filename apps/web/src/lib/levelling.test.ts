import { describe, expect, it } from 'vitest';
import { dbToGain, levellingGainDb, MAX_BOOST_DB, MAX_CUT_DB } from './levelling';

describe('levellingGainDb', () => {
  it('brings a file to the target: target minus its loudness', () => {
    expect(levellingGainDb('-10')).toBeCloseTo(-6);
    expect(levellingGainDb(-19.5)).toBeCloseTo(3.5);
    expect(levellingGainDb('-16')).toBeCloseTo(0);
    expect(levellingGainDb('-23', -23)).toBeCloseTo(0);
    expect(levellingGainDb('-8.25', -14)).toBeCloseTo(-5.75);
  });

  it('two files 12 dB apart end up at the same level', () => {
    const loud = -8;
    const quiet = -20;
    expect(loud + levellingGainDb(loud)).toBeCloseTo(quiet + levellingGainDb(quiet));
  });

  it('limits the boost (the peak is unknown) and the cut', () => {
    expect(levellingGainDb('-40')).toBe(MAX_BOOST_DB);
    expect(levellingGainDb('-1', -40)).toBe(-MAX_CUT_DB);
  });

  it('no gain for a file not measured yet, or nonsense', () => {
    for (const v of [undefined, null, '', 'abc', '5', '-120', Number.NaN]) {
      expect(levellingGainDb(v)).toBe(0);
    }
  });

  it('dB to a gain factor', () => {
    expect(dbToGain(0)).toBe(1);
    expect(dbToGain(-6)).toBeCloseTo(0.501, 3);
    expect(dbToGain(20)).toBeCloseTo(10);
  });
});
