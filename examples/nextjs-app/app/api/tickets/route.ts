import qs from 'qs';
import { z } from 'zod';
import { prisma } from '@/lib/prisma';
import { withRateLimit } from '@/lib/rate-limit';

const Ticket = z.object({ title: z.string().min(1).max(200), body: z.string().max(10_000) });

export async function POST(request: Request) {
  if (!(await withRateLimit(request.headers.get('x-forwarded-for') ?? 'anon'))) {
    return new Response('Too many requests', { status: 429 });
  }
  const data = Ticket.parse(await request.json());
  const ticket = await prisma.ticket.create({ data });
  return Response.json(ticket, { status: 201 });
}

// GET /api/tickets?status=open&tags[]=billing: qs turns the brackets into arrays and objects, the very
// parsing that GHSA-hrpp-h998-j3pp abuses in qs 6.10.2 (see package.json and npm-audit.json).
export async function GET(request: Request) {
  const query = qs.parse(new URL(request.url).search.slice(1));
  const status = typeof query.status === 'string' ? query.status : undefined;
  const tickets = await prisma.ticket.findMany({ where: { status }, take: 50 });
  return Response.json(tickets);
}
