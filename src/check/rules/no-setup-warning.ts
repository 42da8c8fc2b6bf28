import { defineRule } from '../rule.js';
import { setupIssues } from './no-setup-error.js';

export default defineRule({
  id: 'no-setup-warning',
  category: 'suspicious',
  severity: 'warning',
  scope: 'block',
  description: "A plugin's setup accepts the directive but warns about it.",
  docs:
    'Some plugins start but log a warning about their configuration (deprecated syntax, ignored values). ' +
    'CoreDNS runs, but the configuration probably does not do what was meant.',
  messages: {
    setup: '{message}',
  },
  create(ctx) {
    const { model } = ctx;
    const validate = model.catalog.validateSetup;
    return {
      CoreBlock(b) {
        if (!validate) return;
        for (const { name, first, issue } of setupIssues(b, validate, model.filename)) {
          if (issue.severity !== 'warning') continue;
          ctx.report({ token: issue.token ?? first, messageId: 'setup', data: { message: `plugin/${name}: ${issue.message}` } });
        }
      },
    };
  },
});
