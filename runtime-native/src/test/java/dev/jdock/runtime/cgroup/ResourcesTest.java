package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResourcesTest {
    @Test
    void effectiveMemorySwap_isTwiceTheMemory_saturatingInsteadOfOverflowing() {
        assertEquals(128L << 20, Resources.builder().memory(64L << 20).build().effectiveMemorySwap());
        assertEquals(Long.MAX_VALUE, Resources.builder().memory(1L << 62).build().effectiveMemorySwap());
        assertEquals(Long.MAX_VALUE, Resources.builder().memory(Long.MAX_VALUE).build().effectiveMemorySwap());
        assertEquals(-1, Resources.builder().memory(64L << 20).memorySwap(-1).build().effectiveMemorySwap());
        assertEquals(0, Resources.builder().build().effectiveMemorySwap());
    }
}
