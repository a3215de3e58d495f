// ogg/vorbis handler (docs/paraslash/formats.md §4.1): identification, comment and setup header, then audio pages.
import {
  ascii,
  oggHeader,
  parseOgg,
  parseOggFrom,
  startsWith,
  u32le,
  type OggCodec,
} from './ogg-chunks.js';
import { AfhError, type AudioFormatHandler } from './types.js';

const IDENT = ascii('\x01vorbis');
const COMMENT = ascii('\x03vorbis');
const SETUP = ascii('\x05vorbis');

export const vorbis: OggCodec = {
  format: 'ogg',
  commentMagic: COMMENT,
  framingBit: true,
  parseIdent(p) {
    if (p.length < 30 || !startsWith(p, IDENT)) throw new AfhError('not an ogg/vorbis stream');
    const channels = p[11]!;
    const rate = u32le(p, 12);
    const nominal = u32le(p, 20) | 0; // signed: 0 or -1 mean unset
    const bs0 = p[28]! & 15;
    const bs1 = p[28]! >> 4;
    if (u32le(p, 7) !== 0 || channels === 0 || rate === 0 || !(p[29]! & 1)) {
      throw new AfhError('bad vorbis identification header');
    }
    if (bs0 < 6 || bs1 > 13 || bs0 > bs1) throw new AfhError('bad vorbis block sizes');
    return {
      headerPackets: 3,
      rate,
      channels,
      preSkip: 0,
      nominalBitrate: Math.max(0, nominal),
      // a packet yields at most half a long block
      maxPacketSamples: (1 << bs1) / 2,
      techinfo: nominal > 0 ? `vorbis, nominal ${Math.round(nominal / 1000)} kbit/s` : 'vorbis',
    };
  },
  checkHeader(_index, packet) {
    if (!startsWith(packet, SETUP)) throw new AfhError('no vorbis setup header');
  },
};

export const vorbisHandler: AudioFormatHandler = {
  name: 'ogg',
  suffixes: ['ogg', 'oga'],
  parse: (data) => Promise.resolve().then(() => parseOgg(data, vorbis)),
  parseSource: (src) => Promise.resolve().then(() => parseOggFrom(src, vorbis)),
  getHeader: (data) => oggHeader(data, vorbis),
};
