// The web player's loudness levelling of `/` (the pass-through plays every file as stored): the
// gain that brings a file's measured loudness (the status item `loudness`, EBU R128 integrated,
// measured by the server's renditions) to the target the renditions are levelled to.

/** the renditions' default target (--rendition-loudness), LUFS */
export const LEVEL_TARGET_LUFS = -16;
/** boosting a quiet file is limited: its true peak is not known here, and clipping is worse */
export const MAX_BOOST_DB = 6;
export const MAX_CUT_DB = 24;

/**
 * The gain in dB for a file of `loudness` LUFS (a status string or a number); 0 when the file's
 * loudness is not measured (yet) or not a number.
 */
export function levellingGainDb(
  loudness: string | number | null | undefined,
  targetLufs: number = LEVEL_TARGET_LUFS,
): number {
  if (loudness === undefined || loudness === null || loudness === '') return 0;
  const lufs = typeof loudness === 'number' ? loudness : Number(loudness);
  if (!Number.isFinite(lufs) || lufs < -70 || lufs > 0) return 0;
  const db = targetLufs - lufs;
  return Math.min(MAX_BOOST_DB, Math.max(-MAX_CUT_DB, db));
}

/** dB to the factor a GainNode takes */
export function dbToGain(db: number): number {
  return 10 ** (db / 20);
}
