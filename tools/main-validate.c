/* tools/main-validate.c - main() of gcx-validate: calls the run function. */
#include "common.h"

int main(int argc, char **argv)
{
    return gcxt_validate_run(argc, argv, stdout, stderr);
}
