// The server's version, alone in a module: para_client prints it without loading the command table.
export const PARAWEB_VERSION = '0.1.0';
