import NextAuth from 'next-auth';
import EmailProvider from 'next-auth/providers/email';
import { transport } from '@/lib/mailer';

const handler = NextAuth({
  secret: process.env.NEXTAUTH_SECRET,
  providers: [EmailProvider({ server: transport.options, from: 'helpdesk@example.com' })],
  cookies: {
    sessionToken: {
      name: 'next-auth.session-token',
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false },
    },
  },
});

export { handler as GET, handler as POST };
