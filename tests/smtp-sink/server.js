// A loopback SMTP server for the tests: every message it accepts is written to a folder as
// NNNN.eml (the raw message) and NNNN.json (envelope and mailparser's reading of it).
// Usage: node server.js <port or 0> <folder>. Prints "listening <port>" once it accepts connections.
'use strict';
const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');
const { toJson } = require('./parse');

const [portArg, folderArg] = process.argv.slice(2);
if (portArg === undefined || folderArg === undefined) {
  console.error('usage: node server.js <port> <folder>');
  process.exit(2);
}
const folder = path.resolve(folderArg);
fs.mkdirSync(folder, { recursive: true });
let count = 0;

// Written under a temporary name and renamed, so a reader never sees half a file.
function writeAtomically(file, data) {
  fs.writeFileSync(file + '.tmp', data);
  fs.renameSync(file + '.tmp', file);
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  banner: 'Klynge test sink',
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', async () => {
      try {
        const raw = Buffer.concat(chunks);
        const parsed = await simpleParser(raw);
        const name = String(++count).padStart(4, '0');
        const json = toJson(parsed);
        json.envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        writeAtomically(path.join(folder, name + '.eml'), raw);
        writeAtomically(path.join(folder, name + '.json'), JSON.stringify(json, null, 2));
        callback();
      } catch (err) {
        callback(err);
      }
    });
  },
});

server.on('error', (err) => {
  console.error('smtp sink: ' + err.message);
  process.exit(1);
});
server.listen(Number(portArg), '127.0.0.1', () => {
  console.log('listening ' + server.server.address().port);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
