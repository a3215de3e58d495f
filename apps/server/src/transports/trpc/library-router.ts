// library.*: the web library view's pages of the audio file table (sorted, searched, filtered on
// the server), and the paths of all matching files for actions on a whole selection.
import { z } from 'zod';
import { FORMAT_NAMES } from '../../afs/index.js';
import { PERMS } from '../../commands/index.js';
import { libraryIndexOf, SORT_COLUMNS, type LibraryQuery } from '../../library/index.js';
import { toTRPCError, permittedProcedure, router } from './trpc.js';

/** rows per page at most */
export const MAX_PAGE = 500;
/** paths per library.paths call at most */
export const MAX_PATHS = 100_000;

const names = z.array(z.string().min(1, 'must not be empty').max(255, 'too long')).max(64);

const query = {
  sort: z
    .enum(SORT_COLUMNS, { message: `must be one of ${SORT_COLUMNS.join(' ')}` })
    .default('path'),
  order: z.enum(['asc', 'desc'], { message: 'must be asc or desc' }).default('asc'),
  search: z.string().max(500, 'too long').optional(),
  withAttributes: names.optional(),
  withoutAttributes: names.optional(),
  format: z.enum(FORMAT_NAMES, { message: `must be one of ${FORMAT_NAMES.join(' ')}` }).optional(),
  offset: z.number().int('must be an integer').min(0, 'must not be negative').default(0),
};

const pageInput = z.object({
  ...query,
  limit: z
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(MAX_PAGE, `must be at most ${MAX_PAGE}`)
    .default(100),
});

const pathsInput = z.object({
  ...query,
  limit: z
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(MAX_PATHS, `must be at most ${MAX_PATHS}`)
    .default(MAX_PATHS),
});

const positionInput = z.object({
  ...query,
  ids: z.array(z.number().int('must be an integer')).min(1, 'must name a file').max(MAX_PATHS),
});

const toQuery = (input: Omit<z.output<typeof positionInput>, 'ids' | 'offset'>): LibraryQuery => ({
  sort: input.sort,
  order: input.order,
  search: input.search,
  withAttributes: input.withAttributes,
  withoutAttributes: input.withoutAttributes,
  format: input.format,
});

export const libraryRouter = router({
  /** one page of rows: `{ total, rows }`, total counting every matching file */
  page: permittedProcedure(PERMS.AFS_READ, 'library.page')
    .input(pageInput)
    .query(async ({ ctx, input }) => {
      try {
        const index = libraryIndexOf(ctx.api.services.afs);
        return await index.page(toQuery(input), input.offset, input.limit);
      } catch (err) {
        throw toTRPCError(err);
      }
    }),
  /** the offset of the first of `ids` in the pages' order, -1 when none matches */
  position: permittedProcedure(PERMS.AFS_READ, 'library.position')
    .input(positionInput)
    .query(async ({ ctx, input }) => {
      try {
        const index = libraryIndexOf(ctx.api.services.afs);
        return { offset: await index.position(toQuery(input), input.ids) };
      } catch (err) {
        throw toTRPCError(err);
      }
    }),
  /** ids and paths of the matching files, in the same order as the pages */
  paths: permittedProcedure(PERMS.AFS_READ, 'library.paths')
    .input(pathsInput)
    .query(async ({ ctx, input }) => {
      try {
        const index = libraryIndexOf(ctx.api.services.afs);
        return await index.paths(toQuery(input), input.offset, input.limit);
      } catch (err) {
        throw toTRPCError(err);
      }
    }),
});
