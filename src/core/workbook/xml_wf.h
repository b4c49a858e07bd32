/* A fast check that a part libxlsxwriter wrote is well-formed XML
 * (private to the workbook layer).
 *
 * Every part of a workbook we write is parsed as it is packed (xlsx_tmp.h)
 * before the file may take its name.  expat does that at about 150 MB/s;
 * the 27 MB of sheets of a 10,000-initiative summary took 0.2 s of CPU,
 * the largest cost of the export that bare libxlsxwriter does not have.
 * The parts libxlsxwriter writes use a small corner of XML: the
 * declaration, elements with ASCII names, double- or single-quoted
 * attributes, text, the five predefined entities and character
 * references.  This checker reads exactly that corner, at several times
 * expat's speed, and checks in it every well-formedness rule of XML 1.0
 * that can apply there: UTF-8 and the Char production, names, matching
 * end tags, one root, unique attributes, no '<' in values, only known
 * references, no "]]>" in text.  Anything outside the corner (a comment,
 * CDATA, a DOCTYPE, a processing instruction, a non-ASCII name, an
 * unusual declaration) and anything not well formed is not judged: the
 * answer is SK_XWF_UNSURE and the caller asks expat instead, so the
 * checker can only make a check faster, never looser.  tests/test_xml_wf.c
 * holds it against expat on real parts and thousands of damaged ones. */
#ifndef SANGKIEN_XML_WF_H
#define SANGKIEN_XML_WF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sk_xwf sk_xwf;

typedef enum {
    SK_XWF_MORE,      /* consistent so far: feed more */
    SK_XWF_OK,        /* after the final chunk: well formed */
    SK_XWF_UNSURE,    /* outside what this checker judges, or not well formed */
} sk_xwf_result;

sk_xwf *sk_xwf_new(void);
void sk_xwf_free(sk_xwf *w);

/* The next len bytes of the document; final with the last (len may be 0).
 * Once UNSURE, always UNSURE. */
sk_xwf_result sk_xwf_feed(sk_xwf *w, const char *data, size_t len, bool final);

/* The root element's name once its start tag has been read, else NULL. */
const char *sk_xwf_root(const sk_xwf *w);

#endif
