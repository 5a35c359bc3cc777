// The one operation Swift's SIMD types do not lower well: gathering the high bit of each of 16 bytes into an
// integer (`pmovmskb` on x86-64, a narrowing shift on ARM). Everything else of the SAE structural index (loads,
// compares, masks, the prefix XOR) is written in Swift with its SIMD types; this header only names the
// instruction. It is `static inline`, so the Swift optimiser inlines it into the scanning loop.
#ifndef CSIMD_SUPPORT_H
#define CSIMD_SUPPORT_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif

/// Sixteen bytes; Swift imports this type as `SIMD16<UInt8>`.
typedef uint8_t csimd_bytes16 __attribute__((ext_vector_type(16)));

/// Bit i of the result is the high bit of byte i.
static inline __attribute__((always_inline)) uint32_t csimd_movemask16(csimd_bytes16 bytes) {
#if defined(__SSE2__)
    return (uint32_t)_mm_movemask_epi8((__m128i)bytes);
#elif defined(__ARM_NEON)
    // Each byte's high bit, shifted to its lane's place within its half, then the halves' lanes added.
    static const int8_t shifts[16] = {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7};
    uint8x16_t weighted = vshlq_u8(vshrq_n_u8((uint8x16_t)bytes, 7), vld1q_s8(shifts));
    return (uint32_t)vaddv_u8(vget_low_u8(weighted)) | ((uint32_t)vaddv_u8(vget_high_u8(weighted)) << 8);
#else
    uint32_t mask = 0;
    for (int index = 0; index < 16; index++) mask |= (uint32_t)(bytes[index] >> 7) << index;
    return mask;
#endif
}

#endif
