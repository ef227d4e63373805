/* tools/main-diff.c - main() of gcx-diff: calls the run function. */
#include "common.h"

int main(int argc, char **argv)
{
    return gcxt_diff_run(argc, argv, stdout, stderr);
}
