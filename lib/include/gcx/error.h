/* gcx/error.h - status codes and the error record every fallible call fills.
 *
 * Every fallible libgcx call returns a gcx_status (GCX_OK is 0). When the
 * caller passes a gcx_error, the call also fills in where and why it failed.
 * The error record uses fixed buffers, so reporting never allocates and works
 * when memory has run out. Status numbers never change once published.
 */
#ifndef GCX_ERROR_H
#define GCX_ERROR_H

#include <stddef.h>
#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gcx_status {
    GCX_OK = 0,
    GCX_E_NOMEM = 1,       /* an allocation failed */
    GCX_E_IO = 2,          /* read, write, open, rename or gzip failed */
    GCX_E_SYNTAX = 3,      /* input is not well-formed XML or JSON */
    GCX_E_LIMIT = 4,       /* a resource limit was exceeded (depth, size) */
    GCX_E_INVALID = 5,     /* well-formed but not acceptable (encoding,
                              duplicate key, convention violated) */
    GCX_E_USAGE = 6,       /* bad argument: path expression, option value */
    GCX_E_CONFIG = 7,      /* a mapping, profile or other config is bad */
    GCX_E_INTERNAL = 8     /* a bug: an invariant did not hold */
} gcx_status;

typedef enum gcx_severity {
    GCX_SEV_ERROR = 0,
    GCX_SEV_WARNING = 1,
    GCX_SEV_INFO = 2
} gcx_severity;

#define GCX_ERROR_FILE_MAX 512
#define GCX_ERROR_PATH_MAX 512
#define GCX_ERROR_MESSAGE_MAX 512

/* Where and why something failed. Zero line/column/record mean "unknown";
 * empty strings mean "not applicable". path is a JSON Pointer (for JSON
 * and canonical records) or an element path (for XML). */
typedef struct gcx_error {
    gcx_status code;
    gcx_severity severity;
    char file[GCX_ERROR_FILE_MAX];
    unsigned long line;
    unsigned long column;
    unsigned long long record;
    char path[GCX_ERROR_PATH_MAX];
    char message[GCX_ERROR_MESSAGE_MAX];
} gcx_error;

/* gcx_error_clear: reset err to "no error" (code GCX_OK, all fields empty).
 * err may be NULL. */
void gcx_error_clear(gcx_error *err);

/* gcx_error_set: record code and a printf-style message in err (which may
 * be NULL) and return code, so callers can write
 *     return gcx_error_set(err, GCX_E_IO, "cannot open %s", name);
 * Position fields already set are kept; severity becomes GCX_SEV_ERROR. */
gcx_status gcx_error_set(gcx_error *err, gcx_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
gcx_status gcx_error_setv(gcx_error *err, gcx_status code, const char *fmt,
                          va_list ap);

/* gcx_error_at: set the position fields (file may be NULL to keep it). */
void gcx_error_at(gcx_error *err, const char *file, unsigned long line,
                  unsigned long column);

/* gcx_error_set_path: set the field path (NULL clears it). */
void gcx_error_set_path(gcx_error *err, const char *path);

/* gcx_status_name: stable short name of a status ("io", "syntax", ...).
 * gcx_status_text: one-line English description. Both return static
 * strings; unknown codes give "unknown". */
const char *gcx_status_name(gcx_status code);
const char *gcx_status_text(gcx_status code);

/* gcx_error_format: write the diagnostic line
 *     FILE:LINE:COL: error: [record N: ][at PATH: ]MESSAGE
 * into buf (always NUL-terminated, truncated to size). Missing parts are
 * left out ("FILE: error: ..." when the line is unknown). Returns the
 * length the full text would have, like snprintf. */
int gcx_error_format(const gcx_error *err, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
