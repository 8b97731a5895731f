import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { redactUrl } from './auth.js';

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
  parentSchema?: { description?: string };
  data?: unknown;
}

const WHERE: Record<string, string> = { querystring: 'query parameter', params: 'path parameter', body: 'body field', headers: 'header' };

/** A schema validation error → one sentence naming the parameter, its problem and the fix. */
export function describeValidation(context: string | undefined, issue: AjvIssue): { parameter: string; error: string } {
  const where = WHERE[context ?? ''] ?? 'parameter';
  if (issue.keyword === 'additionalProperties' && issue.params?.additionalProperty) {
    const p = issue.params.additionalProperty;
    return { parameter: p, error: `unknown ${where} '${p}' — see /openapi.json for the parameters of this route` };
  }
  const p = issue.params?.missingProperty ?? (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const hint = issue.parentSchema?.description ? ` — ${issue.parentSchema.description}` : '';
  const allowed = issue.params?.allowedValues ? ` (${issue.params.allowedValues.join(', ')})` : '';
  // A pattern is no help to a person: say the value is not valid and show the description.
  const problem = issue.keyword === 'pattern' ? 'is not valid' : (issue.message ?? 'is not valid');
  const value = issue.data !== undefined && typeof issue.data !== 'object' ? ` '${String(issue.data).slice(0, 80)}'` : '';
  return { parameter: p, error: `${where} '${p}'${value} ${problem}${allowed}${hint}` };
}

/** Errors as JSON without stack traces: validation → 400 naming the parameter; client errors keep their message; the rest is "internal error". */
export function errorHandler(onInternal: (err: unknown, where: string) => void) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err.validation && err.validation.length > 0) {
      return reply.code(400).send(describeValidation(err.validationContext, err.validation[0] as AjvIssue));
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) {
      // The log names the route; a ?token= in the URL is masked first.
      onInternal(err, `${req.method} ${redactUrl(req.url)}`);
      return reply.code(500).send({ error: 'internal error' });
    }
    return reply.code(status).send({ error: err.message });
  };
}
