import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  buildDocument,
  DOCX_CONTENT_TYPE,
  documentDocx,
  documentKinds,
  documentText,
  documentTitles,
} from '../../documents/index';
import { caseIdSchema, departmentIdSchema, workflowIdFor } from '../../domain/case';
import { requireDepartmentAccess } from '../auth';
import { viewFor } from '../confidentiality';
import { type ApiDeps, createRouter } from '../context';
import { ApiError, errorResponses } from '../errors';
import { readCase } from './cases';

const documentParams = z.object({
  department: departmentIdSchema,
  caseId: caseIdSchema,
  kind: z.enum(documentKinds).describe('Which document: 纪实, 干部任免审批表, 考察预告 or 任前公示'),
});

const documentRoute = createRoute({
  operationId: 'getDocument',
  method: 'get',
  path: '/cases/{department}/{caseId}/documents/{kind}',
  tags: ['Documents'],
  security: [{ bearer: [] }],
  summary: 'A document the department files (纪实, 干部任免审批表, 考察预告, 任前公示)',
  description:
    'In Chinese throughout, as a Word file (format=docx, the default) or as plain text with the same content. Built from what the caller may read: a department never gets report content or the discipline opinion. 409 document_not_ready while the case has not reached the step that yields the document (no approval form before the vote subjects are known, no publicity notice before publicity).',
  request: {
    params: documentParams,
    query: z.object({ format: z.enum(['docx', 'text']).default('docx') }),
  },
  responses: {
    200: {
      description: 'The document, with a Content-Disposition file name',
      content: {
        [DOCX_CONTENT_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
        'text/plain': { schema: z.string() },
      },
    },
    ...errorResponses(401, 403, 404, 409, 422, 429, 503),
  },
});

/** attachment; filename="record-….docx"; filename*=UTF-8''干部选拔任用工作纪实-….docx (RFC 6266). */
function attachment(title: string, kind: string, caseRef: string, extension: string): string {
  const ascii = `${kind}-${caseRef.replace('/', '-')}.${extension}`;
  const chinese = encodeURIComponent(`${title}-${caseRef.replace('/', '-')}.${extension}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${chinese}`;
}

/** The documents routes, mounted under /v1. */
export function documentRoutes({ client, documentIssuer }: ApiDeps) {
  const app = createRouter();
  const issuer = documentIssuer ?? process.env.CADRE_DOCUMENT_ISSUER ?? '组织部';

  app.openapi(documentRoute, async (c) => {
    const { kind, ...ref } = c.req.valid('param');
    const caller = c.get('caller');
    requireDepartmentAccess(caller, ref.department);
    const view = viewFor(caller, await readCase(client, workflowIdFor(ref)));
    const pages = buildDocument(kind, view, { issuer });
    const title = documentTitles[kind];
    if (!pages) {
      throw new ApiError(
        409,
        'document_not_ready',
        `案件尚未办理到产生${title.zh}的步骤 · the case has not reached the step that yields ${title.en}`,
        { state: view.state, label: view.label },
      );
    }
    const caseRef = workflowIdFor(ref);
    if (c.req.valid('query').format === 'text') {
      return c.body(documentText(pages), 200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': attachment(title.zh, kind, caseRef, 'txt'),
      });
    }
    const docx = await documentDocx(pages);
    return c.body(new Uint8Array(docx), 200, {
      'content-type': DOCX_CONTENT_TYPE,
      'content-disposition': attachment(title.zh, kind, caseRef, 'docx'),
    });
  });

  return app;
}
