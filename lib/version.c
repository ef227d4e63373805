/* lib/version.c - the library's version string. */
#include "internal.h"

#include <gcx/version.h>

const char *gcx_version(void)
{
    return PACKAGE_VERSION;
}
