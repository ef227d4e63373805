/* gcx/version.h - the library's version. */
#ifndef GCX_VERSION_H
#define GCX_VERSION_H
#ifdef __cplusplus
extern "C" {
#endif
/* gcx_version: "MAJOR.MINOR.PATCH" of the library (static string). */
const char *gcx_version(void);
#ifdef __cplusplus
}
#endif
#endif
