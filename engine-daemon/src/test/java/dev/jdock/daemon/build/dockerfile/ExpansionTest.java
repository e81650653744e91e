package dev.jdock.daemon.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which instructions Docker expands, and how. */
class ExpansionTest {
    private static final Lookup VARS = Lookup.of(Map.of("V", "1.0", "P", "80 443", "D", "/app", "U", "nobody"));

    private static Instruction x(String line) {
        return InstructionsTest.one(line).expanded(VARS);
    }

    @Test
    void expandedInstructions() {
        assertEquals(List.of(new KeyValue("A", "1.0"), new KeyValue("B", "x 1.0")),
                ((Env) x("ENV A=$V B=\"x ${V}\"")).pairs());
        assertEquals(List.of(new KeyValue("A", "1.0 z")), ((Env) x("ENV A $V z")).pairs());
        assertEquals(List.of(new KeyValue("v", "1.0")), ((Label) x("LABEL v=$V")).pairs());
        assertEquals(List.of(new Arg.Definition("B", "x y")), ((Arg) x("ARG B=\"x y\"")).args());
        assertEquals(List.of("80", "443", "9"), ((Expose) x("EXPOSE $P 9")).ports());
        assertEquals(List.of("/app/data"), ((Volume) x("VOLUME $D/data")).paths());
        assertEquals("nobody", ((User) x("USER $U")).user());
        assertEquals("/app/src", ((Workdir) x("WORKDIR ${D}/src")).path());
        assertEquals("SIG1.0", ((StopSignal) x("STOPSIGNAL SIG$V")).signal());
        Copy c = (Copy) x("COPY --chown=$U a-$V 'b' $D/");
        assertEquals(List.of("a-1.0", "b"), c.sources());
        assertEquals("/app/", c.dest());
        assertEquals("nobody", c.chown());
        assertEquals("img:1.0", ((From) DockerfileTest.parse("FROM img:$V").instructions().get(0).expanded(VARS))
                .image());
    }

    @Test
    void notExpandedInstructions_returnThemselves() {
        for (String line : List.of("RUN echo $V", "CMD $V", "ENTRYPOINT $V", "HEALTHCHECK CMD $V",
                "ONBUILD RUN $V", "SHELL [\"$V\"]", "MAINTAINER $V")) {
            Instruction i = InstructionsTest.one(line);
            assertSame(i, i.expanded(VARS), line);
            assertEquals(Set.of(), i.references(), line);
        }
    }

    @Test
    void references_listTheVariablesAStepUses() {
        assertEquals(Set.of("V", "W"), InstructionsTest.one("ENV A=$V B=${W:-x}").references());
        assertEquals(Set.of("P"), InstructionsTest.one("EXPOSE $P").references());
        assertEquals(Set.of("U", "D"), InstructionsTest.one("COPY --chown=$U a $D/").references());
        assertEquals(Set.of(), InstructionsTest.one("COPY '$X' b").references());
    }

    @Test
    void escapeDirective_appliesToExpansion() {
        Dockerfile d = DockerfileTest.parse("# escape=`\nFROM x\nWORKDIR `$D\\x");
        Workdir w = (Workdir) d.expand(d.instructions().get(1), VARS);
        assertEquals("$D\\x", w.path());
        assertEquals(Set.of(), d.references(d.instructions().get(1)));
    }

    @Test
    void copyShellForm_splitsAtWhitespaceBeforeQuotes_asDocker() {
        assertEquals("dockerfile parse error line 2: failed to process \"\\\"b\": unexpected end of statement while"
                + " looking for matching double-quote", assertThrows(EngineException.class,
                        () -> x("COPY \"b c\" /d/")).getMessage());
    }

    @Test
    void expansionErrors_carryTheLine() {
        assertEquals("dockerfile parse error line 2: failed to process \"${V\": syntax error: missing '}'",
                assertThrows(EngineException.class, () -> x("WORKDIR ${V")).getMessage());
    }
}
