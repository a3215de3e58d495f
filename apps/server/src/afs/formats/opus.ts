// ogg/opus handler (docs/paraslash/formats.md §4.3): OpusHead and OpusTags, granule positions at 48 kHz.
import {
  ascii,
  oggHeader,
  parseOgg,
  parseOggFrom,
  startsWith,
  type OggCodec,
} from './ogg-chunks.js';
import { AfhError, type AudioFormatHandler } from './types.js';

const HEAD = ascii('OpusHead');
const TAGS = ascii('OpusTags');

export const opus: OggCodec = {
  format: 'opus',
  commentMagic: TAGS,
  framingBit: false,
  parseIdent(p) {
    if (p.length < 19 || !startsWith(p, HEAD)) throw new AfhError('not an ogg/opus stream');
    const version = p[8]!;
    const channels = p[9]!;
    const preSkip = p[10]! | (p[11]! << 8);
    const family = p[18]!;
    // only the major version (upper nibble) 0 is understood by decoders
    if (version >> 4 !== 0 || channels === 0) throw new AfhError('bad OpusHead');
    if (family === 0 ? channels > 2 : p.length < 21 + channels) {
      throw new AfhError('bad opus channel mapping');
    }
    return {
      headerPackets: 2,
      rate: 48000,
      channels,
      preSkip,
      nominalBitrate: 0,
      maxPacketSamples: 5760, // 120 ms at 48 kHz
      techinfo: `opus, pre-skip ${preSkip}, mapping family ${family}`,
    };
  },
};

export const opusHandler: AudioFormatHandler = {
  name: 'opus',
  suffixes: ['opus'],
  parse: (data) => Promise.resolve().then(() => parseOgg(data, opus)),
  parseSource: (src) => Promise.resolve().then(() => parseOggFrom(src, opus)),
  getHeader: (data) => oggHeader(data, opus),
};
