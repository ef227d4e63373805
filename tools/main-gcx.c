/* tools/main-gcx.c - main() of gcx: calls the run function. */
#include "common.h"

int main(int argc, char **argv)
{
    return gcxt_dispatch_run(argc, argv, stdout, stderr);
}
