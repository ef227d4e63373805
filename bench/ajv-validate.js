// bench/ajv-validate.js SCHEMA FILE - make bench (validation part): what a
// Node user would write with ajv to validate canonical records: compile
// the generated JSON Schema (draft 2020-12) with Ajv2020 in strict mode,
// plus ajv-formats for "email", "date" and "date-time", read the NDJSON
// FILE line by line with readline and validate each record. Prints the
// counts ("records N valid N invalid N") on stdout and the first few
// errors on stderr; exit 0 when every record is valid, 1 when some is
// not, 2 on a usage or schema error.
'use strict';
const fs = require('fs');
const readline = require('readline');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

if (process.argv.length !== 4) {
    process.stderr.write('usage: node ajv-validate.js SCHEMA FILE\n');
    process.exit(2);
}
let validate;
try {
    const ajv = new Ajv2020({ strict: true, allErrors: false });
    addFormats(ajv, ['email', 'date', 'date-time']);
    validate = ajv.compile(
        JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
} catch (e) {
    process.stderr.write(`ajv-validate: ${process.argv[2]}: ${e.message}\n`);
    process.exit(2);
}

const MAX_SHOWN = 5;
let records = 0;
let valid = 0;
let invalid = 0;
const rl = readline.createInterface({
    input: fs.createReadStream(process.argv[3]),
    crlfDelay: Infinity,
});
rl.on('line', (line) => {
    if (line === '')
        return;
    records++;
    let ok = false;
    try {
        ok = validate(JSON.parse(line));
    } catch (e) {
        validate.errors = [{ instancePath: '', message: e.message }];
    }
    if (ok) {
        valid++;
    } else {
        invalid++;
        if (invalid <= MAX_SHOWN)
            process.stderr.write(`record ${records}: ` +
                `${JSON.stringify(validate.errors.slice(0, 3))}\n`);
    }
});
rl.on('close', () => {
    process.stdout.write(
        `records ${records} valid ${valid} invalid ${invalid}\n`);
    process.exitCode = invalid ? 1 : 0;
});
