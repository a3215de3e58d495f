// ogg/speex handler (docs/paraslash/formats.md §4.2): speex header, comment and announced extra headers.
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

const MAGIC = ascii('Speex   ');
const MODES = ['narrowband', 'wideband', 'ultra-wideband'];

export const speex: OggCodec = {
  format: 'spx',
  commentMagic: new Uint8Array(0),
  framingBit: false,
  parseIdent(p) {
    if (p.length < 80 || !startsWith(p, MAGIC)) throw new AfhError('not an ogg/speex stream');
    const rate = u32le(p, 36);
    const mode = u32le(p, 40);
    const channels = u32le(p, 48);
    const bitrate = u32le(p, 52) | 0; // -1 = unknown
    const frameSize = u32le(p, 56);
    const vbr = u32le(p, 60) !== 0;
    const framesPerPacket = Math.max(1, u32le(p, 64));
    const extraHeaders = u32le(p, 68);
    const modeName = MODES[mode];
    if (modeName === undefined || rate === 0 || rate > 192000 || channels < 1 || channels > 2) {
      throw new AfhError('bad speex header');
    }
    if (frameSize === 0 || frameSize > 4096 || framesPerPacket > 64 || extraHeaders > 64) {
      throw new AfhError('bad speex framing');
    }
    return {
      headerPackets: 2 + extraHeaders,
      rate,
      channels,
      preSkip: 0,
      nominalBitrate: Math.max(0, bitrate),
      maxPacketSamples: frameSize * framesPerPacket,
      techinfo: `speex ${modeName}, ${vbr ? 'vbr' : 'cbr'}, ${framesPerPacket} frame(s)/packet`,
    };
  },
};

export const speexHandler: AudioFormatHandler = {
  name: 'spx',
  suffixes: ['spx', 'speex'],
  parse: (data) => Promise.resolve().then(() => parseOgg(data, speex)),
  parseSource: (src) => Promise.resolve().then(() => parseOggFrom(src, speex)),
  getHeader: (data) => oggHeader(data, speex),
};
