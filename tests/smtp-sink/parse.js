// Reads an .eml file with mailparser and prints what the tests check as JSON.
// Usage: node parse.js <file.eml>. server.js uses toJson for the messages it receives.
'use strict';
const fs = require('fs');
const { simpleParser } = require('mailparser');

function toJson(parsed) {
  const first = parsed.to && parsed.to.value && parsed.to.value[0];
  return {
    subject: parsed.subject || null,
    from: parsed.from ? parsed.from.value[0].address : null,
    fromName: parsed.from ? parsed.from.value[0].name : null,
    to: first ? first.address : null,
    toName: first ? first.name : null,
    text: parsed.text || null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    kind: parsed.headers.get('x-klynge-kind') || null,
    attachments: (parsed.attachments || []).map((a) => ({
      fileName: a.filename || null,
      contentType: a.contentType,
      method: a.contentType === 'text/calendar' && a.method ? a.method : null,
      content: a.content.toString('base64'),
    })),
  };
}

module.exports = { toJson };

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node parse.js <file.eml>');
    process.exit(2);
  }
  simpleParser(fs.readFileSync(file)).then(
    (parsed) => process.stdout.write(JSON.stringify(toJson(parsed))),
    (err) => {
      console.error(err.message);
      process.exit(1);
    });
}
