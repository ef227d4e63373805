/* gcx/gcx.h - everything public in libgcx, in one include. */
#ifndef GCX_GCX_H
#define GCX_GCX_H
#include <gcx/error.h>
#include <gcx/limits.h>
#include <gcx/alloc.h>
#include <gcx/buf.h>
#include <gcx/io.h>
#include <gcx/json.h>
#include <gcx/json_in.h>
#include <gcx/json_out.h>
#include <gcx/xml_in.h>
#include <gcx/xml_out.h>
#include <gcx/xmljson.h>
#include <gcx/rules.h>
#include <gcx/schema.h>
#include <gcx/canon_xml.h>
#include <gcx/canon.h>
#include <gcx/validate.h>
#include <gcx/xsd.h>
#include <gcx/extsort.h>
#include <gcx/diff.h>
#include <gcx/jsonpatch.h>
#include <gcx/delta.h>
#include <gcx/version.h>
#endif
