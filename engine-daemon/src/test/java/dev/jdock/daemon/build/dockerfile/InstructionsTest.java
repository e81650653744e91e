package dev.jdock.daemon.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionsTest {
    /** The instruction on line 2, after {@code FROM x}. */
    static Instruction one(String line) {
        return DockerfileTest.parse("FROM x\n" + line).instructions().get(1);
    }

    static String error(String line) {
        return assertThrows(EngineException.class, () -> one(line)).getMessage();
    }

    @Test
    void from_imageStageAndPlatform() {
        From f = (From) DockerfileTest.parse("FROM --platform=linux/amd64 golang:1.22 AS Build").instructions().get(0);
        assertEquals(new From(1, "FROM --platform=linux/amd64 golang:1.22 AS Build", "golang:1.22", "build",
                "linux/amd64"), f);
        assertEquals(new From(1, "FROM scratch", "scratch", null, null),
                DockerfileTest.parse("FROM scratch").instructions().get(0));
    }

    @Test
    void from_badArguments() {
        assertEquals("dockerfile parse error line 1: FROM requires either one or three arguments",
                DockerfileTest.error("FROM a b"));
        assertEquals("dockerfile parse error line 1: FROM requires either one or three arguments",
                DockerfileTest.error("FROM"));
        assertEquals("dockerfile parse error line 1: invalid name for build stage: \"1st\", name can't start with"
                + " a number or contain symbols", DockerfileTest.error("FROM a AS 1st"));
        assertEquals("dockerfile parse error line 1: unknown flag: plat", DockerfileTest.error("FROM --plat=x a"));
    }

    @Test
    void run_shellAndExecForms() {
        assertEquals(List.of("echo hi"), ((Run) one("RUN echo hi")).command());
        Run exec = (Run) one("RUN [\"/bin/echo\", \"a b\", \"\\u0041\"]");
        assertEquals(List.of("/bin/echo", "a b", "A"), exec.command());
        assertFalse(exec.shellForm());
        Run bad = (Run) one("RUN [\"echo\", 'x']");
        assertTrue(bad.shellForm());
        assertEquals(List.of("[\"echo\", 'x']"), bad.command());
        assertEquals("dockerfile parse error line 2: when using JSON array syntax, arrays must be comprised of"
                + " strings only", error("CMD [\"a\", 1]"));
    }

    @Test
    void run_networkAndSecurity() {
        Run r = (Run) one("RUN --network=none --security=insecure true");
        assertEquals("none", r.network());
        assertEquals("insecure", r.security());
        assertEquals(List.of("true"), r.command());
        assertEquals("dockerfile parse error line 2: unsupported network mode \"bridge\"",
                error("RUN --network=bridge true"));
        assertEquals("dockerfile parse error line 2: unknown flag: foo", error("RUN --foo true"));
        assertEquals("dockerfile parse error line 2: missing a value on flag: network", error("RUN --network true"));
    }

    @Test
    void run_mounts() {
        Run r = (Run) one("RUN --mount=type=cache,target=/root/.cache,id=pip,sharing=locked "
                + "--mount=type=bind,source=.,target=/src,rw --mount=type=tmpfs,dst=/tmp pip install");
        assertEquals(3, r.mounts().size());
        Mount cache = r.mounts().get(0);
        assertEquals("cache", cache.type());
        assertEquals("/root/.cache", cache.target());
        assertEquals("pip", cache.id());
        assertEquals("locked", cache.sharing());
        assertFalse(cache.readOnly());
        Mount bind = r.mounts().get(1);
        assertEquals(".", bind.source());
        assertFalse(bind.readOnly());
        assertEquals("/tmp", r.mounts().get(2).target());
        Mount plain = ((Run) one("RUN --mount=target=/x true")).mounts().get(0);
        assertEquals("bind", plain.type());
        assertTrue(plain.readOnly());
    }

    @Test
    void run_mountErrors() {
        assertEquals("dockerfile parse error line 2: unsupported mount type \"nfs\"", error("RUN --mount=type=nfs x"));
        assertEquals("dockerfile parse error line 2: unexpected key 'foo' in 'foo=1'",
                error("RUN --mount=target=/a,foo=1 x"));
        assertEquals("dockerfile parse error line 2: invalid field 'bar' must be a key=value pair",
                error("RUN --mount=target=/a,bar x"));
        assertEquals("dockerfile parse error line 2: invalid cache sharing set for bind mount",
                error("RUN --mount=target=/a,sharing=locked x"));
        assertEquals("dockerfile parse error line 2: mode not allowed for \"bind\" type mounts",
                error("RUN --mount=type=bind,target=/a,mode=0700 x"));
        assertEquals("dockerfile parse error line 2: uid not allowed for \"tmpfs\" type mounts",
                error("RUN --mount=type=tmpfs,target=/a,uid=1 x"));
        assertEquals("dockerfile parse error line 2: invalid value abc for uid",
                error("RUN --mount=type=cache,target=/a,uid=abc x"));
        assertEquals(0700, ((Run) one("RUN --mount=type=cache,target=/a,mode=0700,uid=1,gid=2 x")).mounts().get(0)
                .mode());
        assertEquals("dockerfile parse error line 2: invalid value for ro: maybe",
                error("RUN --mount=target=/a,ro=maybe x"));
    }

    @Test
    void run_mountVariables_expandWithTheStep() {
        Run r = (Run) one("RUN --mount=type=cache,target=$DIR,uid=$UID true");
        assertNull(r.mounts().get(0).target());
        assertEquals(java.util.Set.of("DIR", "UID"), r.references());
        Run x = (Run) r.expanded(Lookup.of(java.util.Map.of("DIR", "/c", "UID", "7")));
        assertEquals("/c", x.mounts().get(0).target());
        assertEquals(7L, x.mounts().get(0).uid());
        assertEquals("dockerfile parse error line 2: invalid value z for uid",
                assertThrows(EngineException.class, () -> r.expanded(Lookup.of(java.util.Map.of("UID", "z"))))
                        .getMessage());
    }

    @Test
    void cmdAndEntrypoint_forms() {
        assertEquals(new Cmd(2, "CMD [\"a\",\"b\"]", List.of("a", "b"), false), one("CMD [\"a\",\"b\"]"));
        assertEquals(new Cmd(2, "CMD a b", List.of("a b"), true), one("CMD a b"));
        assertEquals(new Entrypoint(2, "ENTRYPOINT []", List.of(), false), one("ENTRYPOINT []"));
        assertEquals(new Cmd(2, "CMD", List.of(), true), one("CMD"));
    }

    @Test
    void shell_requiresJson() {
        assertEquals(List.of("/bin/bash", "-c"), ((Shell) one("SHELL [\"/bin/bash\", \"-c\"]")).shell());
        assertEquals("dockerfile parse error line 2: SHELL requires the arguments to be in JSON form",
                error("SHELL /bin/bash -c"));
        assertEquals("dockerfile parse error line 2: SHELL requires at least one argument", error("SHELL []"));
    }

    @Test
    void copy_flagsSourcesDest() {
        Copy c = (Copy) one("COPY --from=build --chown=1:2 --chmod=755 --link a b* /dst/");
        assertEquals(new Copy(2, c.original(), List.of("a", "b*"), List.of(), "/dst/", "build", "1:2", "755", true),
                c);
        Copy json = (Copy) one("COPY [\"a b\", \"/x y/\"]");
        assertEquals(List.of("a b"), json.sources());
        assertEquals("/x y/", json.dest());
        assertEquals("dockerfile parse error line 2: COPY requires at least two arguments, but only one was "
                + "provided. Destination could not be determined.", error("COPY a"));
        assertEquals("dockerfile parse error line 2: unknown flag: checksum", error("COPY --checksum=x a b"));
        assertEquals("dockerfile parse error line 2: expecting boolean value for flag link, not: yes",
                error("COPY --link=yes a b"));
        assertEquals("dockerfile parse error line 2: duplicate flag specified: from",
                error("COPY --from=a --from=b a b"));
    }

    @Test
    void add_flags() {
        Add a = (Add) one("ADD --checksum=sha256:abc --keep-git-dir=true https://x/y.tar /z");
        assertEquals("sha256:abc", a.checksum());
        assertTrue(a.keepGitDir());
        assertFalse(a.link());
        assertEquals("dockerfile parse error line 2: unknown flag: from", error("ADD --from=a b c"));
    }

    @Test
    void env_bothForms() {
        assertEquals(List.of(new KeyValue("A", "b c")), ((Env) one("ENV A b c")).pairs());
        assertEquals(List.of(new KeyValue("A", "1"), new KeyValue("B", "\"x y\""), new KeyValue("C", "")),
                ((Env) one("ENV A=1 B=\"x y\" C=")).pairs());
        assertEquals(List.of(new KeyValue("A", "x\\ y")), ((Env) one("ENV A=x\\ y")).pairs());
        assertEquals("dockerfile parse error line 2: ENV must have two arguments", error("ENV A"));
        assertEquals("dockerfile parse error line 2: Syntax error - can't find = in \"B\". Must be of the form: "
                + "name=value", error("ENV A=1 B"));
        assertEquals("dockerfile parse error line 2: ENV names can not be blank", error("ENV =1"));
        assertEquals("dockerfile parse error line 2: ENV requires at least one argument", error("ENV"));
    }

    @Test
    void label_pairs() {
        assertEquals(List.of(new KeyValue("\"a.b\"", "\"v 1\"")), ((Label) one("LABEL \"a.b\"=\"v 1\"")).pairs());
        assertEquals("dockerfile parse error line 2: LABEL must have two arguments", error("LABEL a"));
    }

    @Test
    void arg_nameAndDefault() {
        assertEquals(List.of(new Arg.Definition("A", null), new Arg.Definition("B", "1"),
                new Arg.Definition("C", "\"x y\"")), ((Arg) one("ARG A B=1 C=\"x y\"")).args());
        assertEquals("dockerfile parse error line 2: ARG names can not be blank", error("ARG =x"));
        assertEquals("dockerfile parse error line 2: ARG requires at least one argument", error("ARG"));
    }

    @Test
    void exposeVolumeUserWorkdirStopsignalMaintainer() {
        assertEquals(List.of("443/tcp", "80"), ((Expose) one("EXPOSE 80 443/tcp")).ports());
        assertEquals(List.of("/a", "/b"), ((Volume) one("VOLUME /a /b")).paths());
        assertEquals(List.of("/a b"), ((Volume) one("VOLUME [\"/a b\"]")).paths());
        assertEquals("app:app", ((User) one("USER app:app")).user());
        assertEquals("/a b", ((Workdir) one("WORKDIR /a b")).path());
        assertEquals("SIGQUIT", ((StopSignal) one("STOPSIGNAL SIGQUIT")).signal());
        assertEquals("Jane <j@x>", ((Maintainer) one("MAINTAINER Jane <j@x>")).name());
        assertEquals("dockerfile parse error line 2: USER requires exactly one argument", error("USER"));
        assertEquals("dockerfile parse error line 2: EXPOSE requires at least one argument", error("EXPOSE"));
        assertEquals("dockerfile parse error line 2: VOLUME specified can not be an empty string",
                error("VOLUME [\"\"]"));
    }

    @Test
    void healthcheck_optionsAndForms() {
        Healthcheck h = (Healthcheck) one("HEALTHCHECK --interval=5s --timeout=1m30s --start-period=1.5s "
                + "--start-interval=500ms --retries=3 CMD curl -f http://localhost/");
        assertEquals(List.of("CMD-SHELL", "curl -f http://localhost/"), h.test());
        assertEquals(Duration.ofSeconds(5), h.interval());
        assertEquals(Duration.ofSeconds(90), h.timeout());
        assertEquals(Duration.ofMillis(1500), h.startPeriod());
        assertEquals(Duration.ofMillis(500), h.startInterval());
        assertEquals(3, h.retries());
        assertEquals(List.of("CMD", "true"), ((Healthcheck) one("HEALTHCHECK CMD [\"true\"]")).test());
        assertTrue(((Healthcheck) one("HEALTHCHECK none")).none());
    }

    @Test
    void healthcheck_errors() {
        assertEquals("dockerfile parse error line 2: HEALTHCHECK NONE takes no arguments", error("HEALTHCHECK NONE x"));
        assertEquals("dockerfile parse error line 2: Unknown type \"RUN\" in HEALTHCHECK (try CMD)",
                error("HEALTHCHECK RUN x"));
        assertEquals("dockerfile parse error line 2: Missing command after HEALTHCHECK CMD", error("HEALTHCHECK CMD"));
        assertEquals("dockerfile parse error line 2: --retries must be at least 1 (not 0)",
                error("HEALTHCHECK --retries=0 CMD x"));
        assertEquals("dockerfile parse error line 2: time: invalid duration \"abc\"",
                error("HEALTHCHECK --interval=abc CMD x"));
        assertEquals("dockerfile parse error line 2: time: missing unit in duration \"5\"",
                error("HEALTHCHECK --interval=5 CMD x"));
        assertEquals("dockerfile parse error line 2: Interval \"interval\" cannot be less than 1ms",
                error("HEALTHCHECK --interval=10us CMD x"));
        assertEquals("dockerfile parse error line 2: strconv.ParseInt: parsing \"x\": invalid syntax",
                error("HEALTHCHECK --retries=x CMD x"));
        assertEquals("dockerfile parse error line 2: HEALTHCHECK requires at least one argument", error("HEALTHCHECK"));
    }

    @Test
    void onbuild_holdsTriggerAndRawText() {
        Onbuild o = (Onbuild) one("ONBUILD COPY --chown=1 . /app");
        assertEquals("COPY --chown=1 . /app", o.expression());
        assertEquals("1", ((Copy) o.trigger()).chown());
        assertEquals(2, o.trigger().line());
        assertEquals("dockerfile parse error line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
                error("ONBUILD ONBUILD RUN x"));
        assertEquals("dockerfile parse error line 2: FROM isn't allowed as an ONBUILD trigger", error("onbuild from x"));
        assertEquals("dockerfile parse error line 2: MAINTAINER isn't allowed as an ONBUILD trigger",
                error("ONBUILD MAINTAINER x"));
        assertEquals("dockerfile parse error line 2: ONBUILD requires at least one argument", error("ONBUILD"));
    }

    @Test
    void flags_quotesAndDoubleDash() {
        Copy c = (Copy) one("COPY --chown=\"a b\" -- --x /y");
        assertEquals("a b", c.chown());
        assertEquals(List.of("--x"), c.sources());
        assertEquals("dockerfile parse error line 2: missing a value on flag: from", error("COPY --from a b"));
        assertEquals("", ((Copy) one("COPY --from= a b")).from());
    }
}
