// Typed tRPC hooks for the web app; the router type is the only thing imported from the server.
import type { AppRouter } from '@paraweb/server/router';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
