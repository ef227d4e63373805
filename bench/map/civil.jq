# bench/map/civil.jq - make bench (bench/map.sh): the jq program a user
# would write instead of bench/map/bh-cpr-registry-plain.map. On the plain
# NDJSON form of bench/gen-registry (--format plain) it writes the same
# canonical person records as gcx-map with that mapping, one a line,
# members in the same order, provenance included (the mapping's name and
# version, the input name as given, the record number):
#
#   jq -n -c -f civil.jq persons.plain.ndjson
#
# The same rules: a missing or empty value writes no member, an object
# left empty is not written; a record without a cpr, or with a birth date
# not shaped yyyy-MM-dd, is left out with a message on stderr (gcx-map
# rejects it).

# text: a scalar as text (numbers as written, booleans), else null
def text: if type == "string" then . elif type == "number"
    or type == "boolean" then tostring else null end;
# prune: drop the members that are missing or empty
def prune: reduce to_entries[] as $e ({};
    if $e.value == null or $e.value == "" then . else .[$e.key] = $e.value
    end);
# orNull: an empty object or array is not written
def orNull: if . == {} or . == [] then null else . end;
# items: an array's items; a single object counts as one item
def items: if type == "array" then .[] elif type == "object" then .
    else empty end;
# parts(l): name.l from the items of names with that lang; each member
# is the first match over those items (as the mapping's path reads it)
def parts($l): [.names | items | select(.lang == $l)]
    | if . == [] then null else
        {given: (map(.first | text | values)[0]),
         father: (map(.father | text | values)[0]),
         family: (map(.family | text | values)[0])} | prune | orNull
      end;

def person($n):
  (.cpr | text) as $cpr
  | (.birthDate | text) as $birth
  | if $cpr == null or $cpr == "" then
      "record \($n): no cpr\n" | stderr | empty
    elif $birth != null and $birth != ""
        and ($birth | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$") | not) then
      "record \($n): birth date \($birth) is not yyyy-MM-dd\n"
      | stderr | empty
    else
      {
        schemaVersion: "1.0",
        recordType: "person",
        identifiers: [{scheme: "BH-CPR", value: $cpr, state: "BH"}],
        name: ({ar: parts("ar"), en: parts("en")}
            | prune | orNull),
        birthDate: $birth,
        nationality: (.nationality | text),
        phones: ([.phones | items
            | {type: (.type | text), number: (.number | text)}
            | prune | orNull | values] | orNull),
        addresses: [{type: "home", building: (.address.block | text),
            road: (.address.road | text),
            city: ({ar: (.address.city | text)} | prune | orNull),
            country: "BHR"} | prune],
        provenance: {mapping: "bench-bh-cpr-person-plain",
            mappingVersion: "1.0", input: input_filename, record: $n}
      } | prune
    end;

foreach inputs as $r (0; . + 1; . as $n | $r | person($n))
