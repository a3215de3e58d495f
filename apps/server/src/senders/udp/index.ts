// The UDP sender's public surface: the sender, the receiving library and the wire format pieces.
export { UdpSender } from './sender.js';
export type { UdpSenderOptions } from './sender.js';
export { FecReceiver } from './receiver.js';
export type { ReceiverOptions, ReceiverStats } from './receiver.js';
export { FecCode } from './fec.js';
export {
  decodePacket,
  encodePacket,
  FEC_EOF_PACKET,
  FEC_HEADER_SIZE,
  FEC_MAGIC,
} from './packet.js';
export type { DecodedPacket, FecHeader } from './packet.js';
export { parseTarget, formatTarget, isMulticast } from './target.js';
export type { UdpTarget } from './target.js';
