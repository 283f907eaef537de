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
