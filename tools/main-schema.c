/* tools/main-schema.c - main() of gcx-schema: calls the run function. */
#include "common.h"

int main(int argc, char **argv)
{
    return gcxt_schema_run(argc, argv, stdout, stderr);
}
