// Attribute errors in words: the 64-bit limit says what to do about it.
import { MAX_ATTRIBUTES } from '@paraweb/contracts';
import { TRPCClientError } from '@trpc/client';
import { errorMessage } from '@/lib/errors';

function paraCode(err: unknown): string | undefined {
  if (!(err instanceof TRPCClientError)) return undefined;
  const data: unknown = err.data;
  if (data && typeof data === 'object' && 'paraCode' in data && typeof data.paraCode === 'string')
    return data.paraCode;
  return undefined;
}

export function attributeError(err: unknown): string {
  if (paraCode(err) === 'E_FULL')
    return `All ${MAX_ATTRIBUTES} attribute bits are taken: paraslash stores attributes as one 64-bit mask per file. Remove an attribute you no longer need, then add the new one.`;
  return errorMessage(err);
}
