/* tools/main-xml2json.c - main() of gcx-xml2json: calls the run function. */
#include "common.h"

int main(int argc, char **argv)
{
    return gcxt_xml2json_run(argc, argv, stdout, stderr);
}
