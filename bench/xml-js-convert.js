// bench/xml-js-convert.js FILE - make bench: what a Node user would write
// with xml-js: read the whole file, convert it with
// xml2json(text, {compact: false}) and write the JSON to stdout.
'use strict';
const fs = require('fs');
const convert = require('xml-js');

const text = fs.readFileSync(process.argv[2], 'utf8');
process.stdout.write(convert.xml2json(text, { compact: false }));
