/* tools/main-convert.c - main() of gcx-convert: calls the run function. */
#include "common.h"

int main(int argc, char **argv)
{
    return gcxt_convert_run(argc, argv, stdout, stderr);
}
