/* tools/main-canon.c - main() of gcx-canon: calls the run function. */
#include "common.h"

int main(int argc, char **argv)
{
    return gcxt_canon_run(argc, argv, stdout, stderr);
}
