// SwiftPM needs one source file in a C target; the functions are `static inline` in the header.
#include "CSIMDSupport.h"
