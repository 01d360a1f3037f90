/* Streaming serialisation of a document built section by section (issue 11): each
 * complete subtree is written by libxml2's own serialiser and freed at once, so that memory
 * holds a section of the statement, not the whole statement.
 *
 * The bytes are exactly those libxml2 writes for the whole document: the start tag of the
 * element whose children stream (and whatever precedes it), the text between two children
 * and the end (and whatever follows it) are cut from libxml2's own output for that element
 * with two placeholder children.  Two serialisers are served:
 *  - XML (xmlNodeDumpOutput, indented): a child's bytes do not depend on its siblings, so
 *    every complete child is written at once, with the separator between children.
 *  - HTML (htmlNodeDumpFormatOutput): the newline after an element depends on its next
 *    sibling, so a child is written only once the next one exists ("one behind"), while
 *    still in the tree; the last when the stream ends.  The children of the streaming
 *    element must be elements (as the HTML writer's sections are).
 *
 * Ownership: the stream borrows the document and the FILE; the caller frees the document
 * after owed_xml_stream_end.  Nodes written are unlinked from the document and freed.
 * Errors: every function returns 0, or -1 once any write or allocation has failed (the
 * stream then writes nothing more; the output so far is incomplete, and the caller reports
 * the error: with -o the target is not replaced). */
#ifndef OWED_XML_STREAM_H
#define OWED_XML_STREAM_H

#include <stdio.h>

#include <libxml/tree.h>

#define OWED_XML_STREAM_DEPTH 4

typedef struct owed_xml_stream_level {
    xmlNodePtr node;  /* the open element: its children stream */
    char *separator;  /* written between two children (XML) */
    char *close;      /* written after the last child */
    int level;        /* the indentation level of the children (XML) */
    size_t written;   /* children written so far */
} owed_xml_stream_level;

typedef struct owed_xml_stream {
    xmlOutputBufferPtr out;
    FILE *fp;
    int io_errno;     /* the errno of the first failed write to fp, 0 when none */
    xmlDocPtr doc;
    int html;
    int failed;
    int depth;
    owed_xml_stream_level lv[OWED_XML_STREAM_DEPTH];
} owed_xml_stream;

/* Starts the stream: `open` is an element of `doc` with its attributes (the root element
 * for XML, the body for HTML); everything in the document before it, and its children so
 * far, must be complete.  Writes the document up to open's next child, and frees the
 * children it wrote. */
int owed_xml_stream_begin(owed_xml_stream *s, FILE *fp, xmlDocPtr doc, xmlNodePtr open,
                          int html);

/* Writes the complete children of the innermost open element and frees them: all of them
 * for XML, all but the last for HTML (it is written once its next sibling exists). */
int owed_xml_stream_flush(owed_xml_stream *s);

/* XML only: `node`, the innermost open element's last child, with its attributes and no
 * children yet, becomes the open element: what precedes it is flushed, its start tag is
 * written, and its own children stream until owed_xml_stream_close. */
int owed_xml_stream_open(owed_xml_stream *s, xmlNodePtr node);

/* Flushes the innermost open element's children (all of them), writes its end tag and frees
 * it (the outermost is closed by owed_xml_stream_end). */
int owed_xml_stream_close(owed_xml_stream *s);

/* Writes every remaining child and the end of the document; flushes and releases the
 * output.  Returns -1 when anything failed on the way; after a failed write errno is the
 * write's (libxml2 is never told: it would print the error itself). */
int owed_xml_stream_end(owed_xml_stream *s);

/* Releases the stream's memory after a failure or when it is abandoned. */
void owed_xml_stream_abandon(owed_xml_stream *s);

#endif
