import { z } from 'zod';

/** A name people read, in both languages: 中文 for the clerks, English for integrators and logs. */
export const labelSchema = z.object({ zh: z.string(), en: z.string() });
export type Label = z.infer<typeof labelSchema>;
