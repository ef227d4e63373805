/* lib/error.c - status names and the gcx_error record.
 *
 * Filling an error never allocates, so it works when memory has run out.
 */
#include "internal.h"

#include <stdio.h>

void gcx_error_clear(gcx_error *err)
{
    if (!err)
        return;
    err->code = GCX_OK;
    err->severity = GCX_SEV_ERROR;
    err->file[0] = '\0';
    err->line = 0;
    err->column = 0;
    err->record = 0;
    err->path[0] = '\0';
    err->message[0] = '\0';
}

gcx_status gcx_error_setv(gcx_error *err, gcx_status code, const char *fmt,
                          va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    err->severity = GCX_SEV_ERROR;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return code;
}

gcx_status gcx_error_set(gcx_error *err, gcx_status code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    gcx_error_setv(err, code, fmt, ap);
    va_end(ap);
    return code;
}

void gcx_error_at(gcx_error *err, const char *file, unsigned long line,
                  unsigned long column)
{
    if (!err)
        return;
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
    err->line = line;
    err->column = column;
}

void gcx_error_set_path(gcx_error *err, const char *path)
{
    if (!err)
        return;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
}

static const struct {
    const char *name;
    const char *text;
} status_info[] = {
    [GCX_OK] = {"ok", "success"},
    [GCX_E_NOMEM] = {"nomem", "out of memory"},
    [GCX_E_IO] = {"io", "input/output error"},
    [GCX_E_SYNTAX] = {"syntax", "input is not well-formed"},
    [GCX_E_LIMIT] = {"limit", "a resource limit was exceeded"},
    [GCX_E_INVALID] = {"invalid", "input is not acceptable"},
    [GCX_E_USAGE] = {"usage", "bad argument"},
    [GCX_E_CONFIG] = {"config", "bad configuration"},
    [GCX_E_INTERNAL] = {"internal", "internal error"},
};

const char *gcx_status_name(gcx_status code)
{
    if ((unsigned)code < sizeof status_info / sizeof status_info[0])
        return status_info[code].name;
    return "unknown";
}

const char *gcx_status_text(gcx_status code)
{
    if ((unsigned)code < sizeof status_info / sizeof status_info[0])
        return status_info[code].text;
    return "unknown";
}

static const char *severity_word(gcx_severity s)
{
    switch (s) {
    case GCX_SEV_WARNING:
        return "warning";
    case GCX_SEV_INFO:
        return "note";
    default:
        return "error";
    }
}

int gcx_error_format(const gcx_error *err, char *buf, size_t size)
{
    char where[GCX_ERROR_FILE_MAX + 48];
    char rec[48] = "";
    char path[GCX_ERROR_PATH_MAX + 8] = "";
    const char *msg;

    if (err->line && err->column)
        snprintf(where, sizeof where, "%s:%lu:%lu: ", err->file, err->line,
                 err->column);
    else if (err->line)
        snprintf(where, sizeof where, "%s:%lu: ", err->file, err->line);
    else if (err->file[0])
        snprintf(where, sizeof where, "%s: ", err->file);
    else
        where[0] = '\0';
    if (err->record)
        snprintf(rec, sizeof rec, "record %llu: ", err->record);
    if (err->path[0])
        snprintf(path, sizeof path, "at %s: ", err->path);
    msg = err->message[0] ? err->message : gcx_status_text(err->code);
    return snprintf(buf, size, "%s%s: %s%s%s", where,
                    severity_word(err->severity), rec, path, msg);
}
