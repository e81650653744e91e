package dev.jdock.daemon.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountTest {
    private static Mount mount(String raw) {
        return Mount.parse(raw, s -> s, true);
    }

    private static String error(String raw) {
        return assertThrows(ParseFailure.class, () -> mount(raw)).getMessage();
    }

    @Test
    void secretAndSsh_options() {
        Mount s = mount("type=secret,id=npm,target=/root/.npmrc,required,env=TOKEN,mode=0400,uid=1");
        assertTrue(s.required());
        assertTrue(s.readOnly());
        assertEquals("TOKEN", s.env());
        assertEquals(0400, s.mode());
        assertTrue(mount("type=ssh,required=true").required());
        assertEquals("unexpected key 'required' for mount type 'bind'", error("target=/a,required"));
        assertEquals("secret mount should not have a from", error("type=secret,id=a,from=x"));
        assertEquals("secret mount should not define sharing", error("type=secret,id=a,sharing=locked"));
        assertEquals("invalid secret mount. one of source, target required", error("type=secret"));
        assertEquals("both source and id can't be set", error("type=secret,source=a,id=b"));
    }

    @Test
    void tmpfsSize() {
        assertEquals(64L << 20, mount("type=tmpfs,target=/t,size=64m").sizeLimit());
        assertEquals(1536L, mount("type=tmpfs,target=/t,size=1.5kb").sizeLimit());
        assertEquals("invalid value for size: lots", error("type=tmpfs,target=/t,size=lots"));
        assertEquals("unexpected key 'size' for mount type 'cache'", error("type=cache,target=/t,size=1m"));
    }

    @Test
    void csvQuoting() {
        assertEquals(List.of("a", "b,c", "d\"e"), Mount.csv("a,\"b,c\",\"d\"\"e\""));
        assertEquals("failed to parse csv mounts: parse error on line 1, column 4: bare \" in non-quoted-field",
                error("tar\"get=/a"));
    }

    @Test
    void fromWithVariable_isRefused() {
        assertEquals("'from' doesn't support variable expansion, define alias stage instead",
                error("type=cache,target=/a,from=$X-y"));
        assertFalse(mount("type=cache,target=/a,from=stage$").readOnly());
    }

    @Test
    void keysAreCaseInsensitive() {
        Mount m = mount("Type=cache,TARGET=/c,Sharing=PRIVATE");
        assertEquals("cache", m.type());
        assertEquals("private", m.sharing());
    }
}
