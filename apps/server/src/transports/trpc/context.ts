// What every tRPC procedure receives: the services the appliance exposes to the web side.
// Kept free of Fastify types so that the web app's type-check of the router stays small.

/** The server-side services the HTTP API reads from; main/app wires the real ones in. */
export interface ApiServices {
  version: string;
  libraryStats(): Promise<{ files: number }>;
}

export interface Context {
  services: ApiServices;
}

/** Returns the per-request context factory handed to the tRPC adapter. */
export function createContextFactory(services: ApiServices): () => Context {
  return () => ({ services });
}
