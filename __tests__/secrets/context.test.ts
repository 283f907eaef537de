import { describe, expect, it } from 'vitest';
import { contextOf, hasGeneratedHeader, hasTestBuildConstraint, headerContext, isCapturedPage, isDeploymentTemplate } from '../../src/checks/secrets/context.js';

describe('the context of a secret, from its path', () => {
  it.each([
    // Test code of every common runner, fixtures, recordings and snapshots.
    ['apps/web/src/app/api/private/[...route]/route.test.ts', 'test'],
    ['packages/backend/src/access-token/access-token.service.spec.ts', 'test'],
    ['web/src/__tests__/server/llm-api-key.servertest.ts', 'test'],
    ['src/documents/tests/test_api_profile.py', 'test'],
    ['billing/conftest.py', 'test'],
    ['shop/orders/tests.py', 'test'],
    ['internal/auth/testutil.go', 'test'],
    ['src/test-helpers.ts', 'test'],
    ['database/user_test.go', 'test'],
    ['spec/models/user_spec.rb', 'test'],
    ['tests/Auth/RegistrationTest.php', 'test'],
    ['src/test/java/com/acme/PaymentServiceTest.java', 'test'],
    ['internal/webhook/testdata/signing.pem', 'test'],
    ['test/vcr_cassettes/plaid/exchange_token.yml', 'test'],
    ['spec/fixtures/cassettes/stripe_charge.yml', 'test'],
    ['e2e/playwright.config.ts', 'test'],
    ['cypress/e2e/login.cy.ts', 'test'],
    ['src/__mocks__/api.ts', 'test'],
    ['packages/cli/src/__tests__/e2e/commands/__snapshots__/test.spec.ts.snap', 'test'],
    ['.env.test', 'test'],
    ['src/api/__recordings__/checkout_1234/recording.har', 'test'],
    ['web/__nock-fixtures__/github.json', 'test'],
    ['captures/login.har', 'test'],
    ['docker-compose.e2e.yml', 'test'],
    // Mocks, fakes and stubs by folder or file name, test folders named after their kind.
    ['src/api/user.mock.ts', 'test'],
    ['web/src/data/orders.fixtures.json', 'test'],
    ['internal/store/mock_store.go', 'test'],
    ['internal/store/store_mock.go', 'test'],
    ['pkg/payments/fakes/gateway.go', 'test'],
    ['app/mock-server/routes.js', 'test'],
    ['packages/api-tests/auth.ts', 'test'],
    ['src/test-fixtures/tokens.json', 'test'],
    ['apps/e2e-utils/login.ts', 'test'],
    ['.env.mock', 'test'],
    // Test runners' configuration and a framework's test environment.
    ['playwright.config.ts', 'test'],
    ['apps/web/cypress.config.js', 'test'],
    ['vitest.config.mts', 'test'],
    ['jest.setup.js', 'test'],
    ['src/setupTests.ts', 'test'],
    ['phpunit.xml', 'test'],
    ['phpunit.xml.dist', 'test'],
    ['config/test.exs', 'test'],
    ['config/environments/test.rb', 'test'],
    ['app/settings/testing.py', 'test'],
    // Documentation.
    ['apps/docs/content/docs/developers/webhooks/events.mdx', 'docs'],
    ['docs/self-hosting/config.yaml', 'docs'],
    ['README.md', 'docs'],
    ['CHANGELOG', 'docs'],
    // CI, development setups.
    ['.github/workflows/ci.yml', 'ci'],
    ['.gitlab-ci.yml', 'ci'],
    ['.circleci/config.yml', 'ci'],
    ['Jenkinsfile', 'ci'],
    ['.env.ci', 'ci'],
    ['.gitea/workflows/build.yml', 'ci'],
    ['.forgejo/workflows/release.yaml', 'ci'],
    ['.devcontainer/docker-compose.yml', 'dev'],
    ['docker-compose.dev.yml', 'dev'],
    ['compose.override.yaml', 'dev'],
    ['Vagrantfile', 'dev'],
    ['apps/client/localhost.pem', 'dev'],
    ['certs/localhost-key.pem', 'dev'],
    ['.storybook/preview.ts', 'dev'],
    ['.vscode/launch.json', 'dev'],
    ['Tiltfile', 'dev'],
    ['Procfile.dev', 'dev'],
    ['config/dev.exs', 'dev'],
    ['config/environments/development.rb', 'dev'],
    ['backend/settings/local.py', 'dev'],
    // Examples and templates meant to be copied.
    ['.env.example', 'example'],
    ['.env.example.complete', 'example'],
    ['.example.env', 'example'],
    ['config/settings.sample.yml', 'example'],
    ['config-example.yml', 'example'],
    ['example.env', 'example'],
    ['.env.template', 'example'],
    ['examples/with-stripe/.env', 'example'],
    // Generated and vendored code.
    ['.yarn/releases/yarn-4.5.0.cjs', 'generated'],
    ['public/assets/app.4f3a9c.min.js', 'generated'],
    ['vendor/github.com/acme/sdk/client.go', 'generated'],
    ['node_modules/left-pad/index.js', 'generated'],
    ['proto/gen/api/v1/user.pb.go', 'generated'],
    ['dist/server.js', 'generated'],
    // Everything else is the application.
    ['src/lib/auth.ts', 'source'],
    ['config/database.yml', 'source'],
    ['docker-compose.yml', 'source'],
    ['charts/api/values.yaml', 'source'],
    ['package-lock.json', 'source'],
    ['src/email-template.ts', 'source'],
    ['src/latest.ts', 'source'],
    ['src/integrations/slack.ts', 'source'],
    ['src/contests/secret.ts', 'source'],
    ['src/latest-tests.md', 'docs'],
    ['src/mockups/theme.ts', 'source'],
    ['config/prod.exs', 'source'],
    ['config/runtime.exs', 'source'],
    ['config/environments/production.rb', 'source'],
    ['app/settings/production.py', 'source'],
    ['src/jest-utils.ts', 'source'],
    // A folder called ci holds what the release bot runs with: its secrets are real.
    ['ci/github-app.env', 'source'],
  ])('%s is %s', (path, context) => {
    expect(contextOf(path)).toBe(context);
  });

  it('reads a code generator header in the first lines only', () => {
    expect(hasGeneratedHeader('// Code generated by protoc-gen-connect-go. DO NOT EDIT.\n//\n// Source: api/v1/user.proto\n\npackage apiv1\n')).toBe(true);
    expect(hasGeneratedHeader('/* @generated by graphql-codegen */\nexport type Query = {};\n')).toBe(true);
    expect(hasGeneratedHeader('// <auto-generated>\n//   This code was generated by a tool.\n// </auto-generated>\n')).toBe(true);
    expect(hasGeneratedHeader(`package main\n\n${'// filler\n'.repeat(200)}// Code generated by hand. DO NOT EDIT.\n`)).toBe(false);
    expect(hasGeneratedHeader('# DO NOT EDIT: managed by the platform team\nAPI_TOKEN=x\n')).toBe(false);
  });

  it('reads a Go build constraint that compiles a file only for tests', () => {
    for (const header of ['//go:build e2etest\n\npackage service\n', '//go:build integration && linux\n\npackage db\n', '// Copyright 2025 Acme\n\n//go:build mock\n\npackage client\n', '// +build e2e\n\npackage api\n', '// +build linux,integration\n\npackage api\n']) {
      expect(hasTestBuildConstraint(header), header).toBe(true);
      expect(headerContext(header), header).toBe('test');
    }
    for (const header of ['//go:build !e2etest\n\npackage service\n', '//go:build e2etest || dev\n\npackage service\n', '//go:build linux && amd64\n\npackage x\n', '// +build e2e linux\n\npackage api\n', 'package main\n\n// go:build e2e is how the tests are built\n']) {
      expect(hasTestBuildConstraint(header), header).toBe(false);
    }
    expect(headerContext('// Code generated by mockgen. DO NOT EDIT.\n//go:build e2e\npackage x\n')).toBe('generated');
    expect(headerContext('package main\n')).toBeUndefined();
  });

  it('knows a web page saved into test data', () => {
    const page = '<!DOCTYPE html><html lang="en-US"><head><title>Pepperoni Pizza Recipe</title>';
    expect(isCapturedPage('tests/data/html/pizza.html', page)).toBe(true);
    expect(isCapturedPage('spec/fixtures/pages/article.htm', `\uFEFF\n<!-- saved from url=(0045)https://news.example.org/a -->\n<html><head>`)).toBe(true);
    // The project's own page, a fragment in a test, a recording of an API: not a capture of a public page.
    expect(isCapturedPage('public/index.html', page)).toBe(false);
    expect(isCapturedPage('tests/templates/email.html', '<p>Hello {{ name }}</p>\n')).toBe(false);
    expect(isCapturedPage('tests/cassettes/pizza.yml', page)).toBe(false);
  });

  it('knows the files that deploy an installation as published', () => {
    for (const path of ['docker-compose.yml', 'deploy/compose.prod.yaml', 'Dockerfile', 'docker/api.dockerfile', 'Containerfile', 'charts/api/values.yaml', 'charts/api/values-prod.yaml']) expect(isDeploymentTemplate(path), path).toBe(true);
    for (const path of ['src/compose.ts', 'config/app.yml', 'docs/values.md']) expect(isDeploymentTemplate(path), path).toBe(false);
  });
});
