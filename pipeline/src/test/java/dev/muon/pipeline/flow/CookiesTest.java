package dev.muon.pipeline.flow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CookiesTest {
    @Test
    void aCookieTellsTheKindOfItsObject() {
        long router = Cookies.of(Cookies.Kind.ROUTER, "r1");
        assertTrue(Cookies.isKind(router, Cookies.Kind.ROUTER));
        assertFalse(Cookies.isKind(router, Cookies.Kind.FLOATING_IP));
        assertFalse(Cookies.isKind(Cookies.of(Cookies.Kind.PORT, "r1"), Cookies.Kind.ROUTER));
        // not Muon's: a cookie someone else set, with the router's kind bits but no tag
        assertFalse(Cookies.isKind(router & ~(0xffffL << 48), Cookies.Kind.ROUTER));
        assertNotEquals(router, Cookies.of(Cookies.Kind.ROUTER, "r2"));
    }
}
