/* tools/main-json2xml.c - main() of gcx-json2xml: calls the run function. */
#include "common.h"

int main(int argc, char **argv)
{
    return gcxt_json2xml_run(argc, argv, stdout, stderr);
}
