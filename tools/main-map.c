/* tools/main-map.c - main() of gcx-map: calls the run function. */
#include "common.h"

int main(int argc, char **argv)
{
    return gcxt_map_run(argc, argv, stdout, stderr);
}
