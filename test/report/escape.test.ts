import { expect } from 'chai';
import MarkdownIt from 'markdown-it';
import {
  annotationData,
  annotationProperty,
  markdownCode,
  markdownText,
  printable,
  shellComment,
  shellQuote,
  withoutWorkflowCommands,
} from '../../src/report/escape';

const ORDINARY = [
  'histories/tenant-provisioning/real-failure-createOwnerMembership.json',
  'provisionTenant',
  'step 3 applyTenantMigrations × activity-failed',
  'activity-timeout:start-to-close',
];

/** The escaping of history content, output kind by output kind (src/report/escape.ts). */
describe('escaping history content', () => {
  it('is the identity on ordinary names (reports of an ordinary corpus do not change)', () => {
    for (const text of ORDINARY) {
      expect(printable(text)).to.equal(text);
      expect(withoutWorkflowCommands(text)).to.equal(text);
      expect(markdownCode(text)).to.equal(text);
    }
    expect(markdownText('provisionTenant')).to.equal('provisionTenant');
  });

  it('terminal: control characters as visible escapes, line and paragraph separators and bidi overrides too', () => {
    expect(printable('a\nb\r\x1b[31mc\x07\x00\u2028\u202e')).to.equal('a\\nb\\r\\e[31mc\\x07\\x00\\u2028\\u202e');
    expect(printable('tab\tstays')).to.equal('tab\tstays');
  });

  it('stdout/stderr: no line starts a GitHub workflow command, even after blanks; the older ##[ form is broken', () => {
    expect(withoutWorkflowCommands('ok\n::set-output name=x::y\n   ::add-mask::s\nmid ::x::')).to.equal(
      'ok\n\\::set-output name=x::y\n   \\::add-mask::s\nmid ::x::',
    );
    expect(withoutWorkflowCommands('x ##[set-output name=a;]b')).to.equal('x ##\\[set-output name=a;]b');
  });

  it('annotations: message and property escaped as @actions/core does (%, CR, LF; and : , in properties)', () => {
    expect(annotationData('50% done\r\nnext')).to.equal('50%25 done%0D%0Anext');
    expect(annotationProperty('a:b,c')).to.equal('a%3Ab%2Cc');
  });

  it('shell: one quoted word whatever it holds; a comment is one line', () => {
    expect(shellQuote("it's $(rm -rf /) `x`")).to.equal("'it'\\''s $(rm -rf /) `x`'");
    expect(shellComment('name\ntouch PWNED')).to.equal('# name\\ntouch PWNED');
  });

  it('Markdown: no heading, list, link, image, autolink, HTML or code span comes out of text', () => {
    const md = new MarkdownIt({ html: true, linkify: true });
    const hostile = [
      '# h',
      '- item',
      '1. item',
      '> quote',
      '![i](p.png)',
      '[l](x)',
      '<https://e.x>',
      'https://e.x/p',
      'www.e.x',
      'a@e.x',
      '<script>x</script>',
      '`code`',
      '*em* _em_',
      'a | b',
      'line\r# cr heading',
      '~~s~~',
      '$x$',
    ];
    for (const text of hostile) {
      const html = md.render(`- ${markdownText(text)}\n`);
      expect(html, text).not.to.match(/<(h\d|a|img|script|code|em|strong|blockquote|ol|del|table)[\s>]/);
      expect(html.match(/<li>/g), text).to.have.length(1);
    }
    expect(md.renderInline(`\`${markdownCode('a`b\nc')}\``)).to.equal("<code>a'b c</code>");
  });
});
