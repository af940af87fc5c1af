import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { departmentIdSchema } from '../domain/case';

/**
 * Per-department credentials. Only a SHA-256 of each token is stored: tokens are 32 random bytes, so a
 * fast hash is as good as a slow one here, and a leaked file grants nothing.
 */
const credentialSchema = z
  .object({
    id: z.string().min(1).max(64).describe('Who acts: recorded as the actor of every event they send'),
    name: z.string().min(1).max(128),
    role: z.enum(['department', 'organization_department', 'committee']),
    department: departmentIdSchema
      .optional()
      .describe('For the department role: the only department it acts for'),
    tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256 of the token'),
  })
  .refine((c) => c.role !== 'department' || c.department, {
    message: 'a department credential names its department',
    path: ['department'],
  });
export type Credential = z.infer<typeof credentialSchema>;
const credentialsFileSchema = z.array(credentialSchema);

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newToken = (): string => `cadre_${randomBytes(32).toString('base64url')}`;

/** From CADRE_CREDENTIALS (JSON) or the file CADRE_CREDENTIALS_FILE / `fallbackFile`; none → []. */
export function loadCredentials(fallbackFile: string): Credential[] {
  const inline = process.env.CADRE_CREDENTIALS;
  const file = process.env.CADRE_CREDENTIALS_FILE || fallbackFile;
  const raw = inline ?? (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  if (raw === undefined) return [];
  const parsed = credentialsFileSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) {
    throw new Error(
      `Credentials (${inline ? 'CADRE_CREDENTIALS' : file}) are invalid: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

/** May this caller see and act on cases of `department`? The organization department and committee see all. */
export const mayActFor = (caller: Credential, department: string): boolean =>
  caller.role !== 'department' || caller.department === department;
