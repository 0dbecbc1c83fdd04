#include <zlib.h>

// inflateInit2 is a macro; Swift sees only functions.
static inline int czlib_inflate_init2(z_stream *stream, int window_bits) {
    return inflateInit2(stream, window_bits);
}
