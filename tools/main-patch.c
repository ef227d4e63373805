/* tools/main-patch.c - main() of gcx-patch: calls the run function. */
#include "common.h"

int main(int argc, char **argv)
{
    return gcxt_patch_run(argc, argv, stdout, stderr);
}
