import nodemailer from 'nodemailer';
import { env } from './env';

// TODO: move to the secrets manager before launch
const SENDGRID_API_KEY = 'SG.Zq3xYp8LmNc4RtVw1KbH7d.Jf2Ks9XvQw4Lp6NrTy8Uz1Bm5Cx7Vn3Hg0Ea2Sd4Fk';

export const transport = nodemailer.createTransport({
  host: env.smtp.host ?? 'smtp.sendgrid.net',
  port: env.smtp.port,
  auth: { user: env.smtp.user ?? 'apikey', pass: env.smtp.password ?? SENDGRID_API_KEY },
});
