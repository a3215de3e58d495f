// The keywords of the mood language (docs/paraslash/moods.md): the server's parser accepts exactly
// these, the dashboard's editor highlights and lists them.

/** Integer keywords. `duration` (seconds) is paraweb's extension. */
export const MOOD_INT_KEYWORDS = [
  'num_played',
  'image_id',
  'lyrics_id',
  'num_attributes_set',
  'bitrate',
  'frequency',
  'channels',
  'year',
  'duration',
] as const;
export type MoodIntKeyword = (typeof MOOD_INT_KEYWORDS)[number];

/** String keywords. `audio_format` (the format's name, e.g. "mp3") is paraweb's extension. */
export const MOOD_STRING_KEYWORDS = [
  'path',
  'artist',
  'title',
  'album',
  'comment',
  'audio_format',
] as const;
export type MoodStringKeyword = (typeof MOOD_STRING_KEYWORDS)[number];

export const MOOD_KEYWORDS: readonly string[] = [...MOOD_INT_KEYWORDS, ...MOOD_STRING_KEYWORDS];
