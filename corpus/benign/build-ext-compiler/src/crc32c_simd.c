#include <nmmintrin.h>
#include <stddef.h>

unsigned int crc32c_simd(unsigned int crc, const unsigned char *buf, ptrdiff_t len) {
    crc = ~crc;
    for (ptrdiff_t i = 0; i < len; i++) crc = _mm_crc32_u8(crc, buf[i]);
    return ~crc;
}
