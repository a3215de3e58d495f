// The shape of a server option (config-options.ts holds the table, split by subsystem here).
export type OptionType = 'flag' | 'string' | 'int' | 'list';

export interface ServerOption {
  name: string;
  short?: string;
  type: OptionType;
  default?: string | number | boolean | string[];
  help: string;
  /** accepted for compatibility, but without effect in paraweb (the reason is printed) */
  unsupported?: string;
}

export const LOGLEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'crit', 'emerg'] as const;
