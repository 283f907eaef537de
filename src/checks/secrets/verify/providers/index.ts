import type { VerifierSpec } from '../types.js';
import github from './github.js';
import gitlab from './gitlab.js';
import slack from './slack.js';
import discordBot from './discord-bot.js';
import discordWebhook from './discord-webhook.js';
import telegram from './telegram.js';
import sendgrid from './sendgrid.js';
import twilio from './twilio.js';
import openai from './openai.js';
import anthropic from './anthropic.js';
import huggingface from './huggingface.js';
import groq from './groq.js';
import replicate from './replicate.js';
import stripe from './stripe.js';
import npm from './npm.js';
import digitalocean from './digitalocean.js';
import netlify from './netlify.js';
import heroku from './heroku.js';
import doppler from './doppler.js';
import circleci from './circleci.js';
import buildkite from './buildkite.js';
import supabase from './supabase.js';
import notion from './notion.js';
import postman from './postman.js';
import datadog from './datadog.js';
import aws from './aws.js';

/**
 * Every verifier: one file per provider, registered here by one line. Each file says which rules it
 * verifies, the fixed host(s) it may talk to, the request and how to read the answer; docs/secrets-verify.md
 * lists them (a test keeps it in step), and __tests__/secrets/verify-providers.test.ts must have answers for
 * each (a test fails for a verifier without them).
 */
export const VERIFIERS: readonly VerifierSpec[] = Object.freeze([
  github,
  gitlab,
  slack,
  discordBot,
  discordWebhook,
  telegram,
  sendgrid,
  twilio,
  openai,
  anthropic,
  huggingface,
  groq,
  replicate,
  stripe,
  npm,
  digitalocean,
  netlify,
  heroku,
  doppler,
  circleci,
  buildkite,
  supabase,
  notion,
  postman,
  datadog,
  aws,
]);
