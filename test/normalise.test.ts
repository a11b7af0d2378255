import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnose } from '../src/diagnosis';
import { normalise } from '../src/diagnosis/normalise';

describe('normalise', () => {
  describe('Teams HTML', () => {
    it('turns paragraphs and line breaks into lines and removes mentions', () => {
      assert.equal(
        normalise('<p><at id="0">Mailflow Doctor</at> please check</p><p>Event ID: 2004<br>Level: Information</p>'),
        'please check\nEvent ID: 2004\nLevel: Information\n',
      );
    });

    it('keeps <pre> and <code> content line by line', () => {
      assert.equal(
        normalise('<pre><code>Thumbprint : BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E\nServices   : IMAP, POP, IIS, SMTP</code></pre>'),
        'Thumbprint : BBA9F942B32F3E0F6E0C4E735BD1F38D4C06612E\nServices   : IMAP, POP, IIS, SMTP\n',
      );
    });

    it('decodes entities, and encoded <I>…<S>… survives as text', () => {
      assert.equal(
        normalise('<p>TlsCertificateName : &lt;I&gt;CN=Contoso CA, DC=contoso, DC=com&lt;S&gt;CN=mail.contoso.com &amp; more&nbsp;text &quot;q&quot; &#39;s&#39;</p>'),
        `TlsCertificateName : <I>CN=Contoso CA, DC=contoso, DC=com<S>CN=mail.contoso.com & more text "q" 's'\n`,
      );
    });

    it('does not turn the HTML source newlines between paragraphs into blank lines', () => {
      // A blank line would split one Format-List record into two.
      assert.equal(normalise('<p>Thumbprint : AB</p>\n<p>Services : SMTP</p>'), 'Thumbprint : AB\nServices : SMTP\n');
      assert.equal(normalise('<div>Thumbprint : AB<br>\nServices : SMTP</div>'), 'Thumbprint : AB\nServices : SMTP\n');
    });

    it('keeps an empty paragraph as a blank line (record separator)', () => {
      assert.equal(normalise('<p>Name : A</p><p>&nbsp;</p><p>Name : B</p>'), 'Name : A\n\nName : B\n');
    });

    it('keeps indentation sent as non-breaking spaces', () => {
      assert.equal(normalise('<p>AccessRules : {A,<br>&nbsp;&nbsp;&nbsp;&nbsp;B}</p>'), 'AccessRules : {A,\n    B}\n');
    });

    it('removes Teams emoji and attachment elements', () => {
      assert.equal(normalise('<p>help <emoji id="smile" alt="🙂" title="Smile"></emoji></p><attachment id="1"></attachment>'), 'help\n');
    });

    it('keeps an unencoded <I>CN=…<S>CN=… inside HTML', () => {
      assert.equal(normalise('<p>TlsCertificateName : <I>CN=CA<S>CN=mail.contoso.com</p>'), 'TlsCertificateName : <I>CN=CA<S>CN=mail.contoso.com\n');
    });
  });

  describe('plain text', () => {
    it('leaves <I>…<S>… and <MessageID> untouched', () => {
      const text = 'TlsCertificateName : <I>CN=Contoso CA<S>CN=mail.contoso.com\nmessage ID <MessageID> was acknowledged';
      assert.equal(normalise(text), text);
      assert.equal(normalise('<i>CN=CA<s>CN=mail'), '<i>CN=CA<s>CN=mail');
    });

    it('leaves comparison signs and ampersands alone', () => {
      assert.equal(normalise('x < y and z > w, A & B'), 'x < y and z > w, A & B');
    });

    it('turns CRLF and CR into LF', () => {
      assert.equal(normalise('a\r\nb\rc\n'), 'a\nb\nc\n');
    });

    it('folds full-width digits, spaces and punctuation typed with a Japanese IME', () => {
      assert.equal(normalise('SMTP 応答 ４５４　４．７．０：UntrustedRoot'), 'SMTP 応答 454 4.7.0:UntrustedRoot');
    });

    it('removes zero-width characters and the BOM', () => {
      assert.equal(normalise('\uFEFF45\u200B4 4.7\u200D.0\u2060'), '454 4.7.0');
    });

    it('straightens smart quotes', () => {
      assert.equal(normalise('Get-SendConnector \u201COutbound to Office 365\u201D \u2018x\u2019'), `Get-SendConnector "Outbound to Office 365" 'x'`);
    });

    it('removes PowerShell prompts and keeps the command', () => {
      assert.equal(
        normalise('[PS] C:\\Windows\\system32>Get-ExchangeCertificate | fl\nPS C:\\Users\\admin> Get-SendConnector\nPS> Get-Queue'),
        'Get-ExchangeCertificate | fl\nGet-SendConnector\nGet-Queue',
      );
    });

    it('replaces lone surrogates and never throws on odd input', () => {
      assert.equal(normalise('a\uD800b\uDC00c'), 'a\uFFFDb\uFFFDc');
      assert.equal(normalise(''), '');
      assert.equal(normalise(undefined), '');
      assert.equal(normalise(42), '');
    });

    it('trims trailing spaces but keeps leading indentation', () => {
      assert.equal(normalise('Key   : value   \n      wrapped  '), 'Key   : value\n      wrapped');
    });
  });
});

describe('normalise: entities without HTML elements', () => {
  it('decodes them and keeps the lines (an Event Viewer XML view)', () => {
    assert.equal(
      normalise('<EventData>\n  <Data>&lt;08DC1A2B@EX01.contoso.com&gt;</Data>\n  <Data>454 4.7.0 Failed</Data>\n</EventData>'),
      '<EventData>\n  <Data><08DC1A2B@EX01.contoso.com></Data>\n  <Data>454 4.7.0 Failed</Data>\n</EventData>',
    );
  });
});

describe('normalised once, diagnosed as is', () => {
  it('a Teams paste whose text mentions <b> keeps its certificate list when the bot passes normalised text on', () => {
    const list = fs.readFileSync(path.join(__dirname, 'fixtures', 'kb2888788', 'certs-fl.txt'), 'utf8');
    const html = `<p>why does &lt;b&gt; show up?</p><pre>${list.replace(/\n/g, '<br>')}</pre>`;
    const once = normalise(html);
    const thumbprints = diagnose(once, { normalised: true }).extracted.certificates.map((c) => c.thumbprint);
    assert.equal(thumbprints.length, 4);
  });
});
